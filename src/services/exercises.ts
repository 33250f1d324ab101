import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { SECTION } from '../config';
import { StateKey } from '../constants';
import { loadExercises } from '../exercises/catalog';
import { checkExercise } from '../exercises/check';
import { exerciseState, parseExerciseProgress, recordCheck, recordHint, type ExerciseProgress, type ExerciseState } from '../exercises/progress';
import { checkReport } from '../exercises/report';
import { exists, MARKER, resetExercise, scaffold, solutionFile, starterFile, type ScaffoldReport } from '../exercises/scaffold';
import { findToolchains, type Toolchains } from '../exercises/toolchains';
import type { CheckResult, Exercise } from '../exercises/types';
import { Disposable } from '../util/dispose';
import type { AnalysisService } from './analysis';
import type { LabService } from './labs';

export interface ExerciseFile {
	exercise: Exercise;
	/** The exercises folder the learner scaffolded (it holds the marker file). */
	root: vscode.Uri;
	file: vscode.Uri;
}

/**
 * The exercises for the extension: the bundled catalogue, the learner's exercises folder, checks (one at a
 * time, since two measured runs side by side would disturb each other; all stopped on dispose), and progress
 * in globalState (synced, like lesson progress; repaired when corrupt). The learner's code runs only in a
 * trusted workspace: in an untrusted one a check is the analyzer's alone, and says so.
 */
