import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { languageForFile } from '../analysis/languageIds';
import { isRuleId } from '../analysis/rules/catalog';
import { FrontMatterError, splitFrontMatter } from '../lessons/frontMatter';
import type { CheckPart, Exercise, ExerciseRuntime } from './types';

// The bundled exercises: one folder each under `exercises/`, holding `brief.md` (front matter + the brief),
// `starter/<file>`, `solution/<file>`, `cheats/` (for the tests) and, when the code is run, `check.<ext>`.
// Folders starting with `_` are shared harness code, not exercises.

/** Each runtime's check program, in the exercise's folder. */
export const CHECK_PROGRAM: Record<ExerciseRuntime, string> = {
	node: 'check.js',
	typescript: 'check.js',
	python: 'check.py',
	go: 'check.go',
	java: 'Check.java',
	rust: 'check.rs',
};
const RUNTIMES = Object.keys(CHECK_PROGRAM);
const PARTS: readonly CheckPart[] = ['static', 'correctness', 'measure'];
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class ExerciseError extends Error {
	constructor(readonly file: string, readonly line: number, message: string) {
		super(`${file}:${line}: ${message}`);
	}
}

/** Reads one exercise's `brief.md`; throws ExerciseError naming the file and line of the first problem. */
export function parseExercise(id: string, text: string, file = `${id}/brief.md`): Exercise {
	let front;
	try {
		front = splitFrontMatter(text);
	} catch (e) {
		throw e instanceof FrontMatterError ? new ExerciseError(file, e.line, e.message) : e;
	}
	const { data, keyLines } = front;
	const fail = (key: string, message: string): never => {
		throw new ExerciseError(file, keyLines.get(key) ?? 1, `${key}: ${message}`);
	};
	const text_ = (key: string): string => {
		const v = data[key];
		return typeof v === 'string' && v.trim() ? v.trim() : fail(key, 'expected a non-empty string');
	};
	const list = (key: string): string[] => {
		const v = data[key] ?? [];
		return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim()) ? (v as string[]).map((x) => x.trim()) : fail(key, 'expected a list of strings');
	};
	if (!ID.test(id)) {
		throw new ExerciseError(file, 1, `the folder name '${id}' is not a kebab-case id`);
	}
	const exerciseFile = text_('file');
	const language = languageForFile(exerciseFile) ?? fail('file', `'${exerciseFile}' is not a file the analyzer reads`);
	if (exerciseFile.includes('/') || exerciseFile.includes('\\')) {
		fail('file', 'expected a file name, without folders');
	}
	const runtime = data.runtime === undefined ? undefined : text_('runtime');
	if (runtime !== undefined && !RUNTIMES.includes(runtime)) {
		fail('runtime', `expected one of ${RUNTIMES.join(', ')}`);
	}
	const lesson = text_('lesson');
	if (!/^[a-z0-9-]+#[a-z0-9-]+$/.test(lesson)) {
		fail('lesson', 'expected lessonId#sectionId');
	}
	const rules = list('rules');
	const unknownRule = rules.find((r) => !isRuleId(r));
	if (unknownRule) {
		fail('rules', `unknown rule '${unknownRule}'`);
	}
	const starterFails = list('starterFails');
	if (starterFails.length === 0 || starterFails.some((p) => !(PARTS as readonly string[]).includes(p))) {
		fail('starterFails', `expected a non-empty list of ${PARTS.join(', ')}`);
	}
	if (starterFails.includes('static') && rules.length === 0) {
		fail('starterFails', 'the starter cannot fail the static check of an exercise without rules');
	}
	if (!runtime && starterFails.some((p) => p !== 'static')) {
		fail('starterFails', 'an exercise that is not run can only fail the static check');
	}
	const hints = list('hints');
	if (hints.length < 2 || hints.length > 3) {
		fail('hints', 'expected two or three hints, the gentlest first');
	}
	const order = data.order;
	if (typeof order !== 'number' || !Number.isInteger(order)) {
		fail('order', 'expected a whole number');
	}
	const brief = front.body.trim();
	if (!brief) {
		throw new ExerciseError(file, front.bodyLine, 'the brief (the Markdown after the front matter) is empty');
	}
	return {
		id,
		title: text_('title'),
		language,
		...(runtime ? { runtime: runtime as ExerciseRuntime } : {}),
		lesson,
		rules: rules.filter(isRuleId),
		file: exerciseFile,
		hints,
		measures: text_('measures'),
		starterFails: starterFails as CheckPart[],
		brief,
		order: order as number,
	};
}

/** Every exercise under `dir`, in course order, with the problems of the ones that could not be read. */
export async function loadExercises(dir: string): Promise<{ exercises: Exercise[]; errors: ExerciseError[] }> {
	const entries = await readdir(dir, { withFileTypes: true });
	const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('_')).map((e) => e.name);
	const read = await Promise.all(
		folders.map(async (id) => {
			const file = path.join(dir, id, 'brief.md');
			try {
				const exercise = parseExercise(id, await readFile(file, 'utf8'), path.relative(path.dirname(dir), file));
				const needed = ['starter', 'solution', ...(exercise.runtime ? ['.'] : [])].map((sub) =>
					path.join(dir, id, sub, sub === '.' ? CHECK_PROGRAM[exercise.runtime!] : exercise.file),
				);
				const missing = (await Promise.all(needed.map((f) => access(f).then(() => undefined, () => f)))).find(Boolean);
				return missing ? new ExerciseError(path.relative(path.dirname(dir), file), 1, `${path.relative(dir, missing)} is missing`) : exercise;
			} catch (e) {
				return e instanceof ExerciseError ? e : new ExerciseError(path.relative(path.dirname(dir), file), 1, (e as Error).message);
			}
		}),
	);
	const exercises = read.filter((r): r is Exercise => !(r instanceof Error)).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
	return { exercises, errors: read.filter((r): r is ExerciseError => r instanceof Error) };
}
