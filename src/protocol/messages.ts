/**
 * Messages between the extension and its webviews. Imported with `import type` on both sides, and every
 * message from a webview goes through a `parse…` function here before use: webview input is untrusted.
 */

import type { Answer } from '../quiz/types';

// --- Lesson panel

export type LessonToExtension =
	| { type: 'ready' }
	| { type: 'openLesson'; lesson: string; section?: string }
	| { type: 'openExample'; example: string }
	| { type: 'navigate'; direction: 'previous' | 'next' }
	| { type: 'startQuiz' }
	| { type: 'sectionVisible'; section: string }
	| { type: 'reachedEnd' }
	| { type: 'runLab'; lab: string; params: Record<string, number> }
	| { type: 'cancelLab'; lab: string };

/** A lab's state as the page shows it; `html` is a measured result, built from escaped parts. */
export type LabView = { state: 'running'; status: string } | { state: 'done'; html: string } | { state: 'failed'; message: string; html?: string };

export type ExtensionToLesson = { type: 'scrollTo'; section: string } | { type: 'lab'; lab: string; view: LabView };

/** What the lesson webview keeps with `setState`, for restore after reload. */
export interface LessonWebviewState {
	lesson: string;
	section?: string;
}

// --- Quiz panel

/**
 * An answer as the webview sends it: the engine's shape, but indexes refer to the options in the order the
 * extension sent them (`toEngineAnswer` maps them back).
 */
export type AnswerMessage = Answer;

export type QuizToExtension =
	| { type: 'ready' }
	| { type: 'answer'; questionId: string; answer: AnswerMessage }
	| { type: 'next' }
	| { type: 'retryMissed' }
	| { type: 'restart' }
	| { type: 'quizMyCode' }
	| { type: 'openLesson'; lesson: string; section?: string };

/** A question as shown: no keys, options already in display order. Prompt and texts are safe HTML. */
export interface QuestionView {
	id: string;
	kind: AnswerMessage['kind'];
	lesson: string;
	lessonTitle: string;
	section: string;
	promptHtml: string;
	optionsHtml?: string[];
	/** Code to predict or a measured picture, rendered by the extension (predict-output and scenario questions). */
	exhibitHtml?: string;
	itemsHtml?: string[];
	code?: { language: string; linesHtml: string[] };
	number: number;
	total: number;
}

export interface FeedbackView {
	correct: boolean;
	explanationHtml: string;
	expectedHtml?: string;
	/** The answer as given, echoed so the webview can mark it. */
	answer: AnswerMessage;
	/** For find-the-line: the lines the analyzer flags. */
	flaggedLines?: number[];
}

export interface ResultView {
	correct: number;
	total: number;
	percent: number;
	passed: boolean;
	missed: { id: string; promptHtml: string; lesson: string; section: string; sectionTitle: string }[];
}

export type QuizView =
	| { screen: 'empty'; message: string }
	| { screen: 'question'; title: string; question: QuestionView; feedback?: FeedbackView; streak: number }
	| { screen: 'result'; title: string; result: ResultView };

export type ExtensionToQuiz = { type: 'show'; view: QuizView };

// --- Validation

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9][a-z0-9-]{0,80}$/.test(v);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1000;

/** `openLesson`, which both webviews send (links to a lesson section). */
function parseOpenLesson(raw: Json): { type: 'openLesson'; lesson: string; section?: string } | undefined {
	return isId(raw.lesson) && (raw.section === undefined || isId(raw.section))
		? { type: 'openLesson', lesson: raw.lesson, ...(raw.section ? { section: raw.section } : {}) }
		: undefined;
}

export function parseLessonMessage(raw: unknown): LessonToExtension | undefined {
	if (!isObject(raw)) {
		return undefined;
	}
	switch (raw.type) {
		case 'ready':
		case 'startQuiz':
		case 'reachedEnd':
			return { type: raw.type };
		case 'openLesson':
			return parseOpenLesson(raw);
		case 'openExample':
			return isId(raw.example) ? { type: 'openExample', example: raw.example } : undefined;
		case 'navigate':
			return raw.direction === 'previous' || raw.direction === 'next' ? { type: 'navigate', direction: raw.direction } : undefined;
		case 'sectionVisible':
			return isId(raw.section) ? { type: 'sectionVisible', section: raw.section } : undefined;
		case 'runLab':
			return isId(raw.lab) && isLabParams(raw.params) ? { type: 'runLab', lab: raw.lab, params: raw.params } : undefined;
		case 'cancelLab':
			return isId(raw.lab) ? { type: 'cancelLab', lab: raw.lab } : undefined;
		default:
			return undefined;
	}
}

/** Knob values as the page sends them: a few short keys with finite numbers (ranges are the lab core's job). */
function isLabParams(v: unknown): v is Record<string, number> {
	return (
		isObject(v) && Object.keys(v).length <= 12 && Object.entries(v).every(([k, n]) => /^[a-zA-Z]{1,40}$/.test(k) && typeof n === 'number' && Number.isFinite(n))
	);
}

export function parseAnswer(raw: unknown): AnswerMessage | undefined {
	if (!isObject(raw)) {
		return undefined;
	}
	switch (raw.kind) {
		case 'single':
			return isIndex(raw.choice) ? { kind: 'single', choice: raw.choice } : undefined;
		case 'multiple':
			return Array.isArray(raw.choices) && raw.choices.length <= 20 && raw.choices.every(isIndex)
				? { kind: 'multiple', choices: [...new Set(raw.choices)] }
				: undefined;
		case 'true-false':
			return typeof raw.value === 'boolean' ? { kind: 'true-false', value: raw.value } : undefined;
		case 'find-the-line':
			return isIndex(raw.line) && raw.line >= 1 ? { kind: 'find-the-line', line: raw.line } : undefined;
		case 'order':
			return Array.isArray(raw.order) && raw.order.length <= 20 && raw.order.every(isIndex) ? { kind: 'order', order: raw.order } : undefined;
		default:
			return undefined;
	}
}

export function parseQuizMessage(raw: unknown): QuizToExtension | undefined {
	if (!isObject(raw)) {
		return undefined;
	}
	switch (raw.type) {
		case 'ready':
		case 'next':
		case 'retryMissed':
		case 'restart':
		case 'quizMyCode':
			return { type: raw.type };
		case 'answer': {
			const answer = parseAnswer(raw.answer);
			return isId(raw.questionId) && answer ? { type: 'answer', questionId: raw.questionId, answer } : undefined;
		}
		case 'openLesson':
			return parseOpenLesson(raw);
		default:
			return undefined;
	}
}

export function parseLessonState(raw: unknown): LessonWebviewState | undefined {
	return isObject(raw) && isId(raw.lesson) ? { lesson: raw.lesson, ...(isId(raw.section) ? { section: raw.section } : {}) } : undefined;
}
