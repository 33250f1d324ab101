// The same integration suite through @vscode/test-electron, for developer machines that can download
// VS Code (this build machine cannot: use `npm run test:integration`, which runs code-server).
//
//   npm run test:integration:electron
//   env: CONCURRENCY_LENS_VSCODE_VERSION (default "stable"; e.g. "1.100.3" to match code-server)
// On Linux without a display, run it under `xvfb-run -a`. Last line: `integration: N passed, N failed`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, formatSummary } from './codeServer.mjs';

const suite = path.join(REPO_ROOT, 'out/test/integration/index.js');
const version = process.env.CONCURRENCY_LENS_VSCODE_VERSION || 'stable';
for (const [file, hint] of [
	[path.join(REPO_ROOT, 'dist/extension.js'), 'npm run build'],
	[suite, 'npm run compile-tests'],
]) {
	if (!existsSync(file)) {
		console.error(`missing ${path.relative(REPO_ROOT, file)}: run \`${hint}\` first (or \`npm run test:integration:electron\`)`);
		console.log(formatSummary('integration', 0, 0));
		process.exit(1);
	}
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-electron-'));
const workspace = path.join(tmp, 'sample-workspace');
const resultsFile = path.join(tmp, 'results.json');
cpSync(path.join(REPO_ROOT, 'sample-workspace'), workspace, { recursive: true });

let error;
try {
	await runTests({
		version,
		extensionDevelopmentPath: REPO_ROOT,
		extensionTestsPath: suite,
		extensionTestsEnv: { CONCURRENCY_LENS_TEST_RESULTS: resultsFile },
		// --disable-extensions: only our extension (the one under development) is loaded.
		launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
	});
} catch (e) {
	error = e;
}

let results = null;
try {
	results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
	/* no results: reported below */
}
rmSync(tmp, { recursive: true, force: true });

if (error) {
	const text = `${error?.message ?? error} ${error?.code ?? ''}`;
	if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|Failed to get JSON|Failed to download/i.test(text) && !results) {
		console.error(
			`\n[integration:electron] cannot download VS Code (${text.trim()});\n` + 'use `npm run test:integration` (runs the same suite in code-server) instead.',
		);
	} else {
		console.error(`\n[integration:electron] FAILED: ${text.trim()}`);
	}
}
if (!error && !results) console.error('[integration:electron] FAILED: the suite wrote no results file (CONCURRENCY_LENS_TEST_RESULTS)');
for (const f of results?.failures ?? []) console.log(`  ✗ ${f.title}: ${f.error.split('\n')[0]}`);
console.log(formatSummary('integration', results?.passed ?? 0, results?.failed ?? 0));
process.exit(!error && results?.done && results.failed === 0 && results.passed > 0 ? 0 : 1);
