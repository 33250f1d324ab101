import { isMap, isSeq, LineCounter, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import { isRuleId } from '../analysis/rules/catalog';
import type { LessonCatalog } from '../lessons/catalog';
import { validateDiagram } from '../lessons/diagrams';
import { EXAMPLE_LANGUAGES, KEBAB_ID, type ExampleLanguage } from '../lessons/types';
import { lengthCueProblems } from './stats';
import { QUESTION_KINDS, QuizError, type ChoiceOption, type Question, type QuestionKind } from './types';

/**
 * Parses one quiz file (`lessons/quizzes/<lesson>.yaml`) and checks every question against the lessons:
 * a malformed question is a QuizError naming the file, the line and the question.
 */
export function parseQuizFile(file: string, text: string, lessons: LessonCatalog): Question[] {
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false });
	if (doc.errors.length > 0) {
		const error = doc.errors[0];
		throw new QuizError(file, lineCounter.linePos(error.pos[0]).line, `not valid YAML: ${error.message.split('\n')[0]}`);
	}
	const root = doc.toJS() as { lesson?: unknown; questions?: unknown } | null;
	const lessonId = root?.lesson;
	if (typeof lessonId !== 'string' || !lessons.get(lessonId)) {
		throw new QuizError(file, 1, `\`lesson:\` must name an existing lesson (got ${JSON.stringify(lessonId)})`);
	}
	const lesson = lessons.get(lessonId)!;
	const nodes = isMap(doc.contents) ? doc.contents.get('questions', true) : undefined;
	if (!Array.isArray(root?.questions) || root.questions.length === 0 || !isSeq(nodes)) {
		throw new QuizError(file, 1, '`questions:` must be a non-empty list');
	}
	return root.questions.map((raw, index) => {
		const node = nodes.items[index] as YamlNode | undefined;
		const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
		return parseQuestion(raw, { file, line, lesson: lesson.id, sections: new Set(lesson.sections.map((s) => s.id)) });
	});
}

interface Where {
	file: string;
	line: number;
	lesson: string;
	sections: Set<string>;
}

function parseQuestion(raw: unknown, where: Where): Question {
	const q = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const id = typeof q.id === 'string' ? q.id : undefined;
	const fail = (problem: string): never => {
		throw new QuizError(where.file, where.line, problem, id);
	};
	const str = (key: string, value = q[key]): string =>
		typeof value === 'string' && value.trim() ? value.trim() : fail(`\`${key}\` must be a non-empty string`);
	if (!id || !KEBAB_ID.test(id)) {
		fail('`id` must be a kebab-case string');
	}
	const kind = q.kind as QuestionKind;
	if (!QUESTION_KINDS.includes(kind)) {
		fail(`\`kind\` must be one of ${QUESTION_KINDS.join(', ')}`);
	}
	const section = str('section');
	if (!where.sections.has(section)) {
		fail(`section \`${section}\` is not an anchor of lesson ${where.lesson}`);
	}
	const difficulty = q.difficulty;
	if (difficulty !== 1 && difficulty !== 2 && difficulty !== 3) {
		fail('`difficulty` must be 1 (recall), 2 (apply) or 3 (a new situation)');
	}
	const base = {
		id: id!,
		lesson: where.lesson,
		section,
		prompt: str('prompt'),
		seed: q.seed === true ? true : undefined,
		difficulty: difficulty as 1 | 2 | 3,
		file: where.file,
		fileLine: where.line,
	};
	switch (kind) {
		case 'single':
		case 'multiple':
		case 'predict-output':
		case 'scenario': {
			const options = Array.isArray(q.options) ? q.options.map((o, i) => option(o, i, fail)) : fail('`options` must be a list');
			const correct = options.filter((o) => o.correct).length;
			if (options.length < 2) {
				fail('needs at least two options');
			}
			if (kind !== 'multiple' && correct !== 1) {
				fail(`a ${kind} question needs exactly one correct option (has ${correct})`);
			}
			if (kind === 'multiple' && correct < 1) {
				fail('a multiple-choice question needs at least one correct option');
			}
			return { ...base, kind, options, ...exhibit(kind, q, str, fail) };
		}
		case 'true-false': {
			if (typeof q.answer !== 'boolean') {
				fail('`answer` must be true or false');
			}
			const explain = (q.explain ?? {}) as Record<string, unknown>;
			return { ...base, kind, answer: q.answer as boolean, explain: { true: str('explain.true', explain.true), false: str('explain.false', explain.false) } };
		}
		case 'find-the-line': {
			const language = str('language') as ExampleLanguage;
			if (!EXAMPLE_LANGUAGES.includes(language)) {
				fail(`\`language\` must be one of ${EXAMPLE_LANGUAGES.join(', ')}`);
			}
			const rule = str('rule');
			if (!isRuleId(rule)) {
				fail(`unknown rule id \`${rule}\``);
			}
			const code = str('code').replace(/\n+$/, '');
			const line = q.line;
			if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > code.split('\n').length) {
				fail('`line` must be a line number within `code`');
			}
			return { ...base, kind, language, rule, line: line as number, code, explain: str('explain') };
		}
		case 'order': {
			const items = Array.isArray(q.items) && q.items.every((i) => typeof i === 'string') ? q.items : fail('`items` must be a list of strings');
			if (items.length < 3 || items.length > 6) {
				fail('an order question needs 3 to 6 items');
			}
			return { ...base, kind, items, explain: str('explain') };
		}
	}
}

