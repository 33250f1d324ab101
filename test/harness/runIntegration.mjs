// Runs the mocha integration suite INSIDE VS Code's real Node extension host, via code-server + headless
// Chromium: the web workbench's `payload` URL parameter carries extensionDevelopmentPath and
// extensionTestsPath, like `code --extensionDevelopmentPath --extensionTestsPath` on a desktop.
//
//   node test/harness/runIntegration.mjs [--tests path/to/suite/index.js] [--timeout ms]
//   env: CONCURRENCY_LENS_INTEGRATION_TIMEOUT_MS (default 10 min), CONCURRENCY_LENS_VERBOSE=1 (browser console)
//
// Needs `npm run build` (dist/extension.js) and `npm run compile-tests` (out/test/integration/index.js);
// `npm run test:integration` does all three. Last line: `integration: N passed, N failed`.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util, { parseArgs } from 'node:util';
import { REPO_ROOT, envMs, formatSummary, launchBrowser, startCodeServer, testPayload, workbenchUrl } from './codeServer.mjs';

const { values: args } = parseArgs({ options: { tests: { type: 'string' }, timeout: { type: 'string' } } });
const suite = path.resolve(args.tests ?? path.join(REPO_ROOT, 'out/test/integration/index.js'));
const timeoutMs = Number(args.timeout) || envMs('CONCURRENCY_LENS_INTEGRATION_TIMEOUT_MS', 10 * 60_000);
const verbose = process.env.CONCURRENCY_LENS_VERBOSE === '1';
const logDir = path.join(REPO_ROOT, 'test-results/logs');
const WORKBENCH_NOISE =
	/^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|Updating additional builtin|\[Service Worker\]|ChatSessionStore:)/;

function fail(message) {
	console.error(`\n${message}`);
	console.log(formatSummary('integration', 0, 0));
	process.exit(1);
}

for (const [file, hint] of [
	[path.join(REPO_ROOT, 'dist/extension.js'), 'npm run build'],
	[suite, 'npm run compile-tests'],
]) {
	if (!existsSync(file)) fail(`missing ${path.relative(REPO_ROOT, file)}: run \`${hint}\` first (or \`npm run test:integration\`)`);
}

const t0 = Date.now();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-it-'));
const workspace = path.join(tmp, 'sample-workspace');
const resultsFile = path.join(tmp, 'results.json');
// Tests may write into the workspace: give them a copy, never the repo's sample-workspace.
cpSync(path.join(REPO_ROOT, 'sample-workspace'), workspace, { recursive: true });
mkdirSync(logDir, { recursive: true });
const consoleLog = path.join(logDir, 'integration-browser-console.log');
writeFileSync(consoleLog, '');

let server;
let browser;
let outcome;
try {
	server = await startCodeServer({
		workspace,
		env: { CONCURRENCY_LENS_TEST_RESULTS: resultsFile },
		logFile: path.join(logDir, 'integration-code-server.log'),
	});
	console.log(`[integration] code-server ready on ${server.baseUrl} in ${server.startMs} ms`);
	browser = await launchBrowser();
	const { page } = browser;

	let finish;
	const finished = new Promise((r) => (finish = r));
	// The workbench calls these while running extension tests: the suite's console output, then its exit code.
	await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
		const line = util.format(...(logArgs ?? []));
		// The workbench's own start-up chatter arrives here too; keep it in the log file only.
		if (!verbose && WORKBENCH_NOISE.test(line)) writeFileSync(consoleLog, `[automation:${type}] ${line}\n`, { flag: 'a' });
		else console.log(line);
	});
	await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
	page.on('console', (m) => {
		const line = `[${m.type()}] ${m.text()}\n`;
		writeFileSync(consoleLog, line, { flag: 'a' });
		if (verbose) process.stdout.write(`[browser] ${line}`);
	});
	page.on('pageerror', (e) => writeFileSync(consoleLog, `[pageerror] ${e.stack ?? e}\n`, { flag: 'a' }));
	page.on('crash', () => finish({ error: 'the browser page crashed' }));
	const timer = setTimeout(() => finish({ error: `timed out after ${timeoutMs / 1000}s (set CONCURRENCY_LENS_INTEGRATION_TIMEOUT_MS to change)` }), timeoutMs);

	const payload = testPayload({ authority: server.authority, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: suite });
	await page.goto(workbenchUrl(server.baseUrl, { folder: workspace, payload }));
	outcome = await finished;
	clearTimeout(timer);
} catch (e) {
	outcome = { error: e.message };
} finally {
	await browser?.close();
	await server?.stop();
}

let results;
try {
	results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
	results = null;
}
rmSync(tmp, { recursive: true, force: true });

const seconds = ((Date.now() - t0) / 1000).toFixed(1);
const problems = [];
if (outcome.error) problems.push(outcome.error);
if (!results) {
	problems.push(
		`the suite wrote no results file (CONCURRENCY_LENS_TEST_RESULTS): it never ran, or crashed while loading — see test-results/logs/integration-*.log`,
	);
} else {
	if (!results.done) problems.push('the suite did not finish');
	// Mocha printed the full errors above; repeat one line each so they are easy to find in a long log.
	if (results.failures.length) console.log('\nFailures:');
	for (const f of results.failures) console.log(`  ✗ ${f.title}: ${f.error.split('\n')[0]}`);
	if (results.passed + results.failed === 0) problems.push('no tests ran');
}
if (!outcome.error && outcome.code !== 0 && results?.failed === 0) problems.push(`the extension host reported exit code ${outcome.code}`);
for (const p of problems) console.error(`[integration] FAILED: ${p}`);
console.log(`[integration] finished in ${seconds}s`);
console.log(formatSummary('integration', results?.passed ?? 0, results?.failed ?? 0));
process.exit(problems.length === 0 && results.failed === 0 ? 0 : 1);
