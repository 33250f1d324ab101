import * as vscode from 'vscode';
import type { LessonCatalog, LessonFile } from '../lessons/catalog';
import type { LessonError } from '../lessons/types';
import type { Question, QuizError } from '../quiz/types';

export interface Content {
	catalog: LessonCatalog;
	questions: readonly Question[];
	questionById: ReadonlyMap<string, Question>;
	errors: readonly (LessonError | QuizError)[];
}

/**
 * Lessons and quizzes, read from the extension's `lessons/` folder on first use (not at activation) and
 * parsed by the pure core. Content errors are logged with file and line and shown once; the lessons that
 * did parse still work.
 */
export class ContentService {
	private content: Promise<Content> | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
	) {}

	get(): Promise<Content> {
		this.content ??= this.load();
		return this.content;
	}

	/** The title of the lesson a `<lesson-id>#<section>` reference points at (loads the content if needed). */
	async lessonTitle(reference: string): Promise<string | undefined> {
		const { catalog } = await this.get();
		return catalog.resolve(reference)?.lesson.title;
	}

	private async load(): Promise<Content> {
		// The parsers (Markdown, YAML, highlighting) load here, on first use, not at activation.
		const [{ loadLessons }, { loadQuizzes }] = await Promise.all([import('../lessons/catalog.js'), import('../quiz/quizFile.js')]);
		const lessonsDir = vscode.Uri.joinPath(this.extensionUri, 'lessons');
		const lessons = loadLessons(await this.readFolder(lessonsDir, 'lessons', '.md'));
		const quizzes = loadQuizzes(await this.readFolder(vscode.Uri.joinPath(lessonsDir, 'quizzes'), 'lessons/quizzes', '.yaml'), lessons.catalog);
		const errors = [...lessons.errors, ...quizzes.errors];
		for (const error of errors) {
			this.log.error(error.message);
		}
		if (errors.length) {
			void vscode.window.showWarningMessage(`Concurrency Lens: ${errors.length} problem(s) in the lesson content; see the log.`, 'Show Log').then((choice) => {
				if (choice) {
					this.log.show();
				}
			});
		}
		this.log.info(`loaded ${lessons.catalog.lessons.length} lessons and ${quizzes.questions.length} quiz questions`);
		return { catalog: lessons.catalog, questions: quizzes.questions, questionById: new Map(quizzes.questions.map((q) => [q.id, q])), errors };
	}

	private async readFolder(folder: vscode.Uri, prefix: string, extension: string): Promise<LessonFile[]> {
		let entries: [string, vscode.FileType][];
		try {
			entries = await vscode.workspace.fs.readDirectory(folder);
		} catch (e) {
			this.log.error(`cannot read ${folder.toString()}: ${(e as Error).message}`);
			return [];
		}
		const names = entries
			.filter(([name, type]) => type === vscode.FileType.File && name.endsWith(extension))
			.map(([name]) => name)
			.sort();
		const decoder = new TextDecoder();
		return Promise.all(
			names.map(async (name) => ({ file: `${prefix}/${name}`, text: decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name))) })),
		);
	}
}
