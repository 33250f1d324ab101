// Smoke: the packaged extension shows up in the workbench and its Lessons view opens.
export default async function (t) {
	const { page } = t;

	await t.step('Concurrency Lens activity-bar entry exists', async () => {
		await page.locator('.activitybar [aria-label^="Concurrency Lens"]').first().waitFor({ timeout: 30000 });
		await t.screenshot('01-workbench');
	});

	await t.step('clicking it shows the Lessons view', async () => {
		await t.openView();
		// Two views (Lessons, then Exercises collapsed below it): each has its own pane header.
		await page.locator('.part.sidebar .pane-header', { hasText: 'Lessons' }).waitFor({ timeout: 15000 });
		await page.locator('.part.sidebar .pane-header', { hasText: 'Exercises' }).waitFor({ timeout: 15000 });
		await page.locator('.part.sidebar [id="workbench.view.extension.concurrencyLens"]').waitFor({ state: 'visible' });
		await t.screenshot('02-lessons-view');
	});
}