/**
 * The exhibit as lesson Markdown: the snippet whose output is asked for (`language` and `code`), or a
 * measured picture (`diagram`, a spec the lessons' diagram engine draws), checked here so a broken one is an
 * error in the file rather than a blank quiz.
 */
function exhibit(kind: QuestionKind, q: Record<string, unknown>, str: (key: string) => string, fail: (problem: string) => never): { exhibit?: string } {
	if (kind === 'predict-output') {
		const language = str('language') as ExampleLanguage;
		if (!EXAMPLE_LANGUAGES.includes(language)) {
			fail(`\`language\` must be one of ${EXAMPLE_LANGUAGES.join(', ')}`);
		}
		return { exhibit: `\`\`\`${language}\n${str('code').replace(/\n+$/, '')}\n\`\`\`` };
	}
	if (kind === 'scenario') {
		try {
			validateDiagram(q.diagram);
		} catch (e) {
			fail(`\`diagram\`: ${(e as Error).message}`);
		}
		return { exhibit: `\`\`\`diagram\n${stringify(q.diagram)}\`\`\`` };
	}
	return {};
}

function option(raw: unknown, index: number, fail: (problem: string) => never): ChoiceOption {
	const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const text = typeof o.text === 'string' && o.text.trim() ? o.text.trim() : fail(`option ${index + 1} needs \`text\``);
	const explain =
		typeof o.explain === 'string' && o.explain.trim() ? o.explain.trim() : fail(`option ${index + 1} needs \`explain\` (why it is right or wrong)`);
	if (o.correct !== undefined && typeof o.correct !== 'boolean') {
		fail(`option ${index + 1}: \`correct\` must be true or false`);
	}
	return { text, explain, correct: o.correct === true };
}

/** Parses every quiz file; ids must be unique across files. Problems are collected, not thrown. */
export function loadQuizzes(files: readonly { file: string; text: string }[], lessons: LessonCatalog): { questions: Question[]; errors: QuizError[] } {
	const questions: Question[] = [];
	const errors: QuizError[] = [];
	const seen = new Map<string, Question>();
	for (const { file, text } of files) {
		try {
			for (const question of parseQuizFile(file, text, lessons)) {
				const twin = seen.get(question.id);
				if (twin) {
					errors.push(new QuizError(file, question.fileLine, `id is also used in ${twin.file}:${twin.fileLine}`, question.id));
					continue;
				}
				seen.set(question.id, question);
				questions.push(question);
			}
		} catch (e) {
			errors.push(e instanceof QuizError ? e : new QuizError(file, 1, (e as Error).message));
		}
	}
	errors.push(...lengthCueProblems(questions).map(({ file, problem }) => new QuizError(file, 1, problem)));
	const order = new Map(lessons.lessons.map((l, i) => [l.id, i]));
	questions.sort((a, b) => (order.get(a.lesson) ?? 0) - (order.get(b.lesson) ?? 0));
	return { questions, errors };
}
