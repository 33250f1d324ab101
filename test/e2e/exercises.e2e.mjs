// A learner starts the exercises into a folder of the workspace, opens the first one from the Exercises
// view, sees its Check fail, types the fix into the editor, saves, and sees the check pass and the tree's
// icon change.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export default async function (t) {
	const { page } = t;
	const folder = path.join(t.workspace, 'katas');
	mkdirSync(folder, { recursive: true });
	const exerciseRow = () => page.locator('.part.sidebar .monaco-list-row', { hasText: 'A sync hash in a login route' });

	await t.step('Start Exercises writes them into the folder picked in the dialog and opens the first', async () => {
		await t.openView();
		await page.locator('.part.sidebar .pane-header', { hasText: 'Exercises' }).waitFor({ timeout: 20000 });
		await t.runCommand('Concurrency Lens: Start Exercises');
		// code-server's own folder dialog: a path box in the quick input.
		const input = page.locator('.quick-input-widget input');
		await input.waitFor({ state: 'visible', timeout: 15000 });
		// The dialog fills in its own start folder a moment after it opens: type ours only after that, and again
		// if it was overwritten.
		await t.waitUntil(async () => (await input.inputValue()).length > 0, { message: 'the dialog to show its start folder' });
		await t.waitUntil(
			async () => {
				if ((await input.inputValue()) !== `${folder}/`) {
					await input.fill(`${folder}/`);
				}
				await page.waitForTimeout(300);
				return (await input.inputValue()) === `${folder}/`;
			},
			{ message: 'the path typed into the dialog' },
		);
		await page.locator('.quick-input-widget .monaco-button', { hasText: 'Put the exercises here' }).click({ timeout: 10000 });
		await page.locator('.tabs-container .tab.active', { hasText: 'login.js' }).waitFor({ timeout: 30000 });
		await exerciseRow().waitFor({ timeout: 20000 });
		await t.screenshot('01-started');
	});

	await t.step('Check on the starter fails: the analyzer and the measure, with the figures', async () => {
		await page.locator('.codelens-decoration a', { hasText: 'Check' }).first().click({ timeout: 30000 });
		await page.locator('.codelens-decoration', { hasText: 'Failing: analyzer' }).waitFor({ timeout: 60000 });
		await t.waitUntil(async () => /failing/.test(await exerciseRow().innerText()), { message: 'the tree to say failing' });
		await t.screenshot('02-failing');
	});

	await t.step('typing the fix and saving checks it again: it passes and the tree shows it', async () => {
		await page.locator('.view-line', { hasText: 'crypto.pbkdf2Sync(' }).click();
		await page.keyboard.press('Home');
		await page.keyboard.press('Shift+End');
		await page.keyboard.type("const hash = await require('node:util').promisify(crypto.pbkdf2)(password, user.salt, 100_000, 64, 'sha512');");
		await page.keyboard.press('Control+S');
		await page.locator('.codelens-decoration', { hasText: 'Passed' }).waitFor({ timeout: 60000 });
		await t.waitUntil(async () => /passing/.test(await exerciseRow().innerText()), { message: 'the tree to say passing' });
		if ((await exerciseRow().locator('.codicon-pass-filled').count()) === 0) {
			throw new Error('the exercise row has no passed icon');
		}
		await t.screenshot('03-passing');
	});

	await t.step('nothing went wrong behind the scenes: no warning toast', async () => {
		const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
		const warnings = toasts.filter((x) => /Concurrency Lens: .*(stopped|failed|could not)/.test(x));
		if (warnings.length) {
			throw new Error(`warnings shown: ${warnings.join(' | ')}`);
		}
	});
}