export class ExerciseService extends Disposable {
	private readonly changed = this._register(new vscode.EventEmitter<string | undefined>());
	/** Fires with an exercise id (its state or last result changed), or undefined (everything may have). */
	readonly onDidChange = this.changed.event;
	private catalogue: Promise<Exercise[]> | undefined;
	private toolchains: Promise<Toolchains> | undefined;
	private progressValue: ExerciseProgress | undefined;
	private readonly results = new Map<string, CheckResult>();
	private readonly running = new Set<string>();
	/** Checks queued behind another one and not started yet, by exercise. */
	private readonly waiting = new Map<string, Promise<CheckResult>>();
	private queue: Promise<unknown> = Promise.resolve();
	private readonly stop = new AbortController();
	/** Every check's full verdict, like a test runner's output: figures, timeline, what the code printed. */
	private readonly reports = this._register(vscode.window.createOutputChannel('Concurrency Lens: Exercises'));

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly state: vscode.Memento,
		private readonly analysis: AnalysisService,
		private readonly labs: LabService,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register({ dispose: () => this.stop.abort() });
		this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => (this.toolchains = undefined)));
		this._register(
			vscode.workspace.onDidSaveTextDocument((document) => {
				if (vscode.workspace.getConfiguration(SECTION).get<boolean>('exercises.checkOnSave', true)) {
					void this.locate(document.uri).then((found) => found && this.check(found));
				}
			}),
		);
	}

	get exercisesDir(): string {
		return vscode.Uri.joinPath(this.extensionUri, 'exercises').fsPath;
	}

	/** The bundled exercises in course order; a broken brief is logged and left out, never fatal. */
	list(): Promise<Exercise[]> {
		this.catalogue ??= loadExercises(this.exercisesDir).then(({ exercises, errors }) => {
			errors.forEach((e) => this.log.error(`exercise: ${e.message}`));
			return exercises;
		});
		return this.catalogue;
	}

	/** The folder the learner scaffolded the exercises into, when it still exists. */
	async root(): Promise<vscode.Uri | undefined> {
		const saved = this.state.get<string>(StateKey.ExerciseRoot);
		if (saved && (await exists(path.join(saved, MARKER)))) {
			return vscode.Uri.file(saved);
		}
		const [marker] = await vscode.workspace.findFiles(`**/${MARKER}`, '**/node_modules/**', 1);
		return marker && vscode.Uri.joinPath(marker, '..');
	}

	/** The exercise a file is, when it is `<root>/<id>/<file>` of a folder that holds the marker. */
	async locate(uri: vscode.Uri): Promise<ExerciseFile | undefined> {
		if (uri.scheme !== 'file') {
			return undefined;
		}
		const folder = path.dirname(uri.fsPath);
		const root = path.dirname(folder);
		const exercise = (await this.list()).find((e) => e.id === path.basename(folder) && e.file === path.basename(uri.fsPath));
		return exercise && (await exists(path.join(root, MARKER))) ? { exercise, root: vscode.Uri.file(root), file: uri } : undefined;
	}

	fileOf(exercise: Exercise, root: vscode.Uri): vscode.Uri {
		return vscode.Uri.joinPath(root, exercise.id, exercise.file);
	}

	solutionOf(exercise: Exercise): vscode.Uri {
		return vscode.Uri.file(solutionFile(this.exercisesDir, exercise));
	}

	progress(): ExerciseProgress {
		if (!this.progressValue) {
			const { progress, recovered } = parseExerciseProgress(this.state.get(StateKey.ExerciseProgress));
			if (recovered) {
				this.log.warn('saved exercise progress was damaged; kept what was readable');
			}
			this.progressValue = progress;
		}
		return this.progressValue;
	}

	stateOf(id: string): ExerciseState | 'checking' {
		return this.running.has(id) ? 'checking' : exerciseState(this.progress(), id);
	}

	lastResult(id: string): CheckResult | undefined {
		return this.results.get(id);
	}

	/** Writes the exercises into `root` (keeping every file already there) and remembers the folder. */
	async start(root: vscode.Uri): Promise<ScaffoldReport> {
		const report = await scaffold(root.fsPath, await this.list(), this.exercisesDir);
		await this.state.update(StateKey.ExerciseRoot, root.fsPath);
		this.changed.fire(undefined);
		return report;
	}

	/** Checks an exercise (after any check already running): the analyzer, the results, the measure. */
	check(target: ExerciseFile): Promise<CheckResult> {
		const { exercise } = target;
		// Saved three times while another check runs: one more check, of what is on disk when it starts.
		const waiting = this.waiting.get(exercise.id);
		if (waiting) {
			return waiting;
		}
		this.running.add(exercise.id);
		this.changed.fire(exercise.id);
		const run = this.queue.then(() => {
			this.waiting.delete(exercise.id);
			return this.runCheck(target);
		});
		this.waiting.set(exercise.id, run);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private async runCheck({ exercise, file }: ExerciseFile): Promise<CheckResult> {
		try {
			const timeoutS = vscode.workspace.getConfiguration(SECTION).get<number>('exercises.timeoutSeconds', 20);
			this.toolchains ??= this.labs.describe().then(findToolchains);
			const result = await checkExercise(exercise, path.dirname(file.fsPath), {
				exercisesDir: this.exercisesDir,
				toolchains: await this.toolchains,
				// The bundled rules as shipped: a rule the learner switched off in settings still counts here.
				analyze: (text, e) => this.analysis.analyzer.analyze(text, e.language),
				noRun: vscode.workspace.isTrusted ? undefined : 'this workspace is not trusted, and a check runs your code (trust the workspace to run it)',
				timeoutMs: Math.min(600, Math.max(1, timeoutS)) * 1000,
				signal: this.stop.signal,
			});
			await this.updateProgress((p) => recordCheck(p, result, Date.now()));
			// Set only once progress is saved: with no await from here to `finally`, the result, the progress
			// and the end of "checking" become visible together.
			this.results.set(exercise.id, result);
			this.reports.appendLine(`${new Date().toLocaleTimeString()}  ${checkReport(exercise, result)}\n`);
			return result;
		} finally {
			this.running.delete(exercise.id);
			this.changed.fire(exercise.id);
		}
	}

	showReports(): void {
		this.reports.show(true);
	}

	/** The next hint to show (1-based number and text); the count is remembered. */
	async nextHint(exercise: Exercise): Promise<{ number: number; text: string }> {
		const shown = this.progress().exercises[exercise.id]?.hints ?? 0;
		const number = Math.min(shown + 1, exercise.hints.length);
		await this.updateProgress((p) => recordHint(p, exercise.id, number));
		return { number, text: exercise.hints[number - 1] };
	}

	hintsShown(id: string): number {
		return this.progress().exercises[id]?.hints ?? 0;
	}

	/** Puts the starter back, through the editor when the file is open, so no unsaved buffer disagrees with the disk. */
	async reset(target: ExerciseFile): Promise<void> {
		const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.file.toString());
		if (!open) {
			await resetExercise(target.root.fsPath, target.exercise, this.exercisesDir);
			return;
		}
		const starter = await readFile(starterFile(this.exercisesDir, target.exercise), 'utf8');
		const edit = new vscode.WorkspaceEdit();
		edit.replace(open.uri, new vscode.Range(0, 0, open.lineCount, 0), starter);
		await vscode.workspace.applyEdit(edit);
		await open.save();
	}

	/** The exercise after `id` in course order that has not passed yet (wrapping round), if any. */
	async next(id?: string): Promise<Exercise | undefined> {
		const all = await this.list();
		const from = id ? all.findIndex((e) => e.id === id) + 1 : 0;
		return [...all.slice(from), ...all.slice(0, from)].find((e) => e.id !== id && exerciseState(this.progress(), e.id) !== 'passing');
	}

	private async updateProgress(change: (p: ExerciseProgress) => ExerciseProgress): Promise<void> {
		this.progressValue = change(this.progress());
		await this.state.update(StateKey.ExerciseProgress, this.progressValue);
	}
}
