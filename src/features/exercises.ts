import * as vscode from 'vscode';
import { CommandId, ViewId } from '../constants';
import type { CheckResult, Exercise } from '../exercises/types';
import type { ExerciseFile, ExerciseService } from '../services/exercises';
import { Disposable } from '../util/dispose';

/**
 * CodeLens on an exercise's file: Check (with the last verdict beside it), Hint n of m, Reset, Show
 * solution, and the lesson it practises. Only files inside a scaffolded exercises folder get them.
 */
export class ExerciseLens extends Disposable implements vscode.CodeLensProvider {
	private readonly changed = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeCodeLenses = this.changed.event;

	constructor(private readonly exercises: ExerciseService) {
		super();
		this._register(exercises.onDidChange(() => this.changed.fire()));
	}

	async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
		const found = await this.exercises.locate(document.uri);
		if (!found) {
			return [];
		}
		const { exercise } = found;
		const top = new vscode.Range(0, 0, 0, 0);
		const lens = (title: string, command: string, args: unknown[] = [document.uri], tooltip?: string) =>
			new vscode.CodeLens(top, { title, command, arguments: args, tooltip });
		const state = this.exercises.stateOf(exercise.id);
		const last = this.exercises.lastResult(exercise.id);
		const shown = this.exercises.hintsShown(exercise.id);
		return [
			lens(state === 'checking' ? '$(loading~spin) Checking…' : '$(play) Check', CommandId.CheckExercise, [document.uri], exercise.measures),
			...(last ? [lens(verdictTitle(last), CommandId.ShowExerciseResult, [exercise.id], last.summary)] : []),
			lens(`$(lightbulb) Hint ${Math.min(shown + 1, exercise.hints.length)} of ${exercise.hints.length}`, CommandId.ExerciseHint),
			lens('$(discard) Reset', CommandId.ResetExercise),
			lens('$(eye) Show solution', CommandId.ShowExerciseSolution),
			lens('$(book) Lesson', CommandId.OpenLesson, exercise.lesson.split('#')),
		];
	}
}

function verdictTitle(result: CheckResult): string {
	if (result.status === 'pass') {
		return result.staticOnly ? '$(pass) Passed (analyzer only)' : '$(pass-filled) Passed';
	}
	const part = { static: 'analyzer', correctness: 'results', measure: 'measure', run: 'run' }[result.failed ?? 'run'];
	return result.status === 'error' ? '$(warning) Could not check' : `$(error) Failing: ${part}`;
}

/** The commands of the exercises, for registerCommands. */
export function exerciseCommands(exercises: ExerciseService): [CommandId, (...args: never[]) => unknown][] {
	/** The exercise a command is about: a file URI (CodeLens, tests), a tree item (an Exercise), else the active editor. */
	const target = async (arg: unknown): Promise<ExerciseFile | undefined> => {
		if (arg && typeof arg === 'object' && 'id' in arg && 'file' in arg) {
			const root = await exercises.root();
			return root && exercises.locate(exercises.fileOf(arg as Exercise, root));
		}
		const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
		const found = uri && (await exercises.locate(uri));
		if (!found) {
			void vscode.window.showInformationMessage('Open one of the exercise files first (Concurrency Lens: Start Exercises puts them in a folder of yours).');
		}
		return found;
	};
	const open = async (exercise: Exercise) => {
		const root = await exercises.root();
		return root && vscode.window.showTextDocument(exercises.fileOf(exercise, root));
	};
	return [
		[
			CommandId.StartExercises,
			async (folder?: vscode.Uri) => {
				const picked =
					folder instanceof vscode.Uri
						? folder
						: (
								await vscode.window.showOpenDialog({
									canSelectFolders: true,
									canSelectFiles: false,
									openLabel: 'Put the exercises here',
									title: 'Where should the exercises go?',
								})
							)?.[0];
				if (!picked) {
					return undefined;
				}
				const report = await exercises.start(picked);
				// The view starts collapsed below the lessons: show it now that it has something to show.
				await vscode.commands.executeCommand(`${ViewId.Exercises}.focus`);
				const kept = report.kept.length ? ` ${report.kept.length} files already there were kept as they were.` : '';
				void vscode.window.showInformationMessage(
					`Exercises: ${report.created.length} files written to ${picked.fsPath}.${kept} Fix each file until its Check passes.`,
				);
				const first = await exercises.next();
				if (first) {
					await open(first);
				}
				return report;
			},
		],
		[
			CommandId.CheckExercise,
			async (arg?: unknown) => {
				const found = await target(arg);
				if (!found) {
					return undefined;
				}
				const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === found.file.toString());
				if (document?.isDirty) {
					// Saving checks it (check on save); without that setting, check what is on disk after the save.
					await document.save();
				}
				const result = await exercises.check(found);
				if (result.status === 'pass') {
					const next = await exercises.next(found.exercise.id);
					const choice = await vscode.window.showInformationMessage(`Passed: ${found.exercise.title}. ${result.summary}`, ...(next ? ['Next Exercise'] : []));
					if (choice && next) {
						await open(next);
					}
				}
				return result;
			},
		],
		[CommandId.ShowExerciseResult, () => exercises.showReports()],
		[
			CommandId.ExerciseHint,
			async (arg?: unknown) => {
				const found = await target(arg);
				if (!found) {
					return undefined;
				}
				const hint = await exercises.nextHint(found.exercise);
				void vscode.window.showInformationMessage(`Hint ${hint.number} of ${found.exercise.hints.length}: ${hint.text}`);
				return hint;
			},
		],
		[
			CommandId.ResetExercise,
			async (arg?: unknown) => {
				const found = await target(arg);
				const answer =
					found &&
					(await vscode.window.showWarningMessage(
						`Put the starter code back into ${found.exercise.file}? Your changes to it are lost.`,
						{ modal: true },
						'Reset',
					));
				if (found && answer === 'Reset') {
					await exercises.reset(found);
					return true;
				}
				return false;
			},
		],
		[
			CommandId.ShowExerciseSolution,
			async (arg?: unknown) => {
				const found = await target(arg);
				const answer =
					found &&
					(await vscode.window.showWarningMessage(
						'Show the reference solution? A hint first teaches more.',
						{ modal: true, detail: `${exercises.hintsShown(found.exercise.id)} of ${found.exercise.hints.length} hints seen.` },
						'Show Solution',
					));
				if (found && answer === 'Show Solution') {
					await vscode.commands.executeCommand('vscode.diff', exercises.solutionOf(found.exercise), found.file, `${found.exercise.file}: solution ↔ yours`);
					return true;
				}
				return false;
			},
		],
		[
			CommandId.NextExercise,
			async (arg?: unknown) => {
				const current =
					arg instanceof vscode.Uri || arg === undefined
						? await exercises.locate(arg ?? vscode.window.activeTextEditor?.document.uri ?? vscode.Uri.file('/'))
						: undefined;
				const next = await exercises.next(current?.exercise.id);
				if (!next) {
					void vscode.window.showInformationMessage('Every exercise passes. Well done!');
					return undefined;
				}
				await open(next);
				return next.id;
			},
		],
	];
}
