// Suite entry for the integration tests, run INSIDE a real VS Code extension host by both launchers:
// test/harness/runIntegration.mjs (code-server, works on this machine) and test/harness/runElectron.mjs
// (@vscode/test-electron, for machines that can download VS Code). Compiled by `tsc -p .` to
// out/test/integration/index.js; runs every out/test/integration/**/*.test.js.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Results {
	done: boolean;
	passed: number;
	failed: number;
	failures: { title: string; error: string }[];
}

/** Every *.test.js below `dir` (plain recursion: symlinks and node_modules are not followed). */
function findTests(dir: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory() && entry.name !== 'node_modules') {
			found.push(...findTests(full));
		} else if (entry.isFile() && entry.name.endsWith('.test.js')) {
			found.push(full);
		}
	}
	return found.sort();
}

/** Written after every test (done: false) and at the end, so a launcher that times out still has counts. */
function writeResults(results: Results): void {
	const file = process.env.CONCURRENCY_LENS_TEST_RESULTS;
	if (!file) {
		return;
	}
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
	fs.renameSync(`${file}.tmp`, file); // atomic: the launcher never reads half a file
}

export async function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false });
	const files = findTests(__dirname);
	if (files.length === 0) {
		throw new Error(`no *.test.js files under ${__dirname} (did \`npm run compile-tests\` run?)`);
	}
	for (const f of files) {
		mocha.addFile(f);
	}

	const results: Results = { done: false, passed: 0, failed: 0, failures: [] };
	writeResults(results);
	await new Promise<void>((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				results.done = true;
				writeResults(results);
				if (failures > 0) {
					reject(new Error(`${failures} integration test(s) failed`));
				} else if (results.passed === 0) {
					reject(new Error('no integration tests ran'));
				} else {
					resolve();
				}
			});
			runner.on('pass', () => {
				results.passed++;
				writeResults(results);
			});
			// 'fail' also fires for failing hooks, which count as failures too.
			runner.on('fail', (test, err: Error) => {
				results.failed++;
				results.failures.push({ title: test.fullTitle(), error: err?.stack ?? String(err) });
				writeResults(results);
			});
		} catch (err) {
			results.done = true;
			results.failed++;
			results.failures.push({ title: '(loading the test files)', error: (err as Error)?.stack ?? String(err) });
			writeResults(results);
			reject(err instanceof Error ? err : new Error(String(err)));
		}
	});
}
