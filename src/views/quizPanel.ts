import * as vscode from 'vscode';
import { CommandId, StateKey, WebviewType } from '../constants';
import { parseQuizMessage, type ExtensionToQuiz, type QuizToExtension, type QuizView } from '../protocol/messages';
import { flaggedLines } from '../quiz/findLineKey';
import { recordAnswer, recordSession } from '../quiz/progress';
import { advance, answerCurrent, retryMissed, startSession, type QuizSession } from '../quiz/session';
import type { Question } from '../quiz/types';
import type { AnalysisService } from '../services/analysis';
import type { ContentService } from '../services/content';
import type { ProgressStore } from '../services/progress';
import { Disposable } from '../util/dispose';
import { tabIcon, webviewOptions, webviewPage } from './webviewHtml';

/** The quiz in progress, kept in globalState so a reload (or a restart) picks it up where it was. */
interface StoredQuiz {
	session: QuizSession;
	/** Questions built from the learner's code: they exist only in this quiz. */
	adhoc: Question[];
	title: string;
	/** Grade of the current question once answered, so a reload shows the same feedback. */
	feedback?: Extract<QuizView, { screen: 'question' }>['feedback'];
}

/**
 * One quiz panel at a time. The extension owns the session: the webview only shows views and sends answers,
 * each checked against the current question, so a forged message cannot pass a quiz without answering it.
 */
