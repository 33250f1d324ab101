import assert from 'node:assert/strict';
import { parseAnswer, parseLessonMessage, parseLessonState, parseQuizMessage } from '../../src/protocol/messages';

/** What a webview can actually send: JSON, so `__proto__` arrives as an own key, not a prototype. */
const json = (text: string): unknown => JSON.parse(text) as unknown;

const NOT_OBJECTS: unknown[] = [null, undefined, 'ready', '{"type":"ready"}', 0, 42, true, [], [{ type: 'ready' }], () => 'ready'];

const LONG_ID = 'a'.repeat(82);
const MAX_ID = 'a'.repeat(81);
const BAD_IDS: unknown[] = [
	'',
	'Event-loop',
	'event loop',
	'../event-loop',
	'event-loop/../../x',
	'event_loop',
	'-event-loop',
	'event-loop\n',
	LONG_ID,
	42,
	null,
	['event-loop'],
	{ id: 'event-loop' },
];
const BAD_INDEXES: unknown[] = [-1, 1.5, 1000, 1e9, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, '1', null, true, [1]];

function assertPristinePrototype(): void {
	const probe: Record<string, unknown> = {};
	assert.equal(probe.polluted, undefined, 'Object.prototype was polluted');
	assert.equal(probe.type, undefined, 'Object.prototype was polluted');
}

function assertPlain(value: unknown): void {
	assert.ok(value && typeof value === 'object');
	assert.equal(Object.getPrototypeOf(value), Object.prototype);
	assert.ok(!Object.prototype.hasOwnProperty.call(value, '__proto__'), 'no own __proto__ key is copied');
}

suite('parseLessonMessage', () => {
	test('valid messages pass through with exactly the known fields', () => {
		for (const type of ['ready', 'startQuiz', 'reachedEnd'] as const) {
			assert.deepEqual(parseLessonMessage({ type, extra: 'dropped', lesson: 'x' }), { type });
		}
		assert.deepEqual(parseLessonMessage({ type: 'openLesson', lesson: 'event-loop', section: 'blocking-calls', html: '<b>' }), {
			type: 'openLesson',
			lesson: 'event-loop',
			section: 'blocking-calls',
		});
		assert.deepEqual(parseLessonMessage({ type: 'openLesson', lesson: 'event-loop' }), { type: 'openLesson', lesson: 'event-loop' });
		assert.ok(!('section' in parseLessonMessage({ type: 'openLesson', lesson: 'event-loop' })!), 'no section key when none was sent');
		assert.deepEqual(parseLessonMessage({ type: 'openExample', example: 'retry-sleep-bad', path: '/etc/passwd' }), {
			type: 'openExample',
			example: 'retry-sleep-bad',
		});
		assert.deepEqual(parseLessonMessage({ type: 'navigate', direction: 'previous' }), { type: 'navigate', direction: 'previous' });
		assert.deepEqual(parseLessonMessage({ type: 'navigate', direction: 'next', by: 5 }), { type: 'navigate', direction: 'next' });
		assert.deepEqual(parseLessonMessage({ type: 'sectionVisible', section: 'takeaways' }), { type: 'sectionVisible', section: 'takeaways' });
		assert.deepEqual(parseLessonMessage({ type: 'openLesson', lesson: MAX_ID }), { type: 'openLesson', lesson: MAX_ID });
	});

	test('non-object messages are rejected', () => {
		for (const raw of NOT_OBJECTS) {
			assert.equal(parseLessonMessage(raw), undefined, String(raw));
		}
	});

	test('unknown, missing or non-string types are rejected', () => {
		for (const type of [undefined, 'READY', 'ready ', 'scrollTo', 'answer', 'next', 'toString', '__proto__', 1, ['ready'], { type: 'ready' }]) {
			assert.equal(parseLessonMessage({ type }), undefined, JSON.stringify(type));
		}
		assert.equal(parseLessonMessage({}), undefined);
	});

	test('ids with uppercase, spaces, path traversal, wrong types or over-long strings are rejected', () => {
		for (const id of BAD_IDS) {
			assert.equal(parseLessonMessage({ type: 'openLesson', lesson: id }), undefined, `lesson ${JSON.stringify(id)}`);
			assert.equal(parseLessonMessage({ type: 'openLesson', lesson: 'event-loop', section: id }), undefined, `section ${JSON.stringify(id)}`);
			assert.equal(parseLessonMessage({ type: 'openExample', example: id }), undefined, `example ${JSON.stringify(id)}`);
			assert.equal(parseLessonMessage({ type: 'sectionVisible', section: id }), undefined, `visible ${JSON.stringify(id)}`);
		}
	});

	test('missing fields are rejected', () => {
		assert.equal(parseLessonMessage({ type: 'openLesson' }), undefined);
		assert.equal(parseLessonMessage({ type: 'openLesson', section: 'one' }), undefined);
		assert.equal(parseLessonMessage({ type: 'openExample' }), undefined);
		assert.equal(parseLessonMessage({ type: 'sectionVisible' }), undefined);
		assert.equal(parseLessonMessage({ type: 'navigate' }), undefined);
	});

	test('navigate only goes previous or next', () => {
		for (const direction of ['up', 'Next', 'first', 1, -1, null, ['next']]) {
			assert.equal(parseLessonMessage({ type: 'navigate', direction }), undefined, JSON.stringify(direction));
		}
	});

	test('__proto__ keys do not leak into the result or the prototype', () => {
		const result = parseLessonMessage(json('{"type":"openLesson","lesson":"event-loop","__proto__":{"polluted":true,"section":"evil"}}'));
		assert.deepEqual(result, { type: 'openLesson', lesson: 'event-loop' });
		assertPlain(result);
		assert.equal(parseLessonMessage(json('{"__proto__":{"type":"ready"}}')), undefined, 'a type hidden under __proto__ is not a type');
		assertPristinePrototype();
	});
});

