import * as vscode from 'vscode';
import { languageForVscodeId } from './analysis/languageIds';
import type { Finding } from './analysis/types';
import { SECTION, readConfig } from './config';
import { CommandId } from './constants';
import type { FindingsStore } from './features/findingsStore';
import type { LiveAnalysis } from './features/liveAnalysis';
import { scanWorkspace, showScanSummary } from './features/scanWorkspace';
import { disableRule, ignoreFinding } from './features/suppressions';
import { lessonState } from './quiz/progress';
import { questionsFromFinding } from './quiz/fromFinding';
import type { AnalysisService } from './services/analysis';
import type { ContentService } from './services/content';
import type { LabService } from './services/labs';
import { LABS, findLab } from './labs/catalog';
import type { ProgressStore } from './services/progress';
import { exerciseCommands } from './features/exercises';
import type { ExerciseService } from './services/exercises';
import type { ExampleDocuments } from './views/exampleDocuments';
import type { LessonPanels } from './views/lessonPanel';
import type { QuizPanel } from './views/quizPanel';

export interface CommandDeps {
	content: ContentService;
	progress: ProgressStore;
	analysis: AnalysisService;
	findings: FindingsStore;
	live: LiveAnalysis;
	lessons: LessonPanels;
	quiz: QuizPanel;
	examples: ExampleDocuments;
	labs: LabService;
	exercises: ExerciseService;
	log: vscode.LogOutputChannel;
}

/** Registers every command; the returned disposable unregisters them all. */
export function registerCommands(d: CommandDeps): vscode.Disposable {
	const commands: [CommandId, (...args: never[]) => unknown][] = [
		[
			CommandId.OpenLesson,
			async (lessonId?: string | { lesson?: unknown }, section?: string) => {
				// An Exercises tree item (an exercise, whose `lesson` is `id#section`), an id (links, tests), or nothing.
				const [fromItem, itemSection] = typeof lessonId === 'object' && typeof lessonId.lesson === 'string' ? lessonId.lesson.split('#') : [];
				const id = fromItem ?? (typeof lessonId === 'string' ? lessonId : await pickLesson(d, 'Open a lesson'));
				const target = itemSection ?? (typeof section === 'string' ? section : undefined);
				return id ? d.lessons.open(id, target) : undefined;
			},
		],
		[
			CommandId.ContinueLearning,
			async () => {
				const { catalog } = await d.content.get();
				const last = d.progress.get().last;
				const target =
					last && catalog.get(last.lesson) ? last : (catalog.lessons.find((l) => lessonState(d.progress.get(), l.id) !== 'quiz-passed') ?? catalog.lessons[0]);
				return target && d.lessons.open('lesson' in target ? target.lesson : target.id, 'section' in target ? target.section : undefined);
			},
		],
		[
			CommandId.OpenQuiz,
			async (arg?: string | { lesson?: { id: string } }) => {
				const id = typeof arg === 'string' ? arg : (arg?.lesson?.id ?? (await pickLesson(d, 'Quiz me on a lesson')));
				return id && d.quiz.startLesson(id);
			},
		],
		[CommandId.QuizAll, () => d.quiz.startAll()],
		[CommandId.QuizFromFinding, (uri?: string, line?: number, ruleId?: string) => quizFromFinding(d, uri, line, ruleId)],
		[CommandId.OpenExample, (lessonId: string, exampleId: string) => d.examples.open(lessonId, exampleId)],
		[
			CommandId.ResetProgress,
			async () => {
				const answer = await vscode.window.showWarningMessage('Reset all Concurrency Lens progress (lessons read, quiz scores)?', { modal: true }, 'Reset');
				if (answer === 'Reset') {
					await d.progress.reset();
				}
			},
		],
		[
			CommandId.ScanWorkspace,
			async () => {
				const summary = await scanWorkspace(d.analysis.analyzer, d.findings, d.log);
				void showScanSummary(summary, (ref) => d.content.lessonTitle(ref));
				return summary;
			},
		],
		[
			CommandId.ToggleMode,
			async () => {
				const next = readConfig().mode === 'learner' ? 'pro' : 'learner';
				await vscode.workspace.getConfiguration(SECTION).update('mode', next, vscode.ConfigurationTarget.Global);
				void vscode.window.showInformationMessage(
					next === 'pro' ? 'Concurrency Lens: pro mode (quieter CodeLens).' : 'Concurrency Lens: learner mode (every finding explained).',
				);
			},
		],
		[CommandId.ShowOutput, () => d.log.show()],
		[
			CommandId.RunLab,
			async (arg?: string | { lab?: { id: string } }, params?: Record<string, unknown>) => {
				// A lab id (scripts, tests), a Labs tree item (its inline action), or nothing (the palette).
				const lab = findLab(typeof arg === 'string' ? arg : (arg?.lab?.id ?? (await pickLab()) ?? ''));
				if (!lab) {
					return undefined;
				}
				// Shown in its lesson, beside the theory, where the result is drawn.
				await d.lessons.open(lab.lesson.split('#')[0], `lab-${lab.id}`);
				return d.labs.run(lab.id, params && typeof params === 'object' ? params : {});
			},
		],
		[CommandId.CancelLab, (labId?: string) => d.labs.cancel(typeof labId === 'string' ? labId : undefined)],
		[CommandId.IgnoreFinding, (uri: vscode.Uri, line: number, ruleId: string) => ignoreFinding(uri, line, ruleId)],
		[CommandId.DisableRule, (ruleId: string) => disableRule(ruleId)],
		...exerciseCommands(d.exercises),
	];
	return vscode.Disposable.from(...commands.map(([id, run]) => vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown)));
}

