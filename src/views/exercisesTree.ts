import * as vscode from 'vscode';
import { languageInfo } from '../analysis/languageIds';
import { ViewId } from '../constants';
import type { ExerciseState } from '../exercises/progress';
import type { Exercise } from '../exercises/types';
import type { ExerciseService } from '../services/exercises';
import { Disposable } from '../util/dispose';

const STATE_ICON: Record<ExerciseState | 'checking', vscode.ThemeIcon> = {
	'not-started': new vscode.ThemeIcon('circle-large-outline'),
	failing: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
	passing: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
	checking: new vscode.ThemeIcon('loading~spin'),
};
const STATE_LABEL: Record<ExerciseState | 'checking', string> = { 'not-started': 'not started', failing: 'failing', passing: 'passing', checking: 'checking…' };

/**
 * The Exercises view: every exercise in course order with its state (not started, failing, passing), its
 * language and, in the tooltip, the last check's verdict, what it measures and the lesson it practises.
 * Before the exercises are scaffolded the view shows its welcome content (a Start button).
 */
export class ExercisesTree extends Disposable implements vscode.TreeDataProvider<Exercise> {
	private readonly changed = this._register(new vscode.EventEmitter<Exercise | undefined>());
	readonly onDidChangeTreeData = this.changed.event;
	readonly view: vscode.TreeView<Exercise>;
	private root: vscode.Uri | undefined;

	constructor(
		private readonly exercises: ExerciseService,
		private readonly lessonTitle: (reference: string) => Promise<string | undefined>,
	) {
		super();
		this.view = this._register(vscode.window.createTreeView(ViewId.Exercises, { treeDataProvider: this }));
		this._register(exercises.onDidChange(() => this.changed.fire(undefined)));
	}

	async getChildren(element?: Exercise): Promise<Exercise[]> {
		if (element) {
			return [];
		}
		this.root = await this.exercises.root();
		// No root yet: an empty list lets the view's welcome content (the Start button) show.
		return this.root ? this.exercises.list() : [];
	}

	async getTreeItem(exercise: Exercise): Promise<vscode.TreeItem> {
		const state = this.exercises.stateOf(exercise.id);
		const item = new vscode.TreeItem(`${exercise.title}`, vscode.TreeItemCollapsibleState.None);
		item.id = exercise.id;
		item.iconPath = STATE_ICON[state];
		item.description = `${languageInfo(exercise.language).name} · ${STATE_LABEL[state]}`;
		item.contextValue = 'exercise';
		const last = this.exercises.lastResult(exercise.id);
		const lesson = (await this.lessonTitle(exercise.lesson)) ?? exercise.lesson;
		const tooltip = new vscode.MarkdownString(`**${exercise.title}**\n\n${exercise.measures}\n\n`);
		tooltip.appendMarkdown(last ? `Last check: ${last.status === 'pass' ? 'passed' : 'failed'}. ` : '');
		tooltip.appendText(last ? `${last.summary}\n\n` : '');
		tooltip.appendMarkdown(`Lesson: ${lesson}`);
		item.tooltip = tooltip;
		if (this.root) {
			item.command = { title: 'Open exercise', command: 'vscode.open', arguments: [this.exercises.fileOf(exercise, this.root)] };
		}
		return item;
	}
}