suite('parseAnswer', () => {
	test('valid answers pass through with exactly the known fields', () => {
		assert.deepEqual(parseAnswer({ kind: 'single', choice: 0, correct: true }), { kind: 'single', choice: 0 });
		assert.deepEqual(parseAnswer({ kind: 'single', choice: 999 }), { kind: 'single', choice: 999 });
		assert.deepEqual(parseAnswer({ kind: 'multiple', choices: [2, 0] }), { kind: 'multiple', choices: [2, 0] });
		assert.deepEqual(parseAnswer({ kind: 'multiple', choices: [] }), { kind: 'multiple', choices: [] });
		assert.deepEqual(parseAnswer({ kind: 'multiple', choices: [1, 1, 3, 1] }), { kind: 'multiple', choices: [1, 3] }, 'duplicates collapse');
		assert.deepEqual(parseAnswer({ kind: 'true-false', value: false }), { kind: 'true-false', value: false });
		assert.deepEqual(parseAnswer({ kind: 'find-the-line', line: 1, column: 4 }), { kind: 'find-the-line', line: 1 });
		assert.deepEqual(parseAnswer({ kind: 'order', order: [2, 0, 1] }), { kind: 'order', order: [2, 0, 1] });
		assert.deepEqual(parseAnswer({ kind: 'order', order: Array.from({ length: 20 }, (_, i) => i) })?.kind, 'order');
	});

	test('non-object answers and unknown kinds are rejected', () => {
		for (const raw of NOT_OBJECTS) {
			assert.equal(parseAnswer(raw), undefined, String(raw));
		}
		for (const kind of [undefined, 'essay', 'Single', 'truefalse', 0, null]) {
			assert.equal(parseAnswer({ kind, choice: 0, choices: [0], value: true, line: 1, order: [0] }), undefined, String(kind));
		}
	});

	test('negative, non-integer, huge or non-numeric indexes are rejected everywhere', () => {
		for (const bad of BAD_INDEXES) {
			const label = String(bad);
			assert.equal(parseAnswer({ kind: 'single', choice: bad }), undefined, `single ${label}`);
			assert.equal(parseAnswer({ kind: 'multiple', choices: [0, bad] }), undefined, `multiple ${label}`);
			assert.equal(parseAnswer({ kind: 'find-the-line', line: bad }), undefined, `line ${label}`);
			assert.equal(parseAnswer({ kind: 'order', order: [bad, 0] }), undefined, `order ${label}`);
		}
	});

	test('missing or mistyped fields are rejected', () => {
		assert.equal(parseAnswer({ kind: 'single' }), undefined);
		assert.equal(parseAnswer({ kind: 'single', choices: [0] }), undefined);
		assert.equal(parseAnswer({ kind: 'multiple', choices: 1 }), undefined);
		assert.equal(parseAnswer({ kind: 'multiple', choices: '0,1' }), undefined);
		assert.equal(parseAnswer({ kind: 'multiple', choices: { 0: 0, length: 1 } }), undefined);
		assert.equal(parseAnswer({ kind: 'true-false' }), undefined);
		assert.equal(parseAnswer({ kind: 'true-false', value: 'true' }), undefined);
		assert.equal(parseAnswer({ kind: 'true-false', value: 1 }), undefined);
		assert.equal(parseAnswer({ kind: 'find-the-line' }), undefined);
		assert.equal(parseAnswer({ kind: 'order', order: '0,1,2' }), undefined);
		assert.equal(parseAnswer({ kind: 'order' }), undefined);
	});

	test('find-the-line line 0 is rejected (lines are 1-based)', () => {
		assert.equal(parseAnswer({ kind: 'find-the-line', line: 0 }), undefined);
		assert.deepEqual(parseAnswer({ kind: 'find-the-line', line: 1 }), { kind: 'find-the-line', line: 1 });
	});

	test('too many choices or order items are rejected', () => {
		const many = Array.from({ length: 21 }, (_, i) => i);
		assert.equal(parseAnswer({ kind: 'multiple', choices: many }), undefined);
		assert.equal(parseAnswer({ kind: 'order', order: many }), undefined);
		assert.equal(parseAnswer({ kind: 'multiple', choices: Array.from({ length: 21 }, () => 0) }), undefined, 'counted before duplicates collapse');
	});

	test('__proto__ keys inside an answer do not leak', () => {
		const result = parseAnswer(json('{"kind":"single","choice":1,"__proto__":{"polluted":true,"kind":"order"}}'));
		assert.deepEqual(result, { kind: 'single', choice: 1 });
		assertPlain(result);
		assertPristinePrototype();
	});
});

