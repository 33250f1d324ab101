// A learner opens a lesson from the tree, reads it (text and a diagram), moves to the next lesson, opens an
// example in the editor and sees its notes; the same lesson is captured in a light and a dark theme, and a new
// lesson (12) opens with its diagrams.
export default async function (t) {
	const { page } = t;
	const lesson = () => t.webviewFrame();

	await t.step('the Lessons view lists the course', async () => {
		await t.openView();
		await page.getByRole('treeitem', { name: /Lesson 1: The coffee shop/ }).waitFor({ timeout: 20000 });
		await page.getByRole('treeitem', { name: /Lesson 3: The event loop/ }).waitFor();
		await t.screenshot('01-lessons-view');
	});

	await t.step('clicking a lesson shows it rendered in a webview, with a diagram', async () => {
		await page.getByRole('treeitem', { name: /Lesson 3: The event loop/ }).click();
		await lesson().locator('h1', { hasText: 'The event loop' }).waitFor({ timeout: 30000 });
		await lesson().locator('h2#blocking-calls').waitFor();
		await lesson().locator('figure.example .code-line').first().waitFor();
		const diagram = lesson().locator('svg.diagram-svg').first();
		await diagram.scrollIntoViewIfNeeded();
		await diagram.waitFor({ state: 'visible' });
		await t.screenshot('02-lesson-with-diagram');
	});

	await t.step('the next-lesson button moves to the next lesson', async () => {
		await lesson().locator('.top-nav [data-nav="next"]').click();
		await lesson().locator('h1', { hasText: 'CPU' }).waitFor({ timeout: 20000 });
		await page.locator('.tabs-container .tab.active', { hasText: 'CPU' }).waitFor();
		await t.screenshot('03-next-lesson');
	});

	await t.step('"Open in editor" shows the example with its notes as CodeLens and the analyzer\'s findings', async () => {
		const button = lesson().locator('button.open-example[data-example="pbkdf2-sync-bad"]');
		await button.scrollIntoViewIfNeeded();
		await button.click();
		await page.locator('.tabs-container .tab', { hasText: 'pbkdf2-sync-bad.js' }).waitFor({ timeout: 20000 });
		const texts = await t.waitUntil(
			async () => {
				const all = await t.codeLensTexts();
				return all.some((x) => x.includes('①')) && all.some((x) => /CPU-heavy work on the event loop/.test(x)) ? all : undefined;
			},
			{ message: 'note and finding CodeLens in the example editor' },
		);
		t.log(`CodeLens: ${texts.join(' | ').slice(0, 200)}`);
		await t.screenshot('04-example-in-editor');
	});

	for (const [theme, kind] of [
		['Light Modern', 'vs'],
		['Dark Modern', 'vs-dark'],
	]) {
		await t.step(`the lesson reads in the ${theme} theme`, async () => {
			await t.runCommand('Preferences: Color Theme');
			await page.locator('.quick-input-widget input').fill(theme);
			await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
			await page.keyboard.press('Enter');
			await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15000 });
			await page.locator('.tabs-container .tab', { hasText: 'CPU' }).first().click();
			await lesson().locator('h1', { hasText: 'CPU' }).waitFor();
			await t.screenshot(`05-lesson-${theme.toLowerCase().replace(' ', '-')}`);
		});
	}

	await t.step('after a window reload the lesson panel is restored with its content', async () => {
		await t.runCommand('Developer: Reload Window');
		await page.waitForLoadState('load');
		await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
		await page.locator('.tabs-container .tab', { hasText: 'CPU work on the loop' }).first().click({ timeout: 60000 });
		await lesson().locator('h1', { hasText: 'CPU' }).waitFor({ timeout: 60000 });
		await t.screenshot('06-restored-after-reload');
	});

	await t.step('a new lesson (12, hazards) opens from the tree with its examples and diagrams', async () => {
		await page.getByRole('treeitem', { name: /Lesson 12: Hazards/ }).click();
		await lesson().locator('h1', { hasText: 'Hazards' }).waitFor({ timeout: 30000 });
		await lesson().locator('h2#logical-races').waitFor();
		const diagram = lesson().locator('svg.diagram-svg').first();
		await diagram.scrollIntoViewIfNeeded();
		await diagram.waitFor({ state: 'visible' });
		await t.screenshot('07-new-lesson-hazards');
	});
}
