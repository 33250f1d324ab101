/** Plain lesson data shared by the parser, the renderer, the CLI and the extension. No `vscode` here. */

/** Lesson, section, example and question ids: lower-case words joined by hyphens. */
export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export type ExampleLanguage = 'python' | 'javascript' | 'typescript' | 'go' | 'java' | 'csharp' | 'rust' | 'cpp';

export const EXAMPLE_LANGUAGES: readonly ExampleLanguage[] = ['python', 'javascript', 'typescript', 'go', 'java', 'csharp', 'rust', 'cpp'];

export interface LessonSection {
	/** Stable anchor: rules and quizzes link to `<lesson-id>#<id>`. */
	id: string;
	title: string;
	/** 1-based line in the lesson file. */
	line: number;
}

export interface CalloutNote {
	/** 0-based line within the example's code. */
	codeLine: number;
	/** Inline Markdown. */
	text: string;
}

export interface AnnotatedExample {
	id: string;
	title: string;
	language: ExampleLanguage;
	variant?: 'bad' | 'fixed';
	/** The code with callout markers removed: what the learner sees and opens. */
	code: string;
	notes: CalloutNote[];
	/** The section it appears in (empty before the first section). */
	section: string;
	/** 1-based line of the opening fence in the lesson file. */
	line: number;
}

export interface LessonLink {
	lesson: string;
	section?: string;
	line: number;
}

export interface Lesson {
	id: string;
	title: string;
	order: number;
	summary: string;
	rules: string[];
	prerequisites: string[];
	group?: string;
	/** File name the lesson came from, for error messages. */
	file: string;
	sections: LessonSection[];
	examples: AnnotatedExample[];
	links: LessonLink[];
	/** The Markdown after the front matter. */
	body: string;
	/** 1-based line in the file where `body` starts. */
	bodyLine: number;
}

/** A content problem, always naming the file and line so an author can fix it. */
export class LessonError extends Error {
	constructor(readonly file: string, readonly line: number, readonly problem: string) {
		super(`${file}:${line}: ${problem}`);
	}
}
