// A learner opens a lab from the Labs entry of the tree, runs it on this machine and sees the measured
// timelines and table beside the lesson's theory (captured in a light and a dark theme), then starts a
// long run and cancels it.
export default async function (t) {
	const { page } = t;
	const lesson = () => t.webviewFrame();
	const lab = () => lesson().locator('section.lab[data-lab="loop-delay"]');

	for (const [theme, kind] of [
		['Light Modern', 'vs'],
		['Dark Modern', 'vs-dark'],
	]) {
		await t.step(`Run this experiment draws the measured timeline (${theme})`, async () => {
			await t.runCommand('Preferences: Color Theme');
			await page.locator('.quick-input-widget input').fill(theme);
			await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor();
			await page.keyboard.press('Enter');
			await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: 15000 });
			await t.openView();
			const labs = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Labs: run it on your cores' });
			// Labs is the Lessons tree's last entry: End scrolls to it when the view is too short to show it.
			await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Foundations' }).first().click({ timeout: 20000 });
			await page.keyboard.press('End');
			await labs.waitFor({ timeout: 20000 });
			const item = page.locator('.part.sidebar .monaco-list-row', { hasText: 'CPU work on the event loop' });
			if (!(await item.isVisible())) {
				await labs.click();
				if (!(await item.isVisible())) {
					await page.keyboard.press('ArrowRight');
				}
			}
			await item.click({ timeout: 10000 });
			await lab().waitFor({ timeout: 30000 });
			await lab().locator('input[name="cpuMs"]').fill('600');
			await lab().locator('button.lab-run').click();
			await lab()
				.locator('.lab-status', { hasText: /Running|Starting|Looking/ })
				.waitFor({ timeout: 10000 });
			await lab().locator('.lab-status', { hasText: 'Measured just now' }).waitFor({ timeout: 60000 });
			await lab().locator('.lab-result svg.diagram-svg').first().waitFor();
			const table = await lab().locator('.lab-table').innerText();
			if (!/Inline on the loop/.test(table) || !/Max loop delay/.test(table)) {
				throw new Error(`the result table is missing its rows: ${table.slice(0, 200)}`);
			}
			t.log(`measured: ${table.replace(/\s+/g, ' ').slice(0, 160)}`);
			await lab().locator('.lab-result').scrollIntoViewIfNeeded();
			await t.screenshot(`01-lab-measured-${theme.toLowerCase().replace(' ', '-')}`);
		});
	}

	await t.step('a long run can be cancelled, and says so', async () => {
		await lab().locator('input[name="cpuMs"]').fill('3000');
		await lab().locator('button.lab-run').click();
		const cancel = lab().locator('button.lab-cancel');
		await cancel.waitFor({ state: 'visible', timeout: 10000 });
		await cancel.click();
		await lab()
			.locator('.lab-status', { hasText: /cancelled/ })
			.waitFor({ timeout: 10000 });
		await cancel.waitFor({ state: 'hidden' });
		await t.screenshot('02-lab-cancelled');
	});
}
