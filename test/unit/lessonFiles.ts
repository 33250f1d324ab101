import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFile } from '../../src/lessons/catalog';
import { repoRoot } from './testAnalyzer';

/** The real lesson files, as the extension and CLI read them. */
export function readLessonFiles(): LessonFile[] {
	const folder = path.join(repoRoot, 'lessons');
	return readdirSync(folder)
		.filter((f) => f.endsWith('.md'))
		.sort()
		.map((file) => ({ file: `lessons/${file}`, text: readFileSync(path.join(folder, file), 'utf8') }));
}

/** The real quiz files. */
export function readQuizFiles(): LessonFile[] {
	const folder = path.join(repoRoot, 'lessons', 'quizzes');
	return readdirSync(folder)
		.filter((f) => f.endsWith('.yaml'))
		.sort()
		.map((file) => ({ file: `lessons/quizzes/${file}`, text: readFileSync(path.join(folder, file), 'utf8') }));
}
