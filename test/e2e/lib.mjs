// UI tests against a real VS Code (code-server) driven by headless Chromium through playwright-core.
// The extension is packaged with vsce and installed from the VSIX, as a user would get it.
//
// A spec is `export default async function (t) { await t.step('…', async () => { … }) }` in
// test/e2e/<name>.e2e.mjs. Each spec gets a fresh browser profile and a fresh copy of sample-workspace;
// the code-server (with the VSIX installed) is shared. A failing step records its error and a
// screenshot FAILED-<spec>-<step>.png, and the run goes on with the next spec.
// Screenshots: test-results/screenshots/. Last line: `e2e: N passed, N failed`.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, envMs, formatSummary, launchBrowser, packageVsix, sleep, startCodeServer, waitForWorkbench, workbenchUrl } from '../harness/codeServer.mjs';

export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const LOGS = path.join(REPO_ROOT, 'test-results/logs');
const CONTAINER = 'Concurrency Lens'; // activity-bar container title in package.json

/** Thrown by step() after it has recorded a failure, to end the current spec. */
class StepFailed extends Error {}

const safe = (s) =>
	s
		.replace(/[^\w.-]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 80);
const firstLine = (e) => String(e?.message ?? e).split('\n')[0];

/** Polls `fn` until it returns a truthy value (returned), or throws `message` after `timeout` ms. */
export async function waitUntil(fn, { timeout = 15000, interval = 250, message = 'condition' } = {}) {
	const deadline = Date.now() + timeout;
	let last;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
		} catch (e) {
			last = e;
		}
		if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${firstLine(last)}` : ''}`);
		await sleep(interval);
	}
}

/** The helpers a spec receives as `t`. */
function specContext({ name, page, workspace, record }) {
	const screenshot = async (shot) => {
		const file = path.join(SCREENSHOTS, `${safe(name)}-${safe(shot)}.png`);
		await page.screenshot({ path: file });
		return file;
	};
	const quickInput = page.locator('.quick-input-widget input');
	const rows = page.locator('.quick-input-list .monaco-list-row');

	const t = {
		name,
		page,
		/** Absolute path of this spec's private copy of sample-workspace (safe to modify). */
		workspace,
		log: (...a) => console.log(`    ${a.join(' ')}`),
		waitUntil,
		screenshot,

		async step(stepName, fn) {
			const t0 = Date.now();
			try {
				await fn();
			} catch (e) {
				const shot = await page.screenshot({ path: path.join(SCREENSHOTS, `FAILED-${safe(name)}-${safe(stepName)}.png`) }).then(
					() => true,
					() => false,
				);
				record({ spec: name, step: stepName, ok: false, error: e, ms: Date.now() - t0 });
				console.log(`  ✗ ${stepName} (${Date.now() - t0} ms): ${firstLine(e)}${shot ? '' : ' (no screenshot: page gone)'}`);
				throw new StepFailed(stepName);
			}
			record({ spec: name, step: stepName, ok: true, ms: Date.now() - t0 });
			console.log(`  ✔ ${stepName} (${Date.now() - t0} ms)`);
		},

		/** Quick Open (Ctrl+P) → `relPath` → waits until its editor tab is active. */
		async openFile(relPath) {
			const base = path.basename(relPath);
			await page.keyboard.press('Control+P');
			await quickInput.waitFor({ state: 'visible', timeout: 10000 });
			await quickInput.fill(relPath);
			// Click the matching row rather than pressing Enter: the list may still show "recently opened".
			await rows.filter({ hasText: base }).first().click({ timeout: 15000 });
			await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ timeout: 20000 });
			await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
		},

		/** Command palette (F1) → runs the command whose label contains `title`, e.g. "Concurrency Lens: Scan Workspace". */
		async runCommand(title) {
			await page.keyboard.press('F1');
			await quickInput.waitFor({ state: 'visible', timeout: 10000 });
			await quickInput.fill(`>${title}`);
			await rows.filter({ hasText: title }).first().click({ timeout: 15000 });
		},

		/** Selects a row of an open quick pick (e.g. the one a command just showed) by its text. */
		async pickQuickItem(text) {
			await rows.filter({ hasText: text }).first().click({ timeout: 15000 });
		},

		/** Shows the Concurrency Lens side bar (clicking an already selected activity-bar entry would hide it). */
		async openView() {
			const item = page.locator(`.activitybar [aria-label^="${CONTAINER}"]`).first();
			await item.waitFor({ timeout: 30000 });
			const selected = page.locator(`.activitybar li.action-item.checked [aria-label^="${CONTAINER}"]`);
			if ((await selected.count()) === 0) await item.click();
			await page.locator('.part.sidebar .composite.title', { hasText: CONTAINER }).waitFor({ timeout: 15000 });
		},

		/** Frame locator for the content of the visible webview (lesson/quiz panel). */
		webviewFrame() {
			return page.locator('iframe.webview.ready').filter({ visible: true }).last().contentFrame().locator('#active-frame').contentFrame();
		},

		/** Text of every CodeLens currently rendered in the visible editor(s). */
		async codeLensTexts() {
			return page.locator('.codelens-decoration').allInnerTexts();
		},
	};
	return t;
}

