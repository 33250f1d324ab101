import assert from 'node:assert/strict';
import type { Finding } from '../../../src/analysis/types';
import { loadLessons } from '../../../src/lessons/catalog';
import type { AnswerMessage } from '../../../src/protocol/messages';
import { questionsFromFinding, type CodeFindLineQuestion } from '../../../src/quiz/fromFinding';
import { grade } from '../../../src/quiz/grading';
import { feedbackView, questionView, resultView, toEngineAnswer } from '../../../src/quiz/presenter';
import { advance, answerCurrent, displayOrder, startSession, type QuizSession } from '../../../src/quiz/session';
import type { ChoiceQuestion, FindLineQuestion, OrderQuestion, Question, TrueFalseQuestion } from '../../../src/quiz/types';
import { readLessonFiles } from '../lessonFiles';
import { analyzer } from '../testAnalyzer';

const files = readLessonFiles();
const { catalog } = loadLessons(files);

/** A section title as written in the lesson file, read without the parser. */
function headingTitle(lessonId: string, anchor: string): string {
	const file = files.find((f) => f.file.endsWith(`-${lessonId}.md`));
	assert.ok(file, `no lesson file for ${lessonId}`);
	const match = new RegExp(`^## (.+?) \\{#${anchor}\\}$`, 'm').exec(file.text);
	assert.ok(match, `no heading {#${anchor}} in ${file.file}`);
	return match[1];
}

const base = { lesson: 'event-loop', section: 'blocking-calls', difficulty: 1 as const, file: 'lessons/quizzes/test.yaml', fileLine: 1 };
const SECRET = 'SECRET-EXPLAIN';
const single: ChoiceQuestion = {
	...base,
	id: 'p-single',
	kind: 'single',
	prompt: 'Which **one**?',
	options: ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'].map((text, i) => ({ text, correct: i === 3, explain: `${SECRET} single ${i}` })),
};
const multiple: ChoiceQuestion = {
	...base,
	id: 'p-multiple',
	kind: 'multiple',
	section: 'hidden-blocking',
	prompt: 'Which ones?',
	options: ['One', 'Two', 'Three', 'Four', 'Five'].map((text, i) => ({ text, correct: i === 0 || i === 2 || i === 4, explain: `${SECRET} multiple ${i}` })),
};
const trueFalse: TrueFalseQuestion = {
	...base,
	id: 'p-true-false',
	kind: 'true-false',
	prompt: 'True?',
	answer: true,
	explain: { true: `${SECRET} yes`, false: `${SECRET} no` },
};
const findLine: FindLineQuestion = {
	...base,
	id: 'p-find-line',
	kind: 'find-the-line',
	prompt: 'Which line?',
	language: 'python',
	rule: 'blocking-call-in-async',
	line: 3,
	code: 'import time\n\nasync def f():\n    """doc\n    string"""\n    time.sleep(1)',
	explain: `${SECRET} find`,
};
const order: OrderQuestion = {
	...base,
	id: 'p-order',
	kind: 'order',
	section: 'how-the-loop-works',
	prompt: 'Order them',
	items: ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth'],
	explain: `${SECRET} order`,
};
const questions: Question[] = [single, multiple, trueFalse, findLine, order];
const byId = new Map(questions.map((q) => [q.id, q]));

const isIdentity = (order: number[]) => order.every((v, i) => v === i);

/** A seed whose display order shuffles every choice and order question, so mapping mistakes show. */
const SEED = (() => {
	for (let seed = 1; seed < 1000; seed++) {
		const session = startSession({ kind: 'all' }, questions, seed, 0);
		if ([single, multiple, order].every((q) => !isIdentity(displayOrder(session, q)))) {
			return seed;
		}
	}
	throw new Error('no shuffling seed');
})();
const session = startSession({ kind: 'all' }, questions, SEED, 0);

/** Every key of every object in a JSON value. */
function keysOf(value: unknown): string[] {
	if (Array.isArray(value)) {
		return value.flatMap(keysOf);
	}
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
	}
	return [];
}

