import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadLessons, type LessonFile } from '../lessons/catalog';
import { loadQuizzes } from '../quiz/quizFile';

/** Reads the `.md` (or `.yaml`) files of a folder as `{ file, text }`, named relative to `root`. */
export async function readContentFolder(root: string, folder: string, extension: string): Promise<LessonFile[]> {
	const dir = path.join(root, folder);
	const names = (
		await readdir(dir).catch(() => {
			throw new Error(`no ${folder}/ folder in ${root}`);
		})
	)
		.filter((n) => n.endsWith(extension))
		.sort();
	return Promise.all(names.map(async (n) => ({ file: `${folder}/${n}`, text: await readFile(path.join(dir, n), 'utf8') })));
}

/** Lessons and quizzes as shipped beside the CLI (the package root holds `lessons/`). */
export async function loadContent(root: string) {
	const lessonResult = loadLessons(await readContentFolder(root, 'lessons', '.md'));
	const quizResult = loadQuizzes(await readContentFolder(root, 'lessons/quizzes', '.yaml'), lessonResult.catalog);
	return { catalog: lessonResult.catalog, questions: quizResult.questions, errors: [...lessonResult.errors, ...quizResult.errors] };
}