export class QuizPanel extends Disposable {
	private tab: QuizTab | undefined;
	private quiz: StoredQuiz | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly content: ContentService,
		private readonly progress: ProgressStore,
		private readonly analysis: AnalysisService,
		private readonly state: vscode.Memento,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register(
			vscode.window.registerWebviewPanelSerializer(WebviewType.Quiz, {
				deserializeWebviewPanel: async (panel) => {
					panel.webview.options = webviewOptions(this.extensionUri);
					this.quiz = this.restore();
					this.attach(panel);
					await this.render();
				},
			}),
		);
	}

	private shownView: QuizView | undefined;

	/** The view last sent to the webview (tests read it). */
	get lastView(): QuizView | undefined {
		return this.shownView;
	}

	async startLesson(lessonId: string): Promise<void> {
		const { catalog, questions } = await this.content.get();
		const lesson = catalog.get(lessonId);
		await this.start(
			{ kind: 'lesson', lesson: lessonId },
			questions.filter((q) => q.lesson === lessonId),
			[],
			`Quiz: ${lesson?.title ?? lessonId}`,
		);
	}

	async startAll(): Promise<void> {
		const { questions } = await this.content.get();
		await this.start({ kind: 'all' }, questions, [], 'Quiz: everything');
	}

	async startAdhoc(questions: Question[], title: string): Promise<void> {
		await this.start({ kind: 'code' }, questions, questions, title);
	}

	private async start(scope: QuizSession['scope'], questions: readonly Question[], adhoc: Question[], title: string): Promise<void> {
		this.quiz = { session: startSession(scope, questions, Date.now() >>> 0, Date.now()), adhoc, title };
		await this.save();
		this.show();
		await this.render();
	}

	private show(): void {
		if (this.tab) {
			this.tab.panel.reveal(undefined, false);
			return;
		}
		this.attach(vscode.window.createWebviewPanel(WebviewType.Quiz, 'Quiz', { viewColumn: vscode.ViewColumn.Active }, webviewOptions(this.extensionUri)));
	}

	private attach(panel: vscode.WebviewPanel): void {
		panel.iconPath = tabIcon(this.extensionUri, 'quiz');
		panel.webview.html = webviewPage(panel.webview, this.extensionUri, {
			title: 'Quiz',
			name: 'quiz',
			body: '<main id="quiz" class="quiz" aria-live="polite"></main>',
			data: {},
		});
		this.tab = new QuizTab(
			panel,
			(raw) => void this.onMessage(raw),
			() => {
				this.tab = undefined;
			},
		);
	}

	private async onMessage(raw: unknown): Promise<void> {
		const message = parseQuizMessage(raw);
		if (!message) {
			this.log.warn(`quiz panel: ignored an unexpected message ${JSON.stringify(raw)?.slice(0, 200)}`);
			return;
		}
		try {
			await this.handle(message);
		} catch (e) {
			// An answer for another question, a second answer, an option that does not exist: refused, logged.
			this.log.warn(`quiz panel: refused ${message.type}: ${(e as Error).message}`);
			await this.render();
		}
	}

	private async handle(message: QuizToExtension): Promise<void> {
		switch (message.type) {
			case 'ready':
				return this.render();
			case 'answer':
				return this.answer(message.questionId, message.answer);
			case 'next':
				return this.next();
			case 'retryMissed':
				return this.retry();
			case 'restart':
				if (this.quiz) {
					const { questions } = await this.questionsOf(this.quiz);
					await this.start(this.quiz.session.scope, questions, this.quiz.adhoc, this.quiz.title);
				}
				return;
			case 'openLesson':
				await vscode.commands.executeCommand(CommandId.OpenLesson, message.lesson, message.section);
				return;
			case 'quizMyCode':
				await vscode.commands.executeCommand(CommandId.QuizFromFinding);
				return;
		}
	}

	private async answer(questionId: string, answerMessage: Extract<QuizToExtension, { type: 'answer' }>['answer']): Promise<void> {
		const quiz = this.quiz;
		if (!quiz) {
			throw new Error('no quiz in progress');
		}
		const { byId } = await this.questionsOf(quiz);
		const question = byId.get(questionId);
		if (!question) {
			throw new Error(`unknown question ${questionId}`);
		}
		const { feedbackView, toEngineAnswer } = await import('../quiz/presenter.js');
		const answer = toEngineAnswer(question, quiz.session, answerMessage);
		const key = question.kind === 'find-the-line' ? await flaggedLines(question, this.analysis.analyzer) : undefined;
		const { session, grade } = answerCurrent(quiz.session, question, answer, key);
		quiz.session = session;
		quiz.feedback = feedbackView(grade, answerMessage, key);
		await this.progress.update((p) => recordAnswer(p, question.id, grade.correct, Date.now()));
		await this.save();
		await this.render();
	}

	private async next(): Promise<void> {
		const quiz = this.quiz;
		if (!quiz) {
			return;
		}
		const before = quiz.session;
		quiz.session = advance(before, Date.now());
		if (quiz.session !== before) {
			quiz.feedback = undefined;
		}
		if (quiz.session.finishedAt !== undefined && before.finishedAt === undefined) {
			const { questions } = await this.questionsOf(quiz);
			await this.progress.update((p) => recordSession(p, quiz.session, questions));
		}
		await this.save();
		await this.render();
	}

	private async retry(): Promise<void> {
		const quiz = this.quiz;
		if (!quiz?.session.finishedAt) {
			return;
		}
		const { questions } = await this.questionsOf(quiz);
		const session = retryMissed(quiz.session, questions, Date.now() >>> 0, Date.now());
		if (session.questionIds.length === 0) {
			return;
		}
		this.quiz = { session, adhoc: quiz.adhoc, title: `${quiz.title} (missed questions)` };
		await this.save();
		await this.render();
	}

	private async questionsOf(quiz: StoredQuiz): Promise<{ questions: Question[]; byId: Map<string, Question> }> {
		const { questions } = await this.content.get();
		const all = [...questions, ...quiz.adhoc];
		const wanted = new Set(quiz.session.questionIds);
		const inQuiz = all.filter((q) => wanted.has(q.id));
		return { questions: inQuiz, byId: new Map(inQuiz.map((q) => [q.id, q])) };
	}

	private async render(): Promise<void> {
		const view = await this.view();
		this.shownView = view;
		if (this.tab) {
			this.tab.panel.title = view.screen === 'empty' ? 'Quiz' : view.title;
			void this.tab.panel.webview.postMessage({ type: 'show', view } satisfies ExtensionToQuiz);
		}
	}

	private async view(): Promise<QuizView> {
		const quiz = this.quiz;
		if (!quiz || quiz.session.questionIds.length === 0) {
			return {
				screen: 'empty',
				message: 'No quiz in progress. Pick a lesson in the Lessons view and choose “Quiz me”, or practise on a finding in your own code.',
			};
		}
		const { catalog } = await this.content.get();
		const { byId } = await this.questionsOf(quiz);
		const { questionView, resultView } = await import('../quiz/presenter.js');
		if (quiz.session.finishedAt !== undefined) {
			return { screen: 'result', title: quiz.title, result: resultView(quiz.session, byId, catalog) };
		}
		const question = byId.get(quiz.session.questionIds[quiz.session.current]);
		if (!question) {
			return { screen: 'empty', message: 'This quiz refers to a question that no longer exists. Start a new quiz from the Lessons view.' };
		}
		const streak = Object.values(this.progress.get().questions).reduce((best, q) => Math.max(best, q.streak), 0);
		return { screen: 'question', title: quiz.title, question: questionView(question, quiz.session, catalog), feedback: quiz.feedback, streak };
	}

	private async save(): Promise<void> {
		await this.state.update(StateKey.Quiz, this.quiz);
	}

	/** Reads the stored quiz; anything malformed is dropped (a fresh quiz can always be started). */
	private restore(): StoredQuiz | undefined {
		const raw = this.state.get<StoredQuiz>(StateKey.Quiz);
		const ok =
			raw &&
			Array.isArray(raw.session?.questionIds) &&
			raw.session.questionIds.every((id) => typeof id === 'string') &&
			Number.isInteger(raw.session.current) &&
			typeof raw.session.answers === 'object' &&
			Array.isArray(raw.adhoc) &&
			typeof raw.title === 'string';
		if (raw && !ok) {
			this.log.warn('the saved quiz was damaged and has been discarded');
		}
		return ok ? raw : undefined;
	}

	override dispose(): void {
		this.tab?.panel.dispose();
		super.dispose();
	}
}

/** The open quiz tab. Its listeners are registered on it and go with it, as a LessonPanel's do. */
class QuizTab extends Disposable {
	constructor(
		readonly panel: vscode.WebviewPanel,
		onMessage: (raw: unknown) => void,
		onClose: () => void,
	) {
		super();
		this._register(panel.webview.onDidReceiveMessage(onMessage));
		this._register(
			panel.onDidDispose(() => {
				onClose();
				this.dispose();
			}),
		);
	}
}
