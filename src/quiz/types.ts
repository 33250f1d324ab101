import type { ExampleLanguage } from '../lessons/types';

/** Plain quiz data shared by the engine, the CLI, the extension and (as JSON) the webview. */

export type QuestionKind = 'single' | 'multiple' | 'true-false' | 'find-the-line' | 'order' | 'predict-output' | 'scenario';
export const QUESTION_KINDS: readonly QuestionKind[] = ['single', 'multiple', 'true-false', 'find-the-line', 'order', 'predict-output', 'scenario'];

/**
 * How a question is answered. Predict-the-output and scenario questions show an exhibit (code to run in
 * your head, or a measured picture) and are answered by picking one option, like single-choice ones.
 */
export function answerKind(kind: QuestionKind): Answer['kind'] {
	return kind === 'predict-output' || kind === 'scenario' ? 'single' : kind;
}

export interface ChoiceOption {
	text: string;
	correct: boolean;
	/** Why this option is right or wrong. */
	explain: string;
}

interface QuestionBase {
	id: string;
	lesson: string;
	/** Anchor in the lesson the question links back to. */
	section: string;
	prompt: string;
	/** Taken from the course article. */
	seed?: boolean;
	/** 1 recall, 2 apply, 3 transfer (a new situation). */
	difficulty: 1 | 2 | 3;
	/** Where it is written, for error messages (`line` means the answer in find-the-line questions). */
	file: string;
	fileLine: number;
}

export interface ChoiceQuestion extends QuestionBase {
	kind: 'single' | 'multiple' | 'predict-output' | 'scenario';
	options: ChoiceOption[];
	/** Shown between prompt and options, as lesson Markdown: the code (predict-output) or a diagram (scenario). */
	exhibit?: string;
}

export interface TrueFalseQuestion extends QuestionBase {
	kind: 'true-false';
	answer: boolean;
	explain: { true: string; false: string };
}

export interface FindLineQuestion extends QuestionBase {
	kind: 'find-the-line';
	language: ExampleLanguage;
	rule: string;
	/** The author's intended answer (1-based); grading uses the analyzer, a test checks they agree. */
	line: number;
	code: string;
	explain: string;
}

export interface OrderQuestion extends QuestionBase {
	kind: 'order';
	/** In the correct order; shown shuffled. */
	items: string[];
	explain: string;
}

export type Question = ChoiceQuestion | TrueFalseQuestion | FindLineQuestion | OrderQuestion;

export type Answer =
	| { kind: 'single'; choice: number }
	| { kind: 'multiple'; choices: number[] }
	| { kind: 'true-false'; value: boolean }
	| { kind: 'find-the-line'; line: number }
	| { kind: 'order'; order: number[] };

export class QuizError extends Error {
	constructor(
		readonly file: string,
		readonly line: number,
		readonly problem: string,
		readonly questionId?: string,
	) {
		super(`${file}:${line}: ${questionId ? `question ${questionId}: ` : ''}${problem}`);
	}
}
