import * as vscode from 'vscode';
import { LABS } from '../labs/catalog';
import type { Lab } from '../labs/types';
import type { Lesson } from '../lessons/types';
import { lessonState, mastery, type LessonState } from '../quiz/progress';
import { CommandId, ViewId } from '../constants';
import type { ContentService } from '../services/content';
import type { ProgressStore } from '../services/progress';
import { Disposable } from '../util/dispose';

type Node = ContinueNode | GroupNode | LessonNode | SectionNode | LabsNode | LabNode;

interface LabsNode {
	kind: 'labs';
}
interface LabNode {
	kind: 'lab';
	lab: Lab;
}
const LABS_NODE: LabsNode = { kind: 'labs' };
const RUNTIME_NAME = { node: 'Node', python: 'Python', go: 'Go' } as const;

interface ContinueNode {
	kind: 'continue';
	lesson: Lesson;
	section?: string;
}
interface GroupNode {
	kind: 'group';
	label: string;
	lessons: Lesson[];
}
interface LessonNode {
	kind: 'lesson';
	lesson: Lesson;
	group?: GroupNode;
}
interface SectionNode {
	kind: 'section';
	lesson: Lesson;
	section: { id: string; title: string };
	parent: LessonNode;
}

const STATE_ICON: Record<LessonState, vscode.ThemeIcon> = {
	'not-started': new vscode.ThemeIcon('book'),
	'in-progress': new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.blue')),
	read: new vscode.ThemeIcon('check', new vscode.ThemeColor('charts.blue')),
	'quiz-passed': new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
};
const STATE_LABEL: Record<LessonState, string> = { 'not-started': 'not started', 'in-progress': 'in progress', read: 'read', 'quiz-passed': 'quiz passed' };

/**
 * The Lessons view: "Continue where you left off", then lessons by group in course order, each with its
 * sections. Icons show progress (not started, in progress, read, quiz passed); `getParent` makes `reveal` work.
 */
export class LessonsTree extends Disposable implements vscode.TreeDataProvider<Node> {
	private readonly changed = this._register(new vscode.EventEmitter<Node | undefined>());
	readonly onDidChangeTreeData = this.changed.event;
	readonly view: vscode.TreeView<Node>;
	private groups: GroupNode[] = [];
	private lessonNodes = new Map<string, LessonNode>();

	constructor(
		private readonly content: ContentService,
		private readonly progress: ProgressStore,
	) {
		super();
		this.view = this._register(vscode.window.createTreeView(ViewId.Lessons, { treeDataProvider: this, showCollapseAll: true }));
		this._register(progress.onDidChange(() => this.changed.fire(undefined)));
	}

	/** Shows (and selects) a lesson in the view. */
	async reveal(lessonId: string): Promise<void> {
		await this.getChildren();
		const node = this.lessonNodes.get(lessonId);
		if (node && this.view.visible) {
			await this.view.reveal(node, { select: true, focus: false, expand: false });
		}
	}

	async getChildren(element?: Node): Promise<Node[]> {
		if (!element) {
			const { catalog } = await this.content.get();
			this.build(catalog.lessons);
			if (catalog.lessons.length === 0) {
				return []; // the welcome view explains
			}
			const last = this.progress.get().last;
			const lastLesson = last && catalog.get(last.lesson);
			const top: Node[] = lastLesson ? [{ kind: 'continue', lesson: lastLesson, section: last.section }] : [];
			return [...top, ...this.groups, LABS_NODE];
		}
		switch (element.kind) {
			case 'group':
				return element.lessons.map((l) => this.lessonNodes.get(l.id)!);
			case 'lesson':
				return element.lesson.sections.map((section) => ({ kind: 'section', lesson: element.lesson, section, parent: element }));
			case 'labs':
				return LABS.map((lab) => ({ kind: 'lab', lab }));
			case 'section':
			case 'continue':
			case 'lab':
				return [];
		}
	}

	getParent(element: Node): Node | undefined {
		return element.kind === 'lesson' ? element.group : element.kind === 'section' ? element.parent : element.kind === 'lab' ? LABS_NODE : undefined;
	}