suite('questionView', () => {
	for (const question of questions) {
		test(`${question.kind}: no answer key, explanation or correct flag reaches the webview`, () => {
			const text = JSON.stringify(questionView(question, session, catalog));
			const keys = keysOf(JSON.parse(text) as unknown);
			for (const forbidden of ['correct', 'answer', 'explain', 'key', 'line', 'rule', 'options', 'items']) {
				assert.ok(!keys.includes(forbidden), `view has a \`${forbidden}\` key: ${text}`);
			}
			assert.ok(!text.includes(SECRET), `view leaks an explanation: ${text}`);
			assert.ok(!/"(?:true|false)"\s*:/.test(text), 'no true/false explanation map');
		});
	}

	test("choice options appear in the session's display order", () => {
		for (const question of [single, multiple]) {
			const view = questionView(question, session, catalog);
			const shown = displayOrder(session, question);
			assert.deepEqual(
				view.optionsHtml,
				shown.map((i) => question.options[i].text),
			);
			assert.notDeepEqual(
				view.optionsHtml,
				question.options.map((o) => o.text),
				'shuffled, not authored order',
			);
			assert.deepEqual(questionView(question, session, catalog), view, 'the same session shows the same order');
		}
	});

	test('order items appear shuffled in the display order', () => {
		const view = questionView(order, session, catalog);
		assert.deepEqual(
			view.itemsHtml,
			displayOrder(session, order).map((i) => order.items[i]),
		);
		assert.notDeepEqual(view.itemsHtml, order.items);
		assert.deepEqual([...view.itemsHtml].sort(), [...order.items].sort());
	});

	test('common fields: prompt as inline HTML, lesson title from the catalog, position in the session', () => {
		const view = questionView(single, session, catalog);
		assert.equal(view.promptHtml, 'Which <strong>one</strong>?');
		assert.equal(view.lessonTitle, catalog.get('event-loop')!.title);
		assert.equal(view.lessonTitle, 'The event loop: one thread, many waits');
		assert.equal(view.section, 'blocking-calls');
		assert.equal(view.number, 1);
		assert.equal(view.total, questions.length);
		assert.equal(view.kind, 'single');
		assert.equal(questionView({ ...single, lesson: 'no-such-lesson' }, session, catalog).lessonTitle, 'no-such-lesson');
	});

	test('find-the-line shows highlighted code, one entry per line, without the answer line', () => {
		const view = questionView(findLine, session, catalog);
		assert.equal(view.code?.language, 'python');
		assert.equal(view.code?.linesHtml.length, findLine.code.split('\n').length);
		assert.ok(view.code?.linesHtml[2].includes('<span class="hljs-keyword">async</span>'));
		assert.equal(view.optionsHtml, undefined);
		assert.equal(view.itemsHtml, undefined);
	});

	test('predict-output and scenario: answered as single choice, with the exhibit rendered (code highlighted, diagram drawn)', () => {
		const predict: ChoiceQuestion = { ...single, id: 'p-predict', kind: 'predict-output', exhibit: '```python\nprint("<b>")\n```' };
		const predictView = questionView(predict, session, catalog);
		assert.equal(predictView.kind, 'single');
		assert.match(predictView.exhibitHtml!, /<pre class="code-block"><code class="hljs language-python"><span class="hljs-built_in">print<\/span>/);
		assert.ok(!predictView.exhibitHtml!.includes('<b>'), 'code in an exhibit is escaped');
		assert.equal(predictView.optionsHtml!.length, single.options.length);
		const scenario: ChoiceQuestion = {
			...single,
			id: 'p-scenario',
			kind: 'scenario',
			exhibit: '```diagram\ntype: bars\ntitle: Loop delay\nbars:\n  - { label: a, value: 3 }\n```',
		};
		assert.match(questionView(scenario, session, catalog).exhibitHtml!, /<svg[^>]*class="diagram-svg"/);
		const rightPosition = displayOrder(session, predict).indexOf(3);
		assert.equal(grade(predict, toEngineAnswer(predict, session, { kind: 'single', choice: rightPosition })).correct, true);
		assert.throws(() => toEngineAnswer(predict, session, { kind: 'multiple', choices: [rightPosition] }), /a multiple answer for a predict-output question/);
		assert.equal(questionView(single, session, catalog).exhibitHtml, undefined);
	});

	test('prompts and options with raw HTML are escaped', () => {
		const evil: ChoiceQuestion = {
			...single,
			prompt: '<img src=x onerror=alert(1)>',
			options: [
				{ text: '<script>x()</script>', correct: true, explain: 'e' },
				{ text: 'b', correct: false, explain: 'e' },
			],
		};
		const view = questionView(evil, session, catalog);
		assert.ok(!view.promptHtml.includes('<img'));
		assert.ok(view.optionsHtml!.every((o) => !o.includes('<script')));
		assert.ok(view.optionsHtml!.includes('&lt;script&gt;x()&lt;/script&gt;'));
	});
});

