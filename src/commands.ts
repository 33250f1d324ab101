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
import type { ProgressStore } from './services/progress';
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
	log: vscode.LogOutputChannel;
}

/** Registers every command; the returned disposable unregisters them all. */
export function registerCommands(d: CommandDeps): vscode.Disposable {
	const commands: [CommandId, (...args: never[]) => unknown][] = [
		[CommandId.OpenLesson, async (lessonId?: string, section?: string) => {
			const id = typeof lessonId === 'string' ? lessonId : await pickLesson(d, 'Open a lesson');
			return id ? d.lessons.open(id, typeof section === 'string' ? section : undefined) : undefined;
		}],
		[CommandId.ContinueLearning, async () => {
			const { catalog } = await d.content.get();
			const last = d.progress.get().last;
			const target = (last && catalog.get(last.lesson)) ? last : catalog.lessons.find((l) => lessonState(d.progress.get(), l.id) !== 'quiz-passed') ?? catalog.lessons[0];
			return target && d.lessons.open('lesson' in target ? target.lesson : target.id, 'section' in target ? target.section : undefined);
		}],
		[CommandId.OpenQuiz, async (arg?: string | { lesson?: { id: string } }) => {
			const id = typeof arg === 'string' ? arg : arg?.lesson?.id ?? (await pickLesson(d, 'Quiz me on a lesson'));
			return id && d.quiz.startLesson(id);
		}],
		[CommandId.QuizAll, () => d.quiz.startAll()],
		[CommandId.QuizFromFinding, (uri?: string, line?: number, ruleId?: string) => quizFromFinding(d, uri, line, ruleId)],
		[CommandId.OpenExample, (lessonId: string, exampleId: string) => d.examples.open(lessonId, exampleId)],
		[CommandId.ResetProgress, async () => {
			const answer = await vscode.window.showWarningMessage('Reset all Concurrency Lens progress (lessons read, quiz scores)?', { modal: true }, 'Reset');
			if (answer === 'Reset') {
				await d.progress.reset();
			}
		}],
		[CommandId.ScanWorkspace, async () => {
			const summary = await scanWorkspace(d.analysis, d.findings, d.log);
			const { catalog } = await d.content.get();
			void showScanSummary(summary, (ref) => catalog.resolve(ref)?.lesson.title);
			return summary;
		}],
		[CommandId.ToggleMode, async () => {
			const next = readConfig().mode === 'learner' ? 'pro' : 'learner';
			await vscode.workspace.getConfiguration(SECTION).update('mode', next, vscode.ConfigurationTarget.Global);
			void vscode.window.showInformationMessage(next === 'pro' ? 'Concurrency Lens: pro mode (quieter CodeLens).' : 'Concurrency Lens: learner mode (every finding explained).');
		}],
		[CommandId.ShowOutput, () => d.log.show()],
		[CommandId.IgnoreFinding, (uri: vscode.Uri, line: number, ruleId: string) => ignoreFinding(uri, line, ruleId)],
		[CommandId.DisableRule, (ruleId: string) => disableRule(ruleId)],
	];
	return vscode.Disposable.from(...commands.map(([id, run]) => vscode.commands.registerCommand(id, run as (...args: unknown[]) => unknown)));
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
	const editor = vscode.window.activeTextEditor;
	const uri = typeof uriText === 'string' ? vscode.Uri.parse(uriText) : editor?.document.uri;
	if (!uri) {
		void vscode.window.showInformationMessage('Open a file with a Concurrency Lens finding first.');
		return;
	}
	const document = await vscode.workspace.openTextDocument(uri);
	const languageId = languageForVscodeId(document.languageId);
	if (languageId) {
		await d.live.analyzeNow(document);
	}
	const findings = d.findings.active(uri);
	let finding: Finding | undefined = findings.find((f) => f.range.startLine === line && f.ruleId === ruleId);
	if (!finding && findings.length > 0) {
		const picked = await vscode.window.showQuickPick(findings.map((f) => ({ label: `Line ${f.range.startLine + 1}: ${f.callee}`, description: f.ruleId, finding: f })), { title: 'Quiz me on which finding?' });
		finding = picked?.finding;
	}
	if (!finding || !languageId) {
		if (findings.length === 0) {
			void vscode.window.showInformationMessage('Concurrency Lens found nothing to quiz you on in this file.');
		}
		return;
	}
	const label = vscode.workspace.asRelativePath(uri);
	await d.quiz.startAdhoc(questionsFromFinding(finding, document.getText(), languageId, label), `Quiz: your code (${label})`);
}