async function pickLab(): Promise<string | undefined> {
	const picked = await vscode.window.showQuickPick(
		LABS.map((l) => ({ label: l.title, description: l.runtime, detail: l.notice, id: l.id })),
		{ title: 'Run a lab on this machine', matchOnDetail: true },
	);
	return picked?.id;
}

async function pickLesson(d: CommandDeps, title: string): Promise<string | undefined> {
	const { catalog } = await d.content.get();
	const progress = d.progress.get();
	const picked = await vscode.window.showQuickPick(
		catalog.lessons.map((l) => ({ label: `${l.order}. ${l.title}`, description: lessonState(progress, l.id).replace('-', ' '), detail: l.summary, id: l.id })),
		{ title, matchOnDetail: true },
	);
	return picked?.id;
}

/** "Quiz me on my code": questions built from a finding in the learner's own file. */
async function quizFromFinding(d: CommandDeps, uriText?: string, line?: number, ruleId?: string): Promise<void> {
	const target = typeof uriText === 'string' ? await findingAt(d, vscode.Uri.parse(uriText), line, ruleId) : await pickFinding(d);
	if (!target) {
		return;
	}
	const document = await vscode.workspace.openTextDocument(target.uri);
	const languageId = languageForVscodeId(document.languageId);
	if (languageId) {
		const label = vscode.workspace.asRelativePath(target.uri);
		await d.quiz.startAdhoc(questionsFromFinding(target.finding, document.getText(), languageId, label), `Quiz: your code (${label})`);
	}
}

/** The finding a CodeLens, hover or code action points at, analyzing the file first if needed. */
async function findingAt(d: CommandDeps, uri: vscode.Uri, line?: number, ruleId?: string): Promise<{ uri: vscode.Uri; finding: Finding } | undefined> {
	const document = await vscode.workspace.openTextDocument(uri);
	await d.live.analyzeNow(document);
	const finding = d.findings.active(uri).find((f) => f.range.startLine === line && f.ruleId === ruleId);
	return finding ? { uri, finding } : pickFinding(d);
}

/** Lets the learner pick one of the current findings: the active editor's first, then the rest. */
async function pickFinding(d: CommandDeps): Promise<{ uri: vscode.Uri; finding: Finding } | undefined> {
	const active = vscode.window.activeTextEditor?.document;
	if (active && languageForVscodeId(active.languageId)) {
		await d.live.analyzeNow(active);
	}
	const entries = d.findings
		.entries()
		.sort((a, b) => Number(b.uri.toString() === active?.uri.toString()) - Number(a.uri.toString() === active?.uri.toString()));
	const items = entries.flatMap(({ uri, findings }) =>
		findings
			.filter((f) => !f.suppressed)
			.map((finding) => ({
				label: `${vscode.workspace.asRelativePath(uri)}:${finding.range.startLine + 1}`,
				description: finding.callee,
				detail: finding.message,
				uri,
				finding,
			})),
	);
	if (items.length === 0) {
		void vscode.window
			.showInformationMessage('Concurrency Lens has no findings to quiz you on yet: open a file with one, or run Scan Workspace.', 'Scan Workspace')
			.then((choice) => choice && vscode.commands.executeCommand(CommandId.ScanWorkspace));
		return undefined;
	}
	const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Quiz me on which finding?', matchOnDetail: true });
	return picked && { uri: picked.uri, finding: picked.finding };
}