suite('toEngineAnswer', () => {
	test('single: the display position of the right option grades right, any other grades wrong', () => {
		const shown = displayOrder(session, single);
		const rightPosition = shown.indexOf(3);
		assert.notEqual(rightPosition, 3, 'the seed moves the right option');
		const mapped = toEngineAnswer(single, session, { kind: 'single', choice: rightPosition });
		assert.deepEqual(mapped, { kind: 'single', choice: 3 });
		assert.equal(grade(single, mapped).correct, true);
		for (let position = 0; position < shown.length; position++) {
			if (position !== rightPosition) {
				assert.equal(grade(single, toEngineAnswer(single, session, { kind: 'single', choice: position })).correct, false, `position ${position}`);
			}
		}
		// Taking the display position as the option index would be wrong.
		assert.equal(grade(single, { kind: 'single', choice: rightPosition }).correct, false);
	});

	test('multiple: the display positions of the right options grade right', () => {
		const shown = displayOrder(session, multiple);
		const right = [0, 2, 4].map((i) => shown.indexOf(i));
		const mapped = toEngineAnswer(multiple, session, { kind: 'multiple', choices: right });
		assert.deepEqual([...(mapped as { choices: number[] }).choices].sort(), [0, 2, 4]);
		assert.equal(grade(multiple, mapped).correct, true);
		assert.equal(grade(multiple, toEngineAnswer(multiple, session, { kind: 'multiple', choices: right.slice(1) })).correct, false);
		assert.equal(grade(multiple, toEngineAnswer(multiple, session, { kind: 'multiple', choices: [0, 1, 2, 3, 4] })).correct, false);
	});

	test('order: arranging the shown items correctly grades right', () => {
		const shown = displayOrder(session, order);
		const arranged = order.items.map((_, item) => shown.indexOf(item));
		const mapped = toEngineAnswer(order, session, { kind: 'order', order: arranged });
		assert.deepEqual(mapped, { kind: 'order', order: [0, 1, 2, 3, 4, 5] });
		assert.equal(grade(order, mapped).correct, true);
		const asShown = order.items.map((_, position) => position);
		assert.equal(grade(order, toEngineAnswer(order, session, { kind: 'order', order: asShown })).correct, false, 'leaving the shuffled order is wrong');
	});

	test('true-false and find-the-line pass through unchanged', () => {
		const tf: AnswerMessage = { kind: 'true-false', value: true };
		assert.deepEqual(toEngineAnswer(trueFalse, session, tf), tf);
		const line: AnswerMessage = { kind: 'find-the-line', line: 6 };
		assert.deepEqual(toEngineAnswer(findLine, session, line), line);
	});

	test('out-of-range display positions are rejected', () => {
		assert.throws(() => toEngineAnswer(single, session, { kind: 'single', choice: 5 }), /option 5 does not exist/);
		assert.throws(() => toEngineAnswer(multiple, session, { kind: 'multiple', choices: [0, 9] }), /option 9 does not exist/);
		assert.throws(() => toEngineAnswer(order, session, { kind: 'order', order: [0, 1, 2, 3, 4, 6] }), /option 6 does not exist/);
	});

	test('an answer of the wrong kind is rejected', () => {
		assert.throws(() => toEngineAnswer(single, session, { kind: 'multiple', choices: [0] }), /a multiple answer for a single question/);
		assert.throws(() => toEngineAnswer(order, session, { kind: 'single', choice: 0 }), /a single answer for a order question/);
		assert.throws(() => toEngineAnswer(findLine, session, { kind: 'true-false', value: true }), /true-false answer for a find-the-line/);
	});
});

