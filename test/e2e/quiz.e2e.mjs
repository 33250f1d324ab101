// A learner takes the coffee-shop quiz with the keyboard only: one answer right, one wrong, then the rest,
// sees feedback and the final score, reloads the window and finds the quiz where it was.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../harness/codeServer.mjs';

/** The quiz's questions with their keys, from the CLI's listing (the same data the extension loads). */
function questionsOf(lesson) {
	const out = execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'quiz', '--format', 'json', '--lesson', lesson], { encoding: 'utf8' });
	return new Map(JSON.parse(out).questions.map((q) => [q.id, q]));
}

/** Markdown text as it reads on screen: no backticks or emphasis, typographic quotes and dashes made plain. */
const plain = (s) =>
	s
		.replace(/[`*_]/g, '')
		.replace(/[‘’]/g, "'")
		.replace(/[“”]/g, '"')
		.replace(/[–—]/g, '-')
		.replace(/\.\.\.|…/g, '...')
		.replace(/\s+/g, ' ')
		.trim();

export default async function (t) {
	const { page } = t;
	const quiz = () => t.webviewFrame();
	const questions = questionsOf('coffee-shop');
	let answeredWrong = false;

	/** Answers the question on screen with the keyboard, right unless `wrong`. Returns its id. */
	async function answer(wrong, among = questions) {
		const form = quiz().locator('form.question');
		await form.waitFor({ timeout: 20000 });
		const prompt = plain(await quiz().locator('#prompt').innerText());
		const q = [...among.values()].find((x) => plain(x.prompt) === prompt);
		if (!q) throw new Error(`no question with prompt ${prompt}`);
		if (q.options) {
			// single, multiple, predict-output, scenario
			const labels = (await quiz().locator('.option .text').allInnerTexts()).map(plain);
			const want = q.answer.map((i) => plain(q.options[i]));
			const keys = labels.flatMap((label, i) => (want.includes(label) !== wrong ? [i + 1] : []));
			for (const key of q.kind === 'multiple' ? keys : keys.slice(0, 1)) await page.keyboard.press(String(key));
		} else if (q.kind === 'true-false') {
			await page.keyboard.press(q.answer !== wrong ? '1' : '2');
		} else if (q.kind === 'order' && !wrong) {
			// Sort with the keyboard: focus the item that belongs at each position and Alt+Up it there.
			const wanted = q.items.map(plain);
			for (let position = 0; position < wanted.length; position++) {
				const shown = (await quiz().locator('.order-item .text').allInnerTexts()).map(plain);
				const from = shown.indexOf(wanted[position]);
				await quiz().locator('.order-item').nth(from).focus();
				for (let i = from; i > position; i--) await page.keyboard.press('Alt+ArrowUp');
			}
			await quiz().locator('.order-item').first().focus();
		} else if (q.kind === 'find-the-line') {
			await quiz().locator('[role="listbox"]').focus();
			const target = wrong ? (q.answer[0] === 1 ? 2 : 1) : q.answer[0];
			for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
		}
		await page.keyboard.press('Enter');
		await quiz().locator('.feedback').waitFor({ timeout: 20000 });
		return q.id;
	}

	await t.step('the quiz opens from the command palette', async () => {
		await t.runCommand('Concurrency Lens: Quiz Me on This Lesson');
		await t.pickQuickItem('The coffee shop');
		await quiz().locator('.quiz-title', { hasText: 'Quiz: The coffee shop' }).waitFor({ timeout: 30000 });
		await t.screenshot('01-first-question');
	});

	await t.step('a right answer by keyboard gets "Right" and its explanation', async () => {
		await answer(false);
		await quiz().locator('.feedback.correct', { hasText: 'Right' }).waitFor();
		await t.screenshot('02-right-answer');
		await page.keyboard.press('Enter');
		await quiz().locator('.feedback').waitFor({ state: 'detached', timeout: 20000 });
	});

	await t.step('a wrong answer by keyboard gets "Not quite", the explanation and the answer', async () => {
		const id = await answer(true);
		const q = questions.get(id);
		if (q.kind !== 'order') {
			await quiz().locator('.feedback.incorrect', { hasText: 'Not quite' }).waitFor();
			answeredWrong = true;
		}
		await t.screenshot('03-wrong-answer');
		await page.keyboard.press('Enter');
		await quiz().locator('.feedback').waitFor({ state: 'detached', timeout: 20000 });
	});

	await t.step('finishing shows the score and the missed questions with links to their sections', async () => {
		for (let guard = 0; guard < 20 && !(await quiz().locator('.result').count()); guard++) {
			await answer(false);
			await page.keyboard.press('Enter');
			// The next question (or the score) replaces the feedback.
			await quiz().locator('.feedback').waitFor({ state: 'detached', timeout: 20000 });
		}
		await quiz().locator('.result .percent').waitFor({ timeout: 20000 });
		if (answeredWrong) await quiz().locator('.missed a[data-lesson="coffee-shop"]').first().waitFor();
		await t.screenshot('04-score');
	});

	await t.step('after a reload the quiz panel comes back with the same result', async () => {
		const percent = await quiz().locator('.result .percent').innerText();
		await t.runCommand('Developer: Reload Window');
		await page.waitForLoadState('load');
		await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
		await page.locator('.tabs-container .tab', { hasText: 'Quiz' }).first().click({ timeout: 60000 });
		await quiz().locator('.result .percent', { hasText: percent }).waitFor({ timeout: 60000 });
		await t.screenshot('05-restored-after-reload');
	});

	await t.step('predict-the-output and scenario questions show their code and their measured picture', async () => {
		const cpu = questionsOf('cpu-on-the-loop');
		await t.runCommand('Concurrency Lens: Quiz Me on This Lesson');
		await t.pickQuickItem('CPU work on the loop');
		await quiz().locator('.quiz-title', { hasText: 'Quiz: CPU work on the loop' }).waitFor({ timeout: 30000 });
		const seen = new Set();
		for (let guard = 0; guard < 20 && seen.size < 2 && !(await quiz().locator('.result').count()); guard++) {
			await quiz().locator('form.question').waitFor({ timeout: 20000 });
			for (const [kind, selector] of [
				['predict-output', '.exhibit pre code.hljs'],
				['scenario', '.exhibit svg.diagram-svg'],
			]) {
				if (!seen.has(kind) && (await quiz().locator(selector).count())) {
					await quiz().locator(selector).first().scrollIntoViewIfNeeded();
					await t.screenshot(`06-${kind}`);
					seen.add(kind);
				}
			}
			await answer(false, cpu);
			await quiz().locator('.feedback.correct').waitFor();
			await page.keyboard.press('Enter');
			await quiz().locator('.feedback').waitFor({ state: 'detached', timeout: 20000 });
		}
		if (seen.size < 2) throw new Error(`exhibits seen: ${[...seen].join(', ') || 'none'}`);
	});
}
