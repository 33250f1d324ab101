import assert from 'node:assert/strict';
import { quizStats, rightIsLongest } from '../../../src/quiz/stats';
import type { ChoiceQuestion, Question } from '../../../src/quiz/types';

const base = { lesson: 'event-loop', section: 'blocking-calls', prompt: 'p', file: 'f.yaml', fileLine: 1 };
const choice = (id: string, kind: ChoiceQuestion['kind'], difficulty: 1 | 2 | 3, options: [string, boolean][]): ChoiceQuestion => ({
	...base,
	id,
	kind,
	difficulty,
	options: options.map(([text, correct]) => ({ text, correct, explain: 'e' })),
});

suite('Quiz statistics', () => {
	test('the right option counts as longest only when strictly longer than every other', () => {
		assert.equal(
			rightIsLongest(
				choice('a', 'single', 1, [
					['longest one', true],
					['short', false],
					['tiny', false],
				]),
			),
			true,
		);
		assert.equal(
			rightIsLongest(
				choice('b', 'single', 1, [
					['same', true],
					['also', false],
					['x', false],
				]),
			),
			false,
			'a tie is no cue',
		);
		assert.equal(
			rightIsLongest(
				choice('c', 'single', 1, [
					['ok', true],
					['a longer wrong one', false],
					['x', false],
				]),
			),
			false,
		);
	});

	test('counts kinds, difficulties, length cues and right counts of multiple-select questions', () => {
		const questions: Question[] = [
			choice('s1', 'single', 1, [
				['the long right one', true],
				['no', false],
				['nope', false],
			]),
			choice('s2', 'predict-output', 2, [
				['ok', true],
				['a longer wrong one', false],
				['x', false],
			]),
			choice('s3', 'scenario', 3, [
				['yes', true],
				['no', false],
			]), // two options: not counted for length cues
			choice('m1', 'multiple', 2, [
				['a', true],
				['b', true],
				['c', true],
				['d', false],
			]),
			choice('m2', 'multiple', 2, [
				['a', true],
				['b', false],
				['c', false],
				['d', false],
			]),
			{ ...base, id: 't', kind: 'true-false', difficulty: 1, answer: true, explain: { true: 'y', false: 'n' } },
		];
		assert.deepEqual(quizStats(questions), {
			questions: 6,
			byKind: { single: 1, 'predict-output': 1, scenario: 1, multiple: 2, 'true-false': 1 },
			byDifficulty: { 1: 2, 2: 3, 3: 1 },
			oneAnswer: { questions: 2, rightIsLongest: 1 },
			multiple: { questions: 2, byRightCount: { '3 of 4': 1, '1 of 4': 1 }, majorityRight: 1 },
		});
	});
});