suite('feedbackView and resultView', () => {
	test('feedback for a right answer: rendered explanation, no expected answer', () => {
		const answer: AnswerMessage = { kind: 'single', choice: 1 };
		const view = feedbackView({ correct: true, explanation: 'Because **blocking** <b>holds</b> the thread.' }, answer);
		assert.deepEqual(view, { correct: true, explanationHtml: '<p>Because <strong>blocking</strong> &lt;b&gt;holds&lt;/b&gt; the thread.</p>\n', answer });
	});

	test('feedback for a wrong answer carries what was expected and a copy of the flagged lines', () => {
		const flagged = [6];
		const view = feedbackView({ correct: false, explanation: 'No.', expected: 'line 6' }, { kind: 'find-the-line', line: 3 }, flagged);
		assert.equal(view.correct, false);
		assert.equal(view.expectedHtml, '<p>line 6</p>\n');
		assert.deepEqual(view.flaggedLines, [6]);
		assert.notEqual(view.flaggedLines, flagged, "a copy, not the caller's array");
		assert.deepEqual(view.answer, { kind: 'find-the-line', line: 3 });
	});

	function finish(answers: Record<string, AnswerMessage>): QuizSession {
		let s = startSession({ kind: 'all' }, questions, SEED, 0);
		for (const id of s.questionIds) {
			const q = byId.get(id)!;
			({ session: s } = answerCurrent(s, q, toEngineAnswer(q, s, answers[id]), [6]));
			s = advance(s, 100);
		}
		return s;
	}

	test('result lists missed questions with their section titles from the lessons', () => {
		const shownSingle = displayOrder(session, single);
		const shownOrder = displayOrder(session, order);
		const s = finish({
			'p-single': { kind: 'single', choice: shownSingle.indexOf(3) },
			'p-multiple': { kind: 'multiple', choices: [] },
			'p-true-false': { kind: 'true-false', value: true },
			'p-find-line': { kind: 'find-the-line', line: 6 },
			'p-order': { kind: 'order', order: shownOrder.map((_, position) => position).reverse() },
		});
		const view = resultView(s, byId, catalog);
		assert.equal(view.correct, 3);
		assert.equal(view.total, 5);
		assert.equal(view.percent, 60);
		assert.equal(view.passed, false);
		const missed = [...view.missed].sort((a, b) => a.id.localeCompare(b.id));
		assert.deepEqual(missed, [
			{
				id: 'p-multiple',
				promptHtml: 'Which ones?',
				lesson: 'event-loop',
				section: 'hidden-blocking',
				sectionTitle: headingTitle('event-loop', 'hidden-blocking'),
			},
			{
				id: 'p-order',
				promptHtml: 'Order them',
				lesson: 'event-loop',
				section: 'how-the-loop-works',
				sectionTitle: headingTitle('event-loop', 'how-the-loop-works'),
			},
		]);
		assert.equal(missed[0].sectionTitle, 'Hidden blocking');
	});

	test('a perfect run passes with nothing missed; unknown sections and questions degrade gracefully', () => {
		const right: Record<string, AnswerMessage> = {
			'p-single': { kind: 'single', choice: displayOrder(session, single).indexOf(3) },
			'p-multiple': { kind: 'multiple', choices: [0, 2, 4].map((i) => displayOrder(session, multiple).indexOf(i)) },
			'p-true-false': { kind: 'true-false', value: true },
			'p-find-line': { kind: 'find-the-line', line: 6 },
			'p-order': { kind: 'order', order: order.items.map((_, item) => displayOrder(session, order).indexOf(item)) },
		};
		const perfect = resultView(finish(right), byId, catalog);
		assert.deepEqual({ ...perfect, missed: perfect.missed.length }, { correct: 5, total: 5, percent: 100, passed: true, missed: 0 });
		const wrong = finish({ ...right, 'p-true-false': { kind: 'true-false', value: false } });
		const renamed = new Map(byId).set('p-true-false', { ...trueFalse, section: 'gone' });
		assert.equal(resultView(wrong, renamed, catalog).missed[0].sectionTitle, 'gone');
		const without = new Map(byId);
		without.delete('p-true-false');
		assert.deepEqual(resultView(wrong, without, catalog).missed, []);
	});
});

