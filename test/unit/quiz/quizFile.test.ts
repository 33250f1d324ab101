import assert from 'node:assert/strict';
import { loadLessons } from '../../../src/lessons/catalog';
import { loadQuizzes, parseQuizFile } from '../../../src/quiz/quizFile';
import { QuizError, type ChoiceQuestion, type FindLineQuestion, type OrderQuestion, type TrueFalseQuestion } from '../../../src/quiz/types';
import { lineOf, readLessonFiles } from '../lessonFiles';

const { catalog } = loadLessons(readLessonFiles());
const FILE = 'lessons/quizzes/event-loop.yaml';

/** A good first question, so the question under test is the second one and its line is not line 1. */
const GOOD = [
	'lesson: event-loop',
	'questions:',
	'  - id: good-one',
	'    kind: true-false',
	'    prompt: The loop has one thread.',
	'    section: one-thread-many-waits',
	'    difficulty: 1',
	'    answer: true',
	'    explain:',
	'      "true": Right.',
	'      "false": It does.',
];

/** A quiz file: the good question, then `question` (YAML lines of one list item, without indentation). */
function quiz(...question: string[]): string {
	return [...GOOD, ...question.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join('\n') + '\n';
}

const SECOND = GOOD.length + 1;

function quizError(text: string, file = FILE): QuizError {
	try {
		parseQuizFile(file, text, catalog);
	} catch (e) {
		assert.ok(e instanceof QuizError, `expected a QuizError, got ${String(e)}`);
		return e;
	}
	assert.fail('expected parseQuizFile to throw');
}

function assertError(text: string, line: number, questionId: string | undefined, problem: RegExp): void {
	const error = quizError(text);
	assert.equal(error.file, FILE);
	assert.equal(error.line, line, `wrong line for: ${error.problem}`);
	assert.equal(error.questionId, questionId);
	assert.match(error.problem, problem);
	assert.equal(error.message, `${FILE}:${line}: ${questionId ? `question ${questionId}: ` : ''}${error.problem}`);
}

const choice = (kind: 'single' | 'multiple', options: string[]) => [
	'id: bad-choice',
	`kind: ${kind}`,
	'prompt: Pick.',
	'section: blocking-calls',
	'difficulty: 1',
	'options:',
	...options.map((o) => `  - ${o}`),
];

const findLine = (fields: Record<string, string>) => {
	const all: Record<string, string> = { language: 'python', rule: 'blocking-call-in-async', line: '2', ...fields };
	return [
		'id: bad-line',
		'kind: find-the-line',
		'prompt: Which line?',
		'section: blocking-calls',
		'difficulty: 2',
		...Object.entries(all).map(([k, v]) => `${k}: ${v}`),
		'code: |',
		'  async def f():',
		'      time.sleep(1)',
		'explain: It sleeps.',
	];
};

const orderOf = (items: number) => [
	'id: bad-order',
	'kind: order',
	'prompt: Order.',
	'section: how-the-loop-works',
	'difficulty: 3',
	`items: [${Array.from({ length: items }, (_, i) => `step ${i + 1}`).join(', ')}]`,
	'explain: In order.',
];

suite('parseQuizFile: a valid file', () => {
	test('parses every kind with its fields, file and line', () => {
		const text = [
			...GOOD,
			...[
				'id: pick-one',
				'kind: single',
				'prompt: Pick one.',
				'section: blocking-calls',
				'difficulty: 2',
				'seed: true',
				'options:',
				'  - { text: A, correct: true, explain: Yes. }',
				'  - { text: B, explain: No. }',
			].map((l, i) => (i ? `    ${l}` : `  - ${l}`)),
			...findLine({}).map((l, i) => (i ? `    ${l}` : `  - ${l}`)),
			...orderOf(3).map((l, i) => (i ? `    ${l}` : `  - ${l}`)),
		].join('\n');
		const questions = parseQuizFile(FILE, text, catalog);
		assert.deepEqual(
			questions.map((q) => [q.id, q.kind, q.fileLine]),
			[
				['good-one', 'true-false', 3],
				['pick-one', 'single', lineOf(text, '  - id: pick-one')],
				['bad-line', 'find-the-line', lineOf(text, '  - id: bad-line')],
				['bad-order', 'order', lineOf(text, '  - id: bad-order')],
			],
		);
		const [tf, single, line, order] = questions as [TrueFalseQuestion, ChoiceQuestion, FindLineQuestion, OrderQuestion];
		assert.deepEqual(tf.explain, { true: 'Right.', false: 'It does.' });
		assert.equal(tf.answer, true);
		assert.deepEqual(single.options, [
			{ text: 'A', correct: true, explain: 'Yes.' },
			{ text: 'B', correct: false, explain: 'No.' },
		]);
		assert.equal(single.difficulty, 2);
		assert.equal(single.seed, true);
		assert.equal(tf.seed, undefined);
		assert.equal(line.code, 'async def f():\n    time.sleep(1)');
		assert.equal(line.line, 2);
		assert.deepEqual(order.items, ['step 1', 'step 2', 'step 3']);
		assert.ok(questions.every((q) => q.file === FILE && q.lesson === 'event-loop'));
	});
});

suite('parseQuizFile: errors name file, line and question', () => {
	test('invalid YAML is reported at the line of the error', () => {
		const text = ['lesson: event-loop', 'questions:', '  - id: a', '    kind: single', '  prompt: "dangling', ''].join('\n');
		assertError(text, 5, undefined, /^not valid YAML: /);
		assertError('lesson: event-loop\nquestions:\n  - id: x\n    prompt: a: b: c\n', 4, undefined, /not valid YAML/);
	});

	test('an unknown or missing lesson', () => {
		assertError(
			quiz().replace('lesson: event-loop', 'lesson: no-such-lesson'),
			1,
			undefined,
			/`lesson:` must name an existing lesson \(got "no-such-lesson"\)/,
		);
		assertError(GOOD.slice(1).join('\n'), 1, undefined, /`lesson:` must name an existing lesson \(got undefined\)/);
	});

	test('missing, empty or non-list questions', () => {
		assertError('lesson: event-loop\n', 1, undefined, /`questions:` must be a non-empty list/);
		assertError('lesson: event-loop\nquestions: []\n', 1, undefined, /`questions:` must be a non-empty list/);
		assertError('lesson: event-loop\nquestions: { id: a }\n', 1, undefined, /`questions:` must be a non-empty list/);
	});

	test('a question id that is missing or not kebab-case', () => {
		assertError(quiz('kind: single', 'prompt: P'), SECOND, undefined, /`id` must be a kebab-case string/);
		assertError(quiz('id: Bad_Id', 'kind: single'), SECOND, 'Bad_Id', /`id` must be a kebab-case string/);
	});

	test('an unknown kind', () => {
		assertError(
			quiz('id: essay-q', 'kind: essay', 'prompt: Write.', 'section: blocking-calls'),
			SECOND,
			'essay-q',
			/`kind` must be one of single, multiple, true-false, find-the-line, order, predict-output, scenario/,
		);
	});

	test('a section that is not an anchor of the lesson', () => {
		const text = quiz('id: lost', 'kind: true-false', 'prompt: P', 'section: waiting-room', 'answer: true', 'explain: { "true": a, "false": b }');
		assertError(text, SECOND, 'lost', /section `waiting-room` is not an anchor of lesson event-loop/);
		// An anchor of another lesson does not count either.
		assertError(text.replace('section: waiting-room', 'section: stack-sizes'), SECOND, 'lost', /section `stack-sizes` is not an anchor of lesson event-loop/);
	});

	test('single choice with no correct option or with two', () => {
		assertError(
			quiz(...choice('single', ['{ text: A, explain: a }', '{ text: B, explain: b }'])),
			SECOND,
			'bad-choice',
			/exactly one correct option \(has 0\)/,
		);
		assertError(
			quiz(...choice('single', ['{ text: A, correct: true, explain: a }', '{ text: B, correct: true, explain: b }'])),
			SECOND,
			'bad-choice',
			/exactly one correct option \(has 2\)/,
		);
	});

	test('multiple choice with no correct option', () => {
		assertError(
			quiz(...choice('multiple', ['{ text: A, explain: a }', '{ text: B, explain: b }', '{ text: C, correct: false, explain: c }'])),
			SECOND,
			'bad-choice',
			/at least one correct option/,
		);
	});

	test('an option without explain, without text, with a non-boolean correct, or a lone option', () => {
		assertError(quiz(...choice('single', ['{ text: A, correct: true, explain: a }', '{ text: B }'])), SECOND, 'bad-choice', /option 2 needs `explain`/);
		assertError(
			quiz(...choice('single', ['{ text: A, correct: true, explain: "  " }', '{ text: B, explain: b }'])),
			SECOND,
			'bad-choice',
			/option 1 needs `explain`/,
		);
		assertError(quiz(...choice('single', ['{ correct: true, explain: a }', '{ text: B, explain: b }'])), SECOND, 'bad-choice', /option 1 needs `text`/);
		assertError(
			quiz(...choice('single', ['{ text: A, correct: "yes", explain: a }', '{ text: B, explain: b }'])),
			SECOND,
			'bad-choice',
			/option 1: `correct` must be true or false/,
		);
		assertError(quiz(...choice('single', ['{ text: A, correct: true, explain: a }'])), SECOND, 'bad-choice', /needs at least two options/);
	});

	test('true-false without a boolean answer or without both explanations', () => {
		const tf = (...fields: string[]) => quiz('id: tf', 'kind: true-false', 'prompt: P', 'section: blocking-calls', 'difficulty: 1', ...fields);
		assertError(tf('explain: { "true": a, "false": b }'), SECOND, 'tf', /`answer` must be true or false/);
		assertError(tf('answer: "yes"', 'explain: { "true": a, "false": b }'), SECOND, 'tf', /`answer` must be true or false/);
		assertError(tf('answer: true', 'explain: { "true": a }'), SECOND, 'tf', /`explain.false` must be a non-empty string/);
		assertError(tf('answer: false', 'explain: { "false": b }'), SECOND, 'tf', /`explain.true` must be a non-empty string/);
		assertError(tf('answer: false'), SECOND, 'tf', /`explain.true` must be a non-empty string/);
	});

	test('find-the-line with an unknown language, an unknown rule or a line outside the code', () => {
		assertError(quiz(...findLine({ language: 'ruby' })), SECOND, 'bad-line', /`language` must be one of python, javascript/);
		assertError(quiz(...findLine({ rule: 'blocking-sleep' })), SECOND, 'bad-line', /unknown rule id `blocking-sleep`/);
		for (const line of ['0', '3', '-1', '1.5', '"2"']) {
			assertError(quiz(...findLine({ line })), SECOND, 'bad-line', /`line` must be a line number within `code`/);
		}
	});

	test('order with too few or too many items', () => {
		assertError(quiz(...orderOf(2)), SECOND, 'bad-order', /an order question needs 3 to 6 items/);
		assertError(quiz(...orderOf(7)), SECOND, 'bad-order', /an order question needs 3 to 6 items/);
		assert.equal(parseQuizFile(FILE, quiz(...orderOf(6)), catalog).length, 2, '6 items are fine');
	});

	test('predict-output needs a known language and code; scenario needs a diagram the engine can draw', () => {
		const withExhibit = (kind: string, ...fields: string[]) =>
			quiz(
				'id: ex',
				`kind: ${kind}`,
				'prompt: P',
				'section: how-the-loop-works',
				'difficulty: 2',
				...fields,
				'options:',
				'  - { text: A, correct: true, explain: Yes. }',
				'  - { text: B, explain: No. }',
			);
		assertError(withExhibit('predict-output', 'language: cobol', 'code: x'), SECOND, 'ex', /`language` must be one of/);
		assertError(withExhibit('predict-output', 'language: python'), SECOND, 'ex', /`code` must be a non-empty string/);
		assertError(withExhibit('scenario'), SECOND, 'ex', /`diagram`: /);
		assertError(withExhibit('scenario', 'diagram: { type: bars, title: T, bars: [] }'), SECOND, 'ex', /`diagram`: /);
		assertError(
			quiz(
				'id: ex',
				'kind: predict-output',
				'prompt: P',
				'section: how-the-loop-works',
				'difficulty: 2',
				'language: python',
				'code: x',
				'options:',
				'  - { text: A, correct: true, explain: Yes. }',
				'  - { text: B, correct: true, explain: No. }',
			),
			SECOND,
			'ex',
			/a predict-output question needs exactly one correct option \(has 2\)/,
		);
		const [, predict] = parseQuizFile(
			FILE,
			withExhibit('predict-output', 'language: javascript', 'code: |', '  console.log(1);', ''),
			catalog,
		) as ChoiceQuestion[];
		assert.equal(predict.exhibit, '```javascript\nconsole.log(1);\n```');
		const [, scenario] = parseQuizFile(
			FILE,
			withExhibit('scenario', 'diagram: { type: bars, title: Loop delay, unit: ms, bars: [{ label: "0 s", value: 3 }] }'),
			catalog,
		) as ChoiceQuestion[];
		assert.match(scenario.exhibit!, /^```diagram\n[\s\S]*title: Loop delay[\s\S]*\n```$/);
	});

	test('a bad difficulty or an empty prompt', () => {
		const q = (...fields: string[]) =>
			quiz('id: tf', 'kind: true-false', 'section: blocking-calls', 'answer: true', 'explain: { "true": a, "false": b }', ...fields);
		assertError(q('prompt: P', 'difficulty: 4'), SECOND, 'tf', /`difficulty` must be 1 \(recall\), 2 \(apply\) or 3/);
		assertError(q('prompt: P'), SECOND, 'tf', /`difficulty` must be/);
		assertError(q('prompt: "  "', 'difficulty: 1'), SECOND, 'tf', /`prompt` must be a non-empty string/);
	});

	test('the line is that of the failing question, wherever it is in the file', () => {
		const text = quiz(...orderOf(3)) + ['  - id: third', '    kind: order'].join('\n') + '\n';
		assertError(text, lineOf(text, '  - id: third'), 'third', /`kind` must be one of|section/);
	});
});

suite('loadQuizzes', () => {
	test('a duplicate id across files names both files and lines; the first one is kept', () => {
		const a = { file: 'lessons/quizzes/a.yaml', text: quiz() };
		const b = { file: 'lessons/quizzes/b.yaml', text: ['# a comment', '', ...GOOD].join('\n') };
		const { questions, errors } = loadQuizzes([a, b], catalog);
		assert.equal(errors.length, 1);
		assert.equal(errors[0].file, 'lessons/quizzes/b.yaml');
		assert.equal(errors[0].line, 5);
		assert.equal(errors[0].questionId, 'good-one');
		assert.equal(errors[0].message, 'lessons/quizzes/b.yaml:5: question good-one: id is also used in lessons/quizzes/a.yaml:3');
		assert.deepEqual(
			questions.map((q) => [q.id, q.file]),
			[['good-one', 'lessons/quizzes/a.yaml']],
		);
	});

	test('a file whose right options are systematically the longest is an error naming the questions', () => {
		const pick = (id: string, right: string, wrong: string) => [
			`  - id: ${id}`,
			'    kind: single',
			'    prompt: Pick.',
			'    section: blocking-calls',
			'    difficulty: 1',
			'    options:',
			`      - { text: ${right}, correct: true, explain: Yes. }`,
			`      - { text: ${wrong}, explain: No. }`,
			`      - { text: ${wrong}, explain: No. }`,
		];
		const file = (longRight: number) => ({
			file: FILE,
			text: [
				'lesson: event-loop',
				'questions:',
				...[0, 1, 2].flatMap((i) => pick(`q-${i}`, i < longRight ? 'the much longer right answer' : 'short', 'a wrong one')),
			].join('\n'),
		});
		assert.deepEqual(loadQuizzes([file(1)], catalog).errors, [], 'one in three is chance, not a cue');
		const [error, ...more] = loadQuizzes([file(2)], catalog).errors;
		assert.equal(more.length, 0);
		assert.equal(error.file, FILE);
		assert.match(error.problem, /the right option is the longest in 2 of 3 one-answer questions \(q-0, q-1\)/);
	});

	test('errors are collected, not thrown, and good files still load, sorted by lesson order', () => {
		const later = {
			file: 'lessons/quizzes/later.yaml',
			text: [
				'lesson: bounding-concurrency',
				'questions:',
				'  - id: later-q',
				'    kind: true-false',
				'    prompt: P',
				`    section: ${catalog.get('bounding-concurrency')!.sections[0].id}`,
				'    difficulty: 1',
				'    answer: false',
				'    explain: { "true": a, "false": b }',
			].join('\n'),
		};
		const broken = { file: 'lessons/quizzes/broken.yaml', text: 'lesson: [' };
		const bad = { file: 'lessons/quizzes/bad.yaml', text: quiz(...orderOf(2)).replace('good-one', 'other-good') };
		let result: ReturnType<typeof loadQuizzes> | undefined;
		assert.doesNotThrow(() => {
			result = loadQuizzes([later, broken, { file: FILE, text: quiz() }, bad], catalog);
		});
		assert.ok(result);
		assert.deepEqual(
			result.errors.map((e) => [e.file, e.questionId]),
			[
				['lessons/quizzes/broken.yaml', undefined],
				['lessons/quizzes/bad.yaml', 'bad-order'],
			],
		);
		assert.ok(result.errors.every((e) => e instanceof QuizError));
		assert.deepEqual(
			result.questions.map((q) => q.id),
			['good-one', 'later-q'],
			'event-loop (lesson 3) before bounding-concurrency (lesson 10); a file with a bad question adds none',
		);
	});
});