suite('parseQuizMessage', () => {
	test('valid messages pass through with exactly the known fields', () => {
		for (const type of ['ready', 'next', 'retryMissed', 'restart'] as const) {
			assert.deepEqual(parseQuizMessage({ type, questionId: 'q', answer: {} }), { type });
		}
		assert.deepEqual(parseQuizMessage({ type: 'answer', questionId: 'event-loop-sleep', answer: { kind: 'single', choice: 2, correct: true }, score: 100 }), {
			type: 'answer',
			questionId: 'event-loop-sleep',
			answer: { kind: 'single', choice: 2 },
		});
		assert.deepEqual(parseQuizMessage({ type: 'answer', questionId: 'code-1x2y-line', answer: { kind: 'find-the-line', line: 7 } }), {
			type: 'answer',
			questionId: 'code-1x2y-line',
			answer: { kind: 'find-the-line', line: 7 },
		});
		assert.deepEqual(parseQuizMessage({ type: 'openLesson', lesson: 'event-loop', section: 'blocking-calls' }), {
			type: 'openLesson',
			lesson: 'event-loop',
			section: 'blocking-calls',
		});
		assert.deepEqual(parseQuizMessage({ type: 'openLesson', lesson: 'event-loop' }), { type: 'openLesson', lesson: 'event-loop' });
	});

	test('non-object messages and unknown types are rejected', () => {
		for (const raw of NOT_OBJECTS) {
			assert.equal(parseQuizMessage(raw), undefined, String(raw));
		}
		for (const type of [undefined, 'startQuiz', 'navigate', 'show', 'Answer', 'finish', 7]) {
			assert.equal(parseQuizMessage({ type, questionId: 'q', answer: { kind: 'single', choice: 0 } }), undefined, String(type));
		}
	});

	test('answers with a bad question id or a malformed answer are rejected', () => {
		const answer = { kind: 'single', choice: 0 };
		for (const id of BAD_IDS) {
			assert.equal(parseQuizMessage({ type: 'answer', questionId: id, answer }), undefined, JSON.stringify(id));
		}
		assert.equal(parseQuizMessage({ type: 'answer', answer }), undefined, 'missing question id');
		assert.equal(parseQuizMessage({ type: 'answer', questionId: 'q' }), undefined, 'missing answer');
		assert.equal(parseQuizMessage({ type: 'answer', questionId: 'q', answer: { kind: 'single', choice: -1 } }), undefined);
		assert.equal(parseQuizMessage({ type: 'answer', questionId: 'q', answer: { kind: 'find-the-line', line: 0 } }), undefined);
		assert.equal(
			parseQuizMessage({ type: 'answer', questionId: 'q', answer: { kind: 'multiple', choices: Array.from({ length: 21 }, (_, i) => i) } }),
			undefined,
		);
		assert.equal(parseQuizMessage({ type: 'answer', questionId: 'q', answer: 'single:0' }), undefined);
		assert.equal(parseQuizMessage({ type: 'answer', questionId: 'q', answer: null }), undefined);
	});

	test("openLesson ids are checked like the lesson panel's", () => {
		for (const id of BAD_IDS) {
			assert.equal(parseQuizMessage({ type: 'openLesson', lesson: id }), undefined, `lesson ${JSON.stringify(id)}`);
			assert.equal(parseQuizMessage({ type: 'openLesson', lesson: 'event-loop', section: id }), undefined, `section ${JSON.stringify(id)}`);
		}
	});

	test('__proto__ keys do not leak', () => {
		const result = parseQuizMessage(
			json('{"type":"answer","questionId":"q","__proto__":{"polluted":true},"answer":{"kind":"order","order":[1,0,2],"__proto__":{"polluted":true}}}'),
		);
		assert.deepEqual(result, { type: 'answer', questionId: 'q', answer: { kind: 'order', order: [1, 0, 2] } });
		assertPlain(result);
		assert.ok(result?.type === 'answer');
		assertPlain(result.answer);
		assertPristinePrototype();
	});
});