// --- Questions from a finding in the learner's own code

const PYTHON = `import asyncio
import logging
import time

import aiohttp

log = logging.getLogger(__name__)


async def sync_orders(session, store, order_ids):
    """Pull every order from the upstream API and store it."""
    synced = 0
    failures = []
    for order_id in order_ids:
        try:
            async with session.get(f"https://api.example.com/orders/{order_id}") as resp:
                resp.raise_for_status()
                payload = await resp.json()
        except aiohttp.ClientError as exc:
            failures.append((order_id, str(exc)))
            log.warning("order %s failed: %s", order_id, exc)
            time.sleep(2)
            continue
        await store.save(payload)
        synced += 1
        if synced % 100 == 0:
            log.info("synced %d orders", synced)
    log.info("done: %d synced, %d failed", synced, len(failures))
    return synced, failures


async def main():
    async with aiohttp.ClientSession() as session:
        await sync_orders(session, None, range(10))


if __name__ == "__main__":
    asyncio.run(main())
`;

const GO = `package main

import (
	"fmt"
	"net/http"
	"sync"
)

func fetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			resp, err := http.Get(u)
			if err != nil {
				fmt.Println(err)
				return
			}
			defer resp.Body.Close()
			fmt.Println(u, resp.Status)
		}(url)
	}
	wg.Wait()
}
`;

async function onlyFinding(text: string, language: 'python' | 'go', rule: string): Promise<Finding> {
	const findings = (await analyzer.analyze(text, language)).filter((f) => f.ruleId === rule);
	assert.equal(findings.length, 1, `expected one ${rule}, got ${findings.map((f) => f.range.startLine + 1).join(', ')}`);
	return findings[0];
}

function build(finding: Finding, text: string, language: 'python' | 'go', file: string): { findLine: CodeFindLineQuestion; choice: ChoiceQuestion } {
	const built = questionsFromFinding(finding, text, language, file);
	assert.equal(built.length, 2);
	const [findLine, choice] = built;
	assert.equal(findLine.kind, 'find-the-line');
	assert.equal(choice.kind, 'single');
	return { findLine: findLine as CodeFindLineQuestion, choice };
}

