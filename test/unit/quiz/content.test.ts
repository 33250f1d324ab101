import assert from 'node:assert/strict';
import { loadLessons } from '../../../src/lessons/catalog';
import { loadQuizzes } from '../../../src/quiz/quizFile';
import { LONGEST_RIGHT_LIMIT, quizStats } from '../../../src/quiz/stats';
import { QUESTION_KINDS, type FindLineQuestion, type Question } from '../../../src/quiz/types';
import { readLessonFiles, readQuizFiles } from '../lessonFiles';
import { analyzer } from '../testAnalyzer';

const { catalog } = loadLessons(readLessonFiles());
const { questions, errors } = loadQuizzes(readQuizFiles(), catalog);
const byId = new Map(questions.map((q) => [q.id, q]));

/** The six questions of the course article, with the keys a careful reader gets. */
const SEED_KEYS: { fragment: RegExp; key: (q: Question) => boolean }[] = [
	{ fragment: /solo barista switches/i, key: (q) => q.kind === 'single' && /^concurrency/i.test(q.options.find((o) => o.correct)!.text) },
	{ fragment: /Node\.js can handle tens of thousands/i, key: (q) => q.kind === 'true-false' && q.answer === true },
	{
		fragment: /which type of workload benefits most from parallelism/i,
		key: (q) => q.kind === 'single' && /cpu-bound/i.test(q.options.find((o) => o.correct)!.text),
	},
	{ fragment: /goroutines and OS threads are essentially equivalent/i, key: (q) => q.kind === 'true-false' && q.answer === false },
	{ fragment: /sufficient for CPU-bound workloads without a separate thread pool/i, key: (q) => q.kind === 'true-false' && q.answer === false },
	{ fragment: /spawning 100 OS threads/i, key: (q) => q.kind === 'single' && /memory/i.test(q.options.find((o) => o.correct)!.text) },
];

suite('Quiz content (every file in lessons/quizzes/)', () => {
	test('all quiz files parse with no errors', () => {
		assert.deepEqual(
			errors.map((e) => e.message),
			[],
		);
	});

	test('the six questions of the course article are present with the right keys', () => {
		for (const { fragment, key } of SEED_KEYS) {
			const matches = questions.filter((q) => fragment.test(q.prompt));
			assert.equal(matches.length, 1, `expected one question matching ${fragment}`);
			assert.ok(matches[0].seed, `${matches[0].id} should be marked seed: true`);
			assert.ok(key(matches[0]), `${matches[0].id} has the wrong key`);
		}
		assert.equal(questions.filter((q) => q.seed).length, 6);
	});

	test('at least 4 more questions for every lesson, 46 in all beyond the article', () => {
		for (const lesson of catalog.lessons) {
			const own = questions.filter((q) => q.lesson === lesson.id && !q.seed);
			assert.ok(own.length >= 4, `${lesson.id} has ${own.length} non-seed questions`);
		}
		assert.ok(questions.filter((q) => !q.seed).length >= 46);
	});

	test('every kind of question is used', () => {
		for (const kind of QUESTION_KINDS) {
			assert.ok(
				questions.some((q) => q.kind === kind),
				`no ${kind} question`,
			);
		}
	});

	test('no test-taking cues: right options are not systematically longest, multiple-select varies its right count', () => {
		const stats = quizStats(questions);
		assert.ok(
			stats.oneAnswer.rightIsLongest <= stats.oneAnswer.questions * LONGEST_RIGHT_LIMIT,
			`right option longest in ${stats.oneAnswer.rightIsLongest} of ${stats.oneAnswer.questions}`,
		);
		assert.ok(
			stats.multiple.majorityRight * 2 <= stats.multiple.questions,
			`${stats.multiple.majorityRight} of ${stats.multiple.questions} multiple-select questions have mostly right options`,
		);
		assert.ok(
			Object.keys(stats.multiple.byRightCount).some((k) => k.startsWith('1 of ')),
			'no multiple-select question with a single right option',
		);
		assert.ok(Object.keys(stats.multiple.byRightCount).length >= 4, `only ${Object.keys(stats.multiple.byRightCount).join(', ')}`);
	});

	test('practice beyond recall: predict-the-output and scenario questions, and every difficulty', () => {
		const stats = quizStats(questions);
		assert.ok((stats.byKind['predict-output'] ?? 0) >= 10, `${stats.byKind['predict-output']} predict-output questions`);
		assert.ok((stats.byKind.scenario ?? 0) >= 8, `${stats.byKind.scenario} scenario questions`);
		assert.ok(stats.byDifficulty[1] > 0 && stats.byDifficulty[2] > 0 && stats.byDifficulty[3] > 0, JSON.stringify(stats.byDifficulty));
	});

	for (const question of questions.filter((q): q is FindLineQuestion => q.kind === 'find-the-line')) {
		test(`find-the-line ${question.id} (${question.language}): the analyzer flags exactly the intended line`, async () => {
			const findings = await analyzer.analyze(question.code, question.language);
			const lines = findings.filter((f) => f.ruleId === question.rule).map((f) => f.range.startLine + 1);
			assert.deepEqual(lines, [question.line], `${question.rule} found on lines [${lines.join(', ')}]`);
			const others = findings.filter((f) => f.ruleId !== question.rule);
			assert.deepEqual(
				others.map((f) => `${f.range.startLine + 1}: ${f.ruleId}`),
				[],
				'no other findings should distract',
			);
		});
	}

	test('question ids are unique and findable', () => {
		assert.equal(byId.size, questions.length);
	});
});
