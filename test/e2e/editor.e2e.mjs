// The analyzer in the editor: CodeLens on a sample file, the lesson it opens, the hover, and a quick fix.
export default async function (t) {
	const { page } = t;

	await t.step('orders.py shows the CodeLens for its blocking call', async () => {
		await t.openFile('orders.py');
		await page.locator('.codelens-decoration', { hasText: 'blocks the event loop: time.sleep — why?' }).waitFor({ timeout: 30000 });
		await t.screenshot('01-codelens');
	});

	await t.step('clicking the CodeLens lands on the lesson section that explains it', async () => {
		await page.locator('.codelens-decoration a', { hasText: 'blocks the event loop' }).click();
		const frame = t.webviewFrame();
		const heading = frame.locator('h2#blocking-calls');
		await heading.waitFor({ timeout: 30000 });
		await t.waitUntil(
			async () => {
				const box = await heading.boundingBox();
				return box && box.y >= -5 && box.y < 200;
			},
			{ message: 'the blocking-calls section scrolled into view' },
		);
		await t.screenshot('02-lesson-section');
	});

	await t.step('hovering the flagged call explains it', async () => {
		await page.locator('.tabs-container .tab', { hasText: 'orders.py' }).click();
		// Go to the call (Ctrl+G 8:10) and ask for the hover from the keyboard (Ctrl+K Ctrl+I).
		await page.keyboard.press('Control+G');
		await page.locator('.quick-input-widget input').fill(':8:10');
		await page.keyboard.press('Enter');
		await page.keyboard.press('Control+K');
		await page.keyboard.press('Control+I');
		const hover = page.locator('.monaco-hover', { hasText: 'Why it matters' });
		await hover.waitFor({ timeout: 20000 });
		await t.screenshot('03-hover');
	});

	await t.step('the quick fix rewrites time.sleep into await asyncio.sleep', async () => {
		await page.locator('.view-line', { hasText: 'time.sleep(0.5)' }).click();
		await page.keyboard.press('Control+.');
		// The preferred rewrite is listed first and selected: Enter applies it.
		await page.locator('.action-widget', { hasText: 'Use `await asyncio.sleep(…)`' }).waitFor({ timeout: 20000 });
		await page.locator('.action-widget', { hasText: 'Open lesson: The event loop' }).waitFor();
		await t.screenshot('04-quick-fix-menu');
		await page.keyboard.press('Enter');
		await page.locator('.view-line', { hasText: 'await asyncio.sleep(0.5)' }).waitFor({ timeout: 20000 });
		await t.waitUntil(async () => !(await t.codeLensTexts()).some((x) => x.includes('time.sleep')), { message: 'the CodeLens to disappear after the fix' });
		await t.screenshot('05-fixed');
	});
}
