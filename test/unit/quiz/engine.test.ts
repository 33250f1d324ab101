import assert from 'node:assert/strict';
import { grade } from '../../../src/quiz/grading';
import { emptyProgress, lessonState, mastery, markRead, parseProgress, recordAnswer, recordSession, visit } from '../../../src/quiz/progress';
import { answerCurrent, advance, displayOrder, passed, retryMissed, score, startSession } from '../../../src/quiz/session';
import { shuffledIndices } from '../../../src/quiz/shuffle';
import {
	answerKind,
	type Answer,
	type ChoiceQuestion,
	type FindLineQuestion,
	type OrderQuestion,
	type Question,
	type TrueFalseQuestion,
} from '../../../src/quiz/types';

const base = { lesson: 'event-loop', section: 'blocking-calls', prompt: 'p', difficulty: 2 as const, file: 'f.yaml', fileLine: 1 };
const single: ChoiceQuestion = {
	...base,
	id: 's',
	kind: 'single',
	options: [
		{ text: 'A', correct: false, explain: 'no A' },
		{ text: 'B', correct: true, explain: 'yes B' },
	],
};
const multiple: ChoiceQuestion = {
	...base,
	id: 'm',
	kind: 'multiple',
	options: [
		{ text: 'A', correct: true, explain: 'a' },
		{ text: 'B', correct: false, explain: 'b' },
		{ text: 'C', correct: true, explain: 'c' },
	],
};
const trueFalse: TrueFalseQuestion = { ...base, id: 't', kind: 'true-false', answer: false, explain: { true: 'not true', false: 'right, false' } };
const findLine: FindLineQuestion = {
	...base,
	id: 'f',
	kind: 'find-the-line',
	language: 'python',
	rule: 'blocking-call-in-async',
	line: 2,
	code: 'async def f():\n    time.sleep(1)\n',
	explain: 'sleep blocks',
};
const order: OrderQuestion = { ...base, id: 'o', kind: 'order', items: ['first', 'second', 'third'], explain: 'in order' };
const all: Question[] = [single, multiple, trueFalse, findLine, order];

suite('Quiz engine', () => {
	test("grades single choice with the chosen option's explanation and the right answer when missed", () => {
		assert.deepEqual(grade(single, { kind: 'single', choice: 1 }), { correct: true, explanation: 'yes B', expected: undefined });
		const wrong = grade(single, { kind: 'single', choice: 0 });
		assert.equal(wrong.correct, false);
		assert.equal(wrong.explanation, 'no A');
		assert.match(wrong.expected!, /^B/);
	});

	test('multiple choice needs all correct options and nothing else', () => {
		assert.equal(grade(multiple, { kind: 'multiple', choices: [0, 2] }).correct, true);
		assert.equal(grade(multiple, { kind: 'multiple', choices: [0] }).correct, false);
		assert.equal(grade(multiple, { kind: 'multiple', choices: [0, 1, 2] }).correct, false);
	});

	test('true/false and order', () => {
		assert.equal(grade(trueFalse, { kind: 'true-false', value: false }).correct, true);
		assert.equal(grade(trueFalse, { kind: 'true-false', value: true }).explanation, 'not true');
		assert.equal(grade(order, { kind: 'order', order: [0, 1, 2] }).correct, true);
		assert.equal(grade(order, { kind: 'order', order: [1, 0, 2] }).correct, false);
	});

	test("find-the-line is graded against the analyzer's lines, not the authored one", () => {
		assert.equal(grade(findLine, { kind: 'find-the-line', line: 2 }, [2]).correct, true);
		assert.equal(grade(findLine, { kind: 'find-the-line', line: 2 }, [1]).correct, false);
	});

	test('answers that do not fit the question are rejected', () => {
		assert.throws(() => grade(single, { kind: 'single', choice: 7 }));
		assert.throws(() => grade(single, { kind: 'true-false', value: true }));
		assert.throws(() => grade(order, { kind: 'order', order: [0, 0, 1] }));
		assert.throws(() => grade(findLine, { kind: 'find-the-line', line: 99 }, [2]));
	});

	test('shuffling is a deterministic permutation per seed', () => {
		const a = shuffledIndices(10, 42);
		assert.deepEqual(
			[...a].sort((x, y) => x - y),
			[...Array(10).keys()],
		);
		assert.deepEqual(shuffledIndices(10, 42), a);
		assert.notDeepEqual(shuffledIndices(10, 43), a);
	});

	test('a session only accepts the current question once, then advances and scores', () => {
		let session = startSession({ kind: 'all' }, all, 7, 1000);
		assert.equal(session.questionIds.length, 5);
		const first = all.find((q) => q.id === session.questionIds[0])!;
		const second = all.find((q) => q.id === session.questionIds[1])!;
		assert.throws(() => answerCurrent(session, second, { kind: 'true-false', value: true }), /not the current/);
		const answer: Record<Answer['kind'], Answer> = {
			single: { kind: 'single', choice: 0 },
			multiple: { kind: 'multiple', choices: [1] },
			'true-false': { kind: 'true-false', value: true },
			'find-the-line': { kind: 'find-the-line', line: 1 },
			order: { kind: 'order', order: [2, 1, 0] },
		};
		({ session } = answerCurrent(session, first, answer[answerKind(first.kind)], [2]));
		assert.throws(() => answerCurrent(session, first, answer[answerKind(first.kind)], [2]), /already answered/);
		session = advance(session, 2000);
		assert.equal(session.current, 1);
		for (const id of session.questionIds.slice(1)) {
			const q = all.find((x) => x.id === id)!;
			({ session } = answerCurrent(session, q, answer[answerKind(q.kind)], [2]));
			session = advance(session, 3000);
		}
		assert.equal(session.finishedAt, 3000);
		assert.deepEqual(score(session), { answered: 5, correct: 0, total: 5, percent: 0, missed: session.questionIds });
		assert.equal(passed(session), false);
		const retry = retryMissed(session, all, 8, 4000);
		assert.deepEqual([...retry.questionIds].sort(), ['f', 'm', 'o', 's', 't']);
	});

	test('advance does nothing until the current question is answered', () => {
		const session = startSession({ kind: 'all' }, all, 1, 0);
		assert.equal(advance(session, 5), session);
	});

	test('display order is stable for a session and covers every option', () => {
		const session = startSession({ kind: 'all' }, all, 3, 0);
		assert.deepEqual(displayOrder(session, multiple), displayOrder(session, multiple));
		assert.deepEqual([...displayOrder(session, multiple)].sort(), [0, 1, 2]);
	});
});