for (const { name, text, language, rule, flagged, file } of [
	{
		name: 'Python time.sleep in an async def',
		text: PYTHON,
		language: 'python' as const,
		rule: 'blocking-call-in-async',
		flagged: '            time.sleep(2)',
		file: 'app/sync.py',
	},
	{
		name: 'Go `go` statement in a range loop',
		text: GO,
		language: 'go' as const,
		rule: 'unbounded-task-spawn',
		flagged: '\t\tgo func(u string) {',
		file: 'cmd/fetch.go',
	},
]) {
	suite(`questionsFromFinding: ${name}`, () => {
		const sourceLine = text.split('\n').indexOf(flagged);

		test('the analyzer flags the line the fixture means', async () => {
			assert.ok(sourceLine > 0);
			const finding = await onlyFinding(text, language, rule);
			assert.equal(finding.range.startLine, sourceLine);
		});

		test('find-the-line: at most 14 lines, with the flagged line at the key position', async () => {
			const finding = await onlyFinding(text, language, rule);
			const { findLine } = build(finding, text, language, file);
			const lines = findLine.code.split('\n');
			assert.ok(lines.length <= 14, `${lines.length} lines`);
			assert.ok(lines.length >= 3, 'some context around the line');
			assert.deepEqual(findLine.key, [findLine.line]);
			assert.equal(lines[findLine.line - 1].trim(), flagged.trim());
			assert.equal(findLine.language, language);
			assert.equal(findLine.rule, rule);
			assert.equal(findLine.explain, finding.message);
			assert.equal(findLine.file, file);
			assert.ok(findLine.prompt.includes(file));
			// Dedented: the snippet does not keep the file's common indentation.
			assert.ok(
				lines.some((l) => l.trim() && !/^\s/.test(l)),
				'at least one line starts at column 0',
			);
			// The snippet lines are consecutive lines of the file.
			const first = text.split('\n').findIndex((l, i, all) => lines.every((s, j) => all[i + j]?.trim() === s.trim()));
			assert.ok(first >= 0 && first + findLine.line - 1 === sourceLine, 'the snippet is the file around the finding');
		});

		test('the key agrees with grading: the flagged line is right, its neighbours are wrong', async () => {
			const finding = await onlyFinding(text, language, rule);
			const { findLine } = build(finding, text, language, file);
			assert.equal(grade(findLine, { kind: 'find-the-line', line: findLine.line }, findLine.key).correct, true);
			assert.equal(grade(findLine, { kind: 'find-the-line', line: findLine.line - 1 }, findLine.key).correct, false);
		});

		test("the fix question has exactly one correct option: the finding's own fix", async () => {
			const finding = await onlyFinding(text, language, rule);
			const { choice } = build(finding, text, language, file);
			const correct = choice.options.filter((o) => o.correct);
			assert.equal(correct.length, 1);
			const fix = finding.message.slice(finding.message.indexOf('Instead: ') + 'Instead: '.length).replace(/\.$/, '');
			assert.ok(fix.length > 5, finding.message);
			assert.equal(correct[0].text.replace(/\.$/, '').toLowerCase(), fix.toLowerCase());
			assert.ok(choice.options.length >= 3);
			assert.equal(new Set(choice.options.map((o) => o.text)).size, choice.options.length, 'no duplicate options');
			assert.ok(choice.options.every((o) => o.explain.trim().length > 0));
			assert.ok(choice.prompt.includes(`line ${sourceLine + 1}`), choice.prompt);
			const [lesson, section] = finding.lesson.split('#');
			assert.ok(catalog.resolve(`${lesson}#${section}`), `${finding.lesson} is a lesson section`);
			assert.deepEqual([choice.lesson, choice.section], [lesson, section]);
		});

		test('ids are stable for the same input and differ for another line or file', async () => {
			const finding = await onlyFinding(text, language, rule);
			const a = build(finding, text, language, file);
			const b = build(finding, text, language, file);
			assert.deepEqual([a.findLine.id, a.choice.id], [b.findLine.id, b.choice.id]);
			assert.notEqual(a.findLine.id, a.choice.id);
			assert.match(a.findLine.id, /^code-[a-z0-9]+-line$/);
			const shifted = `\n\n${text}`;
			const moved = build(await onlyFinding(shifted, language, rule), shifted, language, file);
			assert.notEqual(moved.findLine.id, a.findLine.id);
			assert.notEqual(moved.choice.id, a.choice.id);
			assert.equal(moved.findLine.code, a.findLine.code, 'same snippet, only the line moved');
			assert.notEqual(build(finding, text, language, `other/${file}`).findLine.id, a.findLine.id);
		});

		test('the built questions can be shown without leaking their key', async () => {
			const finding = await onlyFinding(text, language, rule);
			const built = questionsFromFinding(finding, text, language, file);
			const s = startSession({ kind: 'code' }, built, 5, 0);
			for (const q of built) {
				const view = JSON.stringify(questionView(q, s, catalog));
				assert.ok(!keysOf(JSON.parse(view) as unknown).some((k) => ['key', 'line', 'correct', 'explain'].includes(k)), view);
			}
		});
	});
}

suite('questionsFromFinding: long functions', () => {
	test('a finding deep in a 40-line async function still gets a snippet of at most 14 lines around it', async () => {
		const body = Array.from({ length: 40 }, (_, i) => (i === 25 ? '    time.sleep(1)' : `    x${i} = await step(${i})`));
		const text = ['import time', '', 'async def long_job(step):', ...body, '    return x0', ''].join('\n');
		const finding = await onlyFinding(text, 'python', 'blocking-call-in-async');
		const { findLine } = build(finding, text, 'python', 'long.py');
		const lines = findLine.code.split('\n');
		assert.ok(lines.length <= 14, `${lines.length} lines`);
		assert.equal(lines[findLine.line - 1], 'time.sleep(1)');
		assert.ok(findLine.line > 3 && findLine.line < lines.length - 2, 'context on both sides');
	});
});