suite('parseLessonState', () => {
	test('a valid state passes through with exactly the known fields', () => {
		assert.deepEqual(parseLessonState({ lesson: 'event-loop', section: 'blocking-calls', scroll: 900 }), { lesson: 'event-loop', section: 'blocking-calls' });
		assert.deepEqual(parseLessonState({ lesson: 'event-loop' }), { lesson: 'event-loop' });
		assert.ok(!('section' in parseLessonState({ lesson: 'event-loop' })!));
	});

	test('non-objects and bad lesson ids are rejected', () => {
		for (const raw of NOT_OBJECTS) {
			assert.equal(parseLessonState(raw), undefined, String(raw));
		}
		for (const id of BAD_IDS) {
			assert.equal(parseLessonState({ lesson: id, section: 'one' }), undefined, JSON.stringify(id));
		}
		assert.equal(parseLessonState({ section: 'one' }), undefined);
	});

	test('a bad section is dropped, not copied: the lesson still restores at its top', () => {
		for (const section of BAD_IDS) {
			const state = parseLessonState({ lesson: 'event-loop', section });
			assert.deepEqual(state, { lesson: 'event-loop' }, JSON.stringify(section));
		}
	});

	test('__proto__ keys do not leak', () => {
		const state = parseLessonState(json('{"lesson":"event-loop","__proto__":{"section":"evil","polluted":true}}'));
		assert.deepEqual(state, { lesson: 'event-loop' });
		assertPlain(state);
		assertPristinePrototype();
	});
});