	getTreeItem(element: Node): vscode.TreeItem {
		switch (element.kind) {
			case 'continue': {
				const item = new vscode.TreeItem(`Continue: ${element.lesson.title}`, vscode.TreeItemCollapsibleState.None);
				item.iconPath = new vscode.ThemeIcon('debug-continue');
				item.command = { title: 'Continue', command: CommandId.OpenLesson, arguments: [element.lesson.id, element.section] };
				item.tooltip = 'Continue where you left off';
				item.contextValue = 'continue';
				return item;
			}
			case 'group': {
				const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
				item.id = `group:${element.label}`;
				item.contextValue = 'group';
				return item;
			}
			case 'lesson':
				return this.lessonItem(element.lesson);
			case 'labs': {
				const item = new vscode.TreeItem('Labs: run it on your cores', vscode.TreeItemCollapsibleState.Collapsed);
				item.id = 'labs';
				item.iconPath = new vscode.ThemeIcon('beaker');
				item.tooltip = 'Bundled experiments that run on this machine and draw what was measured';
				item.contextValue = 'labs';
				item.accessibilityInformation = { label: 'Labs: run it on your cores' };
				return item;
			}
			case 'lab': {
				const [lessonId] = element.lab.lesson.split('#');
				const item = new vscode.TreeItem(element.lab.title, vscode.TreeItemCollapsibleState.None);
				item.id = `lab:${element.lab.id}`;
				item.iconPath = new vscode.ThemeIcon('beaker');
				item.description = RUNTIME_NAME[element.lab.runtime];
				item.tooltip = element.lab.notice;
				item.command = { title: 'Open lab', command: CommandId.OpenLesson, arguments: [lessonId, `lab-${element.lab.id}`] };
				item.contextValue = 'lab';
				item.accessibilityInformation = { label: `Lab: ${element.lab.title}, runs with ${RUNTIME_NAME[element.lab.runtime]}` };
				return item;
			}
			case 'section': {
				const item = new vscode.TreeItem(element.section.title, vscode.TreeItemCollapsibleState.None);
				item.id = `section:${element.lesson.id}#${element.section.id}`;
				item.iconPath = new vscode.ThemeIcon('symbol-string');
				item.command = { title: 'Open section', command: CommandId.OpenLesson, arguments: [element.lesson.id, element.section.id] };
				item.contextValue = 'section';
				return item;
			}
		}
	}

	private lessonItem(lesson: Lesson): vscode.TreeItem {
		const progress = this.progress.get();
		const state = lessonState(progress, lesson.id);
		const item = new vscode.TreeItem(`${lesson.order}. ${lesson.title}`, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = `lesson:${lesson.id}`;
		item.iconPath = STATE_ICON[state];
		item.description = state === 'not-started' ? undefined : STATE_LABEL[state];
		item.command = { title: 'Open lesson', command: CommandId.OpenLesson, arguments: [lesson.id] };
		item.contextValue = ['lesson', state, lesson.rules.length ? 'hasRules' : ''].filter(Boolean).join('.');
		item.accessibilityInformation = { label: `Lesson ${lesson.order}: ${lesson.title}, ${STATE_LABEL[state]}` };
		return item;
	}

	async resolveTreeItem(item: vscode.TreeItem, element: Node): Promise<vscode.TreeItem> {
		if (element.kind === 'lesson') {
			const { questions } = await this.content.get();
			const m = mastery(
				this.progress.get(),
				questions.filter((q) => q.lesson === element.lesson.id),
			);
			const best = this.progress.get().lessons[element.lesson.id]?.bestScore;
			const tooltip = new vscode.MarkdownString(`**${element.lesson.title}**\n\n${element.lesson.summary}\n\n`);
			tooltip.appendMarkdown(`Quiz: ${m.answered}/${m.total} answered, ${m.mastered} mastered${best !== undefined ? `, best score ${best}%` : ''}`);
			if (element.lesson.rules.length) {
				tooltip.appendMarkdown(`\n\nExplains: ${element.lesson.rules.map((r) => `\`${r}\``).join(', ')}`);
			}
			item.tooltip = tooltip;
		}
		return item;
	}

	private build(lessons: readonly Lesson[]): void {
		if (this.lessonNodes.size === lessons.length && lessons.every((l) => this.lessonNodes.has(l.id))) {
			return;
		}
		const byGroup = new Map<string, GroupNode>();
		this.lessonNodes = new Map();
		for (const lesson of lessons) {
			const label = lesson.group ?? 'Lessons';
			let group = byGroup.get(label);
			if (!group) {
				group = { kind: 'group', label, lessons: [] };
				byGroup.set(label, group);
			}
			group.lessons.push(lesson);
			this.lessonNodes.set(lesson.id, { kind: 'lesson', lesson, group });
		}
		this.groups = [...byGroup.values()];
	}
}
