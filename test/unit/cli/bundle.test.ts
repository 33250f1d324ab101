import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../testAnalyzer';

const cli = path.join(repoRoot, 'dist', 'cli.js');

/** Runs the built CLI; lists the files Node loaded (the bundle's own files are all that can differ) and counts the worker threads started. */
function run(...args: string[]): { status: number | null; stdout: string; loaded: string[]; workers: number } {
	const child = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8' });
	const loaded = /LOADED (.*)\nWORKERS (\d+)/.exec(child.stderr);
	assert.ok(loaded, child.stderr);
	return {
		status: child.status,
		stdout: child.stdout,
		loaded: (JSON.parse(loaded[1]) as string[]).map((f) => path.relative(repoRoot, f)),
		workers: Number(loaded[2]),
	};
}

let preload: string;

suite('the built CLI (dist/cli.js)', () => {
	let dir: string;
	suiteSetup(function () {
		if (!existsSync(cli)) {
			this.skip(); // `npm test` builds first; a bare `mocha` before any build has nothing to check
		}
		dir = mkdtempSync(path.join(os.tmpdir(), 'cl-bundle-'));
		preload = path.join(dir, 'loaded.cjs');
		writeFileSync(
			preload,
			[
				'const threads = require("node:worker_threads");',
				'if (threads.isMainThread) {',
				'  let workers = 0;',
				'  const { Worker } = threads;',
				'  threads.Worker = class extends Worker { constructor(...args) { super(...args); workers++; } };',
				'  process.on("exit", () => process.stderr.write("\\nLOADED " + JSON.stringify(Object.keys(require.cache).filter((f) => f !== __filename)) + "\\nWORKERS " + workers + "\\n"));',
				'}',
			].join('\n'),
		);
	});
	suiteTeardown(() => dir && rmSync(dir, { recursive: true, force: true }));

	test('a scan loads neither the lessons nor the quizzes nor the labs', () => {
		writeFileSync(path.join(dir, 'a.py'), 'import asyncio, time\n\nasync def f():\n    time.sleep(1)\n');
		const { status, stdout, loaded } = run('scan', path.join(dir, 'a.py'), '--format', 'json');
		assert.equal(status, 1, stdout);
		assert.equal((JSON.parse(stdout) as { findings: unknown[] }).findings.length, 1);
		assert.deepEqual(loaded, [path.join('dist', 'cli.js')]);
		// …and the scan's own file holds none of it (YAML's, markdown-it's and highlight.js's own strings).
		const bundle = readFileSync(cli, 'utf8');
		for (const marker of ['Implicit keys need to be on a single line', 'Wrong `markdown-it` preset', 'hljs-']) {
			assert.ok(!bundle.includes(marker), marker);
		}
	});

	test('by default a small scan runs in one thread and a big one in a pool; an explicit --jobs is obeyed', () => {
		const tree = path.join(dir, 'tree');
		mkdirSync(tree);
		for (let i = 0; i < 999; i++) {
			writeFileSync(path.join(tree, `m${i}.py`), 'import asyncio, time\n\nasync def f():\n    time.sleep(1)\n');
		}
		const small = run('scan', tree, '--format', 'json');
		assert.equal(small.workers, 0);
		assert.equal(run('scan', tree, '--format', 'json', '--jobs', '2').workers, 2);
		writeFileSync(path.join(tree, 'm999.py'), 'x = 1\n');
		const big = run('scan', tree, '--format', 'json');
		assert.equal(big.workers, os.availableParallelism() > 1 ? os.availableParallelism() : 0);
		// The same report either way.
		const findings = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
		assert.equal(findings(small.stdout).length, 999);
		assert.deepEqual(findings(big.stdout), findings(small.stdout));
	});

	test('the course commands load their module and work from the bundle', () => {
		const lessons = run('lessons', '--format', 'json');
		assert.equal(lessons.status, 0);
		assert.ok((JSON.parse(lessons.stdout) as { lessons: unknown[] }).lessons.length > 10);
		assert.ok(lessons.loaded.includes(path.join('dist', 'course.js')), lessons.loaded.join(', '));
		const labs = run('lab', 'list', '--format', 'json');
		assert.equal(labs.status, 0);
		assert.ok((JSON.parse(labs.stdout) as { labs: unknown[] }).labs.length > 0);
	});
});
