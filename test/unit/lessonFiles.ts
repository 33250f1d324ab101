import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessonFile } from '../../src/lessons/catalog';
import { repoRoot } from './testAnalyzer';

/** The files of a content folder, named as the extension and CLI name them (read synchronously: suites are built from them). */
function readContent(folder: string, extension: string): LessonFile[] {
	return readdirSync(path.join(repoRoot, folder))
		.filter((f) => f.endsWith(extension))
		.sort()
		.map((file) => ({ file: `${folder}/${file}`, text: readFileSync(path.join(repoRoot, folder, file), 'utf8') }));
}

/** The real lesson files. */
export function readLessonFiles(): LessonFile[] {
	return readContent('lessons', '.md');
}

/** The real quiz files. */
export function readQuizFiles(): LessonFile[] {
	return readContent('lessons/quizzes', '.yaml');
}

/** 1-based line of the first line of `text` equal to `line`, found independently of the parser. */
export function lineOf(text: string, line: string): number {
	const index = text.split('\n').indexOf(line);
	assert.ok(index >= 0, `fixture has no line ${JSON.stringify(line)}`);
	return index + 1;
}
