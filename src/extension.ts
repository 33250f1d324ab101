import * as vscode from 'vscode';
import { LANGUAGES } from './analysis/languageIds';
import { registerCommands } from './commands';
import { EXAMPLE_SCHEME, SYNCED_STATE_KEYS } from './constants';
import { FindingsCodeActions } from './features/codeActions';
import { FindingsCodeLens } from './features/codeLens';
import { ExerciseLens } from './features/exercises';
import { DiagnosticsPresenter } from './features/diagnostics';
import { FindingsStore } from './features/findingsStore';
import { FindingsHover } from './features/hover';
import { LiveAnalysis } from './features/liveAnalysis';
import { FindingsStatusBar } from './features/statusBar';
import { AnalysisService } from './services/analysis';
import { ContentService } from './services/content';
import { ExerciseService } from './services/exercises';
import { LabService } from './services/labs';
import { ProgressStore } from './services/progress';
import { LessonUriHandler } from './uriHandler';
import { ExampleDocuments } from './views/exampleDocuments';
import { ExercisesTree } from './views/exercisesTree';
import { LessonPanels } from './views/lessonPanel';
import { LessonsTree } from './views/lessonsTree';
import { QuizPanel } from './views/quizPanel';

/** The composition root: build the services, register the features, keep every disposable. */
export function activate(context: vscode.ExtensionContext) {
	const log = vscode.window.createOutputChannel('Concurrency Lens', { log: true });
	const content = new ContentService(context.extensionUri, log);
	const analysis = new AnalysisService(context.extensionUri, log);
	const progress = new ProgressStore(context.globalState, log);
	context.globalState.setKeysForSync(SYNCED_STATE_KEYS);
	const labs = new LabService(context.extensionUri, context.globalState, log);
	const exercises = new ExerciseService(context.extensionUri, context.globalState, analysis, labs, log);
	const exercisesTree = new ExercisesTree(exercises, (ref) => content.lessonTitle(ref));
	const findings = new FindingsStore();
	const tree = new LessonsTree(content, progress);
	const examples = new ExampleDocuments(content);
	const quiz = new QuizPanel(context.extensionUri, content, progress, analysis, context.globalState, log);
	const lessons = new LessonPanels(
		context.extensionUri,
		content,
		progress,
		labs,
		{
			openExample: async (lessonId, exampleId) => void (await examples.open(lessonId, exampleId)),
			startQuiz: (lessonId) => quiz.startLesson(lessonId),
			revealInTree: (lessonId) => tree.reveal(lessonId),
		},
		log,
	);
	const live = new LiveAnalysis(analysis.analyzer, findings, context.globalState, log);
	const selector: vscode.DocumentSelector = [...LANGUAGES.flatMap((l) => l.vscodeIds.map((language) => ({ language })))];
	const codeLens = new FindingsCodeLens(findings);
	const exerciseLens = new ExerciseLens(exercises);
	const uriHandler = new LessonUriHandler();
	context.subscriptions.push(
		log,
		analysis,
		progress,
		labs,
		exercises,
		exercisesTree,
		exerciseLens,
		findings,
		tree,
		examples,
		quiz,
		lessons,
		live,
		codeLens,
		new DiagnosticsPresenter(findings),
		new FindingsStatusBar(findings, (doc) => vscode.languages.match(selector, doc) > 0 && doc.uri.scheme !== EXAMPLE_SCHEME),
		vscode.languages.registerCodeLensProvider(selector, codeLens),
		vscode.languages.registerCodeLensProvider(
			LANGUAGES.flatMap((l) => l.vscodeIds.map((language) => ({ language, scheme: 'file' }))),
			exerciseLens,
		),
		vscode.languages.registerHoverProvider(selector, new FindingsHover(findings, (ref) => content.lessonTitle(ref))),
		vscode.languages.registerCodeActionsProvider(selector, new FindingsCodeActions(findings, (ref) => content.lessonTitle(ref)), FindingsCodeActions.metadata),
		vscode.window.registerUriHandler(uriHandler),
		registerCommands({ content, progress, analysis, findings, live, lessons, quiz, examples, labs, exercises, log }),
	);
	// For the integration tests: read-only views of what the extension holds.
	return { findings, lessons, quiz, progress, live, content, tree, uriHandler, labs, exercises, exercisesTree };
}

export function deactivate(): void {}