suite('Learning progress', () => {
	test('corrupt stored progress is repaired, keeping what is valid', () => {
		assert.deepEqual(parseProgress('garbage'), { progress: emptyProgress(), recovered: true });
		assert.deepEqual(parseProgress(undefined), { progress: emptyProgress(), recovered: false });
		const { progress, recovered } = parseProgress({
			version: 1,
			lessons: { a: { read: true }, b: 'nope', c: { read: 'yes', quizPassed: true } },
			questions: { q1: { attempts: 2, correct: 1, streak: 1, lastCorrect: true, lastAt: 5 }, q2: { attempts: -1 } },
			last: { lesson: 'a', at: 9 },
		});
		assert.equal(recovered, true);
		assert.deepEqual(progress.lessons, { a: { read: true }, c: { quizPassed: true } });
		assert.deepEqual(Object.keys(progress.questions), ['q1']);
		assert.deepEqual(progress.last, { lesson: 'a', at: 9 });
	});

	test('a round trip through JSON keeps everything', () => {
		let progress = visit(emptyProgress(), 'event-loop', 'blocking-calls', 10);
		progress = markRead(progress, 'event-loop');
		progress = recordAnswer(recordAnswer(progress, 's', true, 11), 's', true, 12);
		assert.deepEqual(parseProgress(JSON.parse(JSON.stringify(progress))), { progress, recovered: false });
	});

	test('lesson states move from not started to read to quiz passed', () => {
		let progress = emptyProgress();
		assert.equal(lessonState(progress, 'event-loop'), 'not-started');
		progress = visit(progress, 'event-loop', undefined, 1);
		assert.equal(lessonState(progress, 'event-loop'), 'in-progress');
		progress = markRead(progress, 'event-loop');
		assert.equal(lessonState(progress, 'event-loop'), 'read');
		let session = startSession({ kind: 'lesson', lesson: 'event-loop' }, [single], 1, 0);
		({ session } = answerCurrent(session, single, { kind: 'single', choice: 1 }));
		session = advance(session, 5);
		progress = recordSession(progress, session, [single]);
		assert.equal(lessonState(progress, 'event-loop'), 'quiz-passed');
		assert.equal(progress.lessons['event-loop'].bestScore, 100);
	});

	test('an unfinished session changes nothing; streaks reset on a miss and count mastery', () => {
		const session = startSession({ kind: 'lesson', lesson: 'event-loop' }, [single], 1, 0);
		const before = emptyProgress();
		assert.equal(recordSession(before, session, [single]), before);
		let progress = recordAnswer(recordAnswer(emptyProgress(), 's', true, 1), 's', true, 2);
		assert.deepEqual(mastery(progress, [single, multiple]), { answered: 1, mastered: 1, total: 2 });
		progress = recordAnswer(progress, 's', false, 3);
		assert.equal(progress.questions.s.streak, 0);
		assert.deepEqual(mastery(progress, [single]), { answered: 1, mastered: 0, total: 1 });
	});
});