/**
 * Runs specs ([{ name, fn }]) against one code-server with the packaged extension installed.
 * Prints per-step results and `e2e: N passed, N failed`; returns { passed, failed } and sets the exit code.
 */
export async function runE2E(specs) {
	const t0 = Date.now();
	const results = [];
	const record = (r) => results.push(r);
	rmSync(SCREENSHOTS, { recursive: true, force: true });
	mkdirSync(SCREENSHOTS, { recursive: true });
	mkdirSync(LOGS, { recursive: true });
	const consoleLog = path.join(LOGS, 'e2e-browser-console.log');
	writeFileSync(consoleLog, '');
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-e2e-'));
	const specTimeout = envMs('CONCURRENCY_LENS_E2E_SPEC_TIMEOUT_MS', 5 * 60_000);
	let server;
	try {
		const vsix = await packageVsix(path.join(tmp, 'concurrency-lens.vsix'));
		console.log(`[e2e] packaged ${path.basename(vsix.file)} (${(vsix.bytes / 1024).toFixed(0)} KiB) in ${vsix.ms} ms`);
		server = await startCodeServer({ vsix: vsix.file, logFile: path.join(LOGS, 'e2e-code-server.log') });
		console.log(`[e2e] code-server with the VSIX installed, ready on ${server.baseUrl} in ${server.startMs} ms`);

		for (const [i, spec] of specs.entries()) {
			console.log(`\n${spec.name}`);
			const workspace = path.join(tmp, `ws-${i}`, 'sample-workspace');
			cpSync(path.join(REPO_ROOT, 'sample-workspace'), workspace, { recursive: true });
			let browser;
			try {
				browser = await launchBrowser();
			} catch (e) {
				record({ spec: spec.name, step: '(launch the browser)', ok: false, error: e });
				console.log(`  ✗ could not launch the browser: ${firstLine(e)}`);
				continue;
			}
			const { page } = browser;
			page.setDefaultTimeout(30000);
			page.on('console', (m) => writeFileSync(consoleLog, `[${spec.name}] [${m.type()}] ${m.text()}\n`, { flag: 'a' }));
			page.on('pageerror', (e) => writeFileSync(consoleLog, `[${spec.name}] [pageerror] ${e.stack ?? e}\n`, { flag: 'a' }));
			const t = specContext({ name: spec.name, page, workspace, record });
			let timer;
			try {
				await Promise.race([
					(async () => {
						await t.step('workbench loads', async () => {
							await page.goto(workbenchUrl(server.baseUrl, { folder: workspace }));
							await waitForWorkbench(page);
						});
						await spec.fn(t);
					})(),
					new Promise((_, reject) => {
						timer = setTimeout(() => reject(new Error(`spec timed out after ${specTimeout / 1000}s (CONCURRENCY_LENS_E2E_SPEC_TIMEOUT_MS)`)), specTimeout);
					}),
				]);
			} catch (e) {
				if (!(e instanceof StepFailed)) {
					// An error outside any step (or a spec timeout) still counts, with its own screenshot.
					await page.screenshot({ path: path.join(SCREENSHOTS, `FAILED-${safe(spec.name)}.png`) }).catch(() => {});
					record({ spec: spec.name, step: '(outside a step)', ok: false, error: e });
					console.log(`  ✗ ${firstLine(e)}`);
				}
			} finally {
				clearTimeout(timer);
				await browser.close();
			}
		}
	} catch (e) {
		record({ spec: '(setup)', step: 'package the VSIX and start code-server', ok: false, error: e });
		console.log(`\n[e2e] setup failed: ${e.message}`);
	} finally {
		await server?.stop();
		rmSync(tmp, { recursive: true, force: true });
	}

	const failed = results.filter((r) => !r.ok);
	const passed = results.length - failed.length;
	if (failed.length) {
		console.log('\nFailures:');
		for (const f of failed) console.log(`  ✗ ${f.spec} › ${f.step}: ${firstLine(f.error)}`);
	}
	console.log(
		`\n[e2e] ${specs.length} spec(s) in ${((Date.now() - t0) / 1000).toFixed(1)}s; screenshots in ${path.relative(process.cwd(), SCREENSHOTS) || SCREENSHOTS}`,
	);
	console.log(formatSummary('e2e', passed, failed.length));
	process.exitCode = failed.length ? 1 : 0;
	return { passed, failed: failed.length };
}
