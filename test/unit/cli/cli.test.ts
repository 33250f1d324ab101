import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { main } from '../../../src/cli/main';

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the CLI in-process from `cwd`, capturing what it prints. */
async function cli(cwd: string, ...args: string[]): Promise<Run> {
	const out: string[] = [];
	const err: string[] = [];
	const saved = {
		log: console.log.bind(console),
		error: console.error.bind(console),
		write: process.stdout.write.bind(process.stdout),
		errWrite: process.stderr.write.bind(process.stderr),
		cwd: process.cwd(),
	};
	console.log = (...a: unknown[]) => out.push(a.join(' ') + '\n');
	console.error = (...a: unknown[]) => err.push(a.join(' ') + '\n');
	process.stdout.write = (chunk: string) => out.push(String(chunk)) > 0;
	process.stderr.write = (chunk: string) => err.push(String(chunk)) > 0;
	process.chdir(cwd);
	try {
		const code = await main(args).catch((e: Error) => {
			err.push(e.message);
			return 2;
		});
		return { code, stdout: out.join(''), stderr: err.join('') };
	} finally {
		Object.assign(console, { log: saved.log, error: saved.error });
		process.stdout.write = saved.write;
		process.stderr.write = saved.errWrite;
		process.chdir(saved.cwd);
	}
}

function workspace(files: Record<string, string | Buffer>): string {
	const root = mkdtempSync(path.join(os.tmpdir(), 'cl-cli-'));
	for (const [name, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		writeFileSync(path.join(root, name), content);
	}
	return root;
}

interface JsonFinding {
	file: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	rule: string;
	kind: string;
	severity: string;
	message: string;
	lesson: string;
	origin?: { file: string; line: number; column: number };
}
interface JsonReport {
	version: number;
	findings: JsonFinding[];
	suppressed: (JsonFinding & { reason: string })[];
	skipped: { file: string; reason: string }[];
	summary: { files: number; lines: number; skipped: number; durationMs: number };
}

/** The run's standard output as JSON of the expected shape. */
function json<T = JsonReport>(run: Run): T {
	return JSON.parse(run.stdout) as T;
}

const BLOCKING = 'import time\n\nasync def handler():\n    time.sleep(1)\n';
const SPAWNING = 'package main\n\nfunc run(jobs []int) {\n\tfor _, j := range jobs {\n\t\tgo work(j)\n\t}\n}\n';

suite('CLI', () => {
	let root: string;
	teardown(() => root && rmSync(root, { recursive: true, force: true }));

	test('scan --format json: the public shape, 1-based positions, / separators, exit 1 on findings', async () => {
		root = workspace({ 'src/app.py': BLOCKING, 'src/clean.py': 'print(1)\n' });
		const run = await cli(root, 'scan', 'src', '--format', 'json');
		assert.equal(run.code, 1);
		const report = json(run);
		assert.equal(report.version, 1);
		assert.deepEqual(Object.keys(report.summary).sort(), ['durationMs', 'files', 'lines', 'skipped']);
		assert.equal(report.summary.files, 2);
		assert.equal(report.findings.length, 1);
		const f = report.findings[0];
		assert.deepEqual(
			{
				file: f.file,
				line: f.line,
				column: f.column,
				endLine: f.endLine,
				endColumn: f.endColumn,
				rule: f.rule,
				kind: f.kind,
				severity: f.severity,
				lesson: f.lesson,
			},
			{
				file: 'src/app.py',
				line: 4,
				column: 5,
				endLine: 4,
				endColumn: 18,
				rule: 'blocking-call-in-async',
				kind: 'blocking-in-async',
				severity: 'warning',
				lesson: 'event-loop#blocking-calls',
			},
		);
		assert.match(f.message, /time\.sleep/);
	});

	test('no findings: exit 0 and a text summary', async () => {
		root = workspace({ 'ok.py': 'async def f():\n    import asyncio\n    await asyncio.sleep(1)\n' });
		const run = await cli(root, 'scan');
		assert.equal(run.code, 0);
		assert.match(run.stdout, /0 findings in 1 file/);
	});

	test('skips dependency folders, git-ignored files, binary and huge files, with a notice', async () => {
		root = workspace({
			'node_modules/lib/a.py': BLOCKING,
			'.git/hooks/x.py': BLOCKING,
			'generated/gen.py': BLOCKING,
			'.gitignore': 'generated/\n',
			'bin.py': Buffer.from([0x61, 0x00, 0x62, 0x0a]),
			'big.py': `${BLOCKING}${'# padding\n'.repeat(300)}`,
			'main.go': SPAWNING,
		});
		const run = await cli(root, 'scan', '--format', 'json', '--max-file-size', '2');
		const report = json(run);
		assert.deepEqual(
			report.findings.map((f) => f.file),
			['main.go'],
		);
		assert.deepEqual(report.skipped.map((s) => s.file).sort(), ['big.py', 'bin.py']);
		assert.match(run.stderr, /skipped big\.py: larger than 2 KB/);
		assert.match(run.stderr, /skipped bin\.py: binary content/);
		const all = await cli(root, 'scan', '--format', 'json', '--no-gitignore', '--exclude', '**/main.go', '--exclude', 'big.py');
		assert.deepEqual(
			json(all).findings.map((f) => f.file),
			['generated/gen.py'],
		);
	});

	test('an unreadable folder is reported as skipped, not silently left out', async function () {
		if (process.getuid?.() === 0 || process.platform === 'win32') {
			this.skip(); // root reads any folder, and Windows has no mode bits to take the right away
		}
		root = workspace({ 'locked/a.py': BLOCKING, 'main.go': SPAWNING });
		chmodSync(path.join(root, 'locked'), 0o000);
		try {
			const report = json(await cli(root, 'scan', '--format', 'json'));
			assert.deepEqual(
				report.skipped.map((s) => s.file),
				['locked'],
			);
			assert.match(report.skipped[0].reason, /folder could not be read \(EACCES\)/);
		} finally {
			chmodSync(path.join(root, 'locked'), 0o755);
		}
	});

	test('rules can be chosen, disabled and re-graded, per language too', async () => {
		root = workspace({ 'a.py': BLOCKING, 'b.go': SPAWNING });
		const rules = (run: Run) =>
			json(run)
				.findings.map((f) => `${f.rule}:${f.severity}`)
				.sort();
		assert.deepEqual(rules(await cli(root, 'scan', '--format', 'json', '--rules', 'unbounded-task-spawn')), ['unbounded-task-spawn:info']);
		assert.deepEqual(rules(await cli(root, 'scan', '--format', 'json', '--disable', 'unbounded-task-spawn')), ['blocking-call-in-async:warning']);
		assert.deepEqual(
			rules(await cli(root, 'scan', '--format', 'json', '--severity', 'blocking-call-in-async=error', '--language-severity', 'go:unbounded-task-spawn=off')),
			['blocking-call-in-async:error'],
		);
	});

	test('suppressed findings are reported with their reason and do not fail the run', async () => {
		root = workspace({ 'a.py': 'import time\n\nasync def f():\n    time.sleep(1)  # concurrency-lens: ignore[blocking-call-in-async] warm-up only\n' });
		const run = await cli(root, 'scan', '--format', 'json');
		assert.equal(run.code, 0);
		const report = json(run);
		assert.equal(report.findings.length, 0);
		assert.equal(report.suppressed[0].reason, 'warm-up only');
		assert.match((await cli(root, 'scan')).stdout, /ignored: warm-up only/);
	});

	test('scan --format sarif: a SARIF 2.1.0 log whose results point at catalogued rules with lesson links', async () => {
		root = workspace({ 'a.py': BLOCKING });
		const run = await cli(root, 'scan', '--format', 'sarif');
		const log = json<Sarif.Log>(run);
		assert.equal(log.version, '2.1.0');
		const [sarifRun] = log.runs;
		const rules = sarifRun.tool.driver.rules!;
		assert.ok(rules.every((r) => r.helpUri?.startsWith('vscode://concurrency-lens.concurrency-lens/lesson/') && r.help?.text && r.shortDescription?.text));
		const [result] = sarifRun.results!;
		assert.equal(rules[result.ruleIndex!].id, result.ruleId);
		assert.equal(result.level, 'warning');
		assert.deepEqual(result.locations![0].physicalLocation!.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 18 });
		assert.equal(result.locations![0].physicalLocation!.artifactLocation!.uri, 'a.py');
	});

	test("scan follows async code into the workspace's other modules (cross-file one hop), in one thread and in a pool", async () => {
		root = workspace({
			'app/__init__.py': '',
			'app/db.py':
				'import time\n\ndef get_user(uid):\n    time.sleep(0.1)\n    return uid\n\nclass Repo:\n    def load(self):\n        time.sleep(1)\n\ndef pure(x):\n    return x + 1\n\ndef warm(x):\n    time.sleep(0.01)  # concurrency-lens: ignore[blocking-call-in-async] 10 ms, once\n',
			'app/routes.py':
				'from app.db import get_user, pure, Repo, warm\nfrom . import db\n\nasync def handler(uid):\n    user = get_user(uid)\n    db.get_user(uid)\n    pure(1)\n    Repo().load()\n    warm(1)\n    return user\n\ndef sync_caller():\n    return get_user(1)\n',
			'web/config.js': "const fs = require('fs');\nfunction readConfig(p) { return fs.readFileSync(p, 'utf8'); }\nmodule.exports = { readConfig };\n",
			'web/server.ts':
				"import { readConfig } from './config.js';\nimport * as cfg from './config';\nexport async function main() {\n  readConfig('a');\n  cfg.readConfig('b');\n  await readConfig('c');\n}\n",
		});
		const runs = [
			await cli(root, 'scan', '--cross-file', '--format', 'json', '--jobs', '1'),
			await cli(root, 'scan', '--cross-file', '--format', 'json', '--jobs', '2'),
		];
		const withoutTime = (run: Run) => run.stdout.replace(/"durationMs": \d+/, '');
		assert.equal(withoutTime(runs[1]), withoutTime(runs[0]), 'a pool gives the same report');
		const found = json(runs[0]).findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
		assert.deepEqual(found, [
			'app/routes.py:5 blocking-call-in-async',
			'app/routes.py:6 blocking-call-in-async',
			'web/server.ts:4 blocking-call-in-async',
			'web/server.ts:5 blocking-call-in-async',
		]);
		const [first] = json(runs[0]).findings;
		assert.match(first.message, /^`get_user\(\)` \(in `app\/db\.py`\) calls `time\.sleep`, which blocks the thread in `async def handler`/);
		assert.deepEqual(first.origin, { file: 'app/db.py', line: 4, column: 5 }, 'the blocking line in the other file');
		const sarif = json<Sarif.Log>(await cli(root, 'scan', '--cross-file', '--format', 'sarif', 'web'));
		const related = sarif.runs[0].results![0].relatedLocations!.map((l) => [
			l.id,
			l.physicalLocation!.artifactLocation!.uri,
			l.physicalLocation!.region!.startLine,
		]);
		assert.deepEqual(related, [
			[1, 'web/server.ts', 3],
			[2, 'web/config.js', 2],
		]);
		const text = await cli(root, 'scan', '--cross-file', 'app');
		assert.match(text.stdout, /chain: async def handler → db\.get_user \(db\.py\) → time\.sleep/);
		const off = await cli(root, 'scan', '--format', 'json');
		assert.deepEqual(json(off).findings, []);
	});

	test('scan with a pool of workers: the same report, byte for byte, as one thread', async () => {
		const fixtures = path.join(__dirname, '../../../../test/fixtures');
		const withoutTime = (run: Run) => run.stdout.replace(/"durationMs": \d+/, '');
		const single = await cli(fixtures, 'scan', '--format', 'json', '--jobs', '1');
		assert.ok(json(single).findings.length > 300, 'the fixtures have findings');
		for (const jobs of ['2', '3']) {
			const pooled = await cli(fixtures, 'scan', '--format', 'json', '--jobs', jobs);
			assert.equal(pooled.code, single.code);
			assert.equal(withoutTime(pooled), withoutTime(single), `--jobs ${jobs}`);
		}
		// Skipped files come back from the workers with their reasons, in the walk's order.
		root = workspace({ 'bin.py': Buffer.from([0x61, 0x00, 0x62, 0x0a]), 'big.py': `${BLOCKING}${'# padding\n'.repeat(300)}`, 'a.py': BLOCKING });
		const skipping = [
			await cli(root, 'scan', '--format', 'json', '--max-file-size', '2', '--jobs', '1'),
			await cli(root, 'scan', '--format', 'json', '--max-file-size', '2', '--jobs', '2'),
		];
		assert.equal(withoutTime(skipping[1]), withoutTime(skipping[0]));
		assert.deepEqual(
			json(skipping[1]).skipped.map((s) => s.reason),
			['larger than 2 KB (3 KB)', 'binary content'],
		);
	});

	test("practise what we teach: the extension's and the CLI's own sources have no findings", async () => {
		const run = await cli(path.join(__dirname, '../../../..'), 'scan', 'src', '--format', 'json', '--jobs', '1');
		assert.deepEqual(
			json(run).findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
			[],
		);
		assert.ok(json(run).summary.files > 100, 'the sources were scanned');
	});

	test('usage and I/O errors exit 2 with a clear message', async () => {
		root = workspace({});
		for (const args of [
			['scan', '--rules', 'no-such-rule'],
			['scan', '--format', 'xml'],
			['scan', 'missing-folder'],
			['frobnicate'],
			['scan', '--severity', 'blocking-call-in-async=loud'],
			['scan', '--jobs', '0'],
		]) {
			const run = await cli(root, ...args);
			assert.equal(run.code, 2, args.join(' '));
			assert.ok(run.stderr.length > 0, `no message for ${args.join(' ')}`);
		}
	});

	test('rules, lessons and quiz list the catalogue as JSON', async () => {
		root = workspace({});
		const { rules } = json<{ rules: { id: string; lesson: string }[] }>(await cli(root, 'rules', '--format', 'json'));
		assert.ok(rules.some((r) => r.id === 'blocking-call-in-async' && r.lesson === 'event-loop#blocking-calls'));
		const { lessons } = json<{ lessons: { id: string; sections: { anchor: string }[]; languages: string[] }[] }>(
			await cli(root, 'lessons', '--format', 'json'),
		);
		const eventLoop = lessons.find((l) => l.id === 'event-loop')!;
		assert.ok(eventLoop.sections.some((s) => s.anchor === 'event-loop#blocking-calls'));
		assert.ok(eventLoop.languages.length >= 3);
		const { stats, questions } = json<{
			stats: { questions: number; byKind: Record<string, number> };
			questions: { kind: string; difficulty: number; answer: unknown; exhibit?: string }[];
		}>(await cli(root, 'quiz', '--format', 'json', '--lesson', 'event-loop'));
		const findLine = questions.find((q) => q.kind === 'find-the-line')!;
		assert.ok(Array.isArray(findLine.answer) && findLine.answer.length === 1);
		assert.ok(questions.every((q) => [1, 2, 3].includes(q.difficulty)));
		assert.equal(stats.questions, questions.length, 'stats describe the listed questions');
		assert.equal(stats.byKind['predict-output'], questions.filter((q) => q.kind === 'predict-output').length);
		assert.match(questions.find((q) => q.kind === 'predict-output')!.exhibit!, /^```javascript\n/);
	});

	test('lab list and lab run: the JSON contract, an ASCII timeline, exit 2 on bad knobs or an unknown lab', async () => {
		const list = await cli(process.cwd(), 'lab', 'list', '--format', 'json');
		assert.equal(list.code, 0);
		const listed = JSON.parse(list.stdout) as {
			version: number;
			machine: { cpus: number };
			labs: { id: string; runtime: string; knobs: unknown[]; available: boolean }[];
		};
		assert.equal(listed.version, 1);
		assert.ok(listed.labs.length >= 8 && listed.labs.every((l) => l.knobs.length > 0));
		assert.ok(listed.labs.filter((l) => l.runtime === 'node').every((l) => l.available));

		const run = await cli(process.cwd(), 'lab', 'run', 'coffee-shop', '--param', 'orders=2', '--param', 'brewMs=60', '--format', 'json');
		assert.equal(run.code, 0, run.stderr);
		const result = JSON.parse(run.stdout) as {
			version: number;
			lab: string;
			params: Record<string, number>;
			machine: { cpus: number; node: string };
			variants: {
				id: string;
				wallMs: number;
				cpuMs: number;
				metrics: object;
				lanes: { lane: string; segments: { task: string; from: number; to: number; state: string }[] }[];
			}[];
		};
		assert.deepEqual([result.version, result.lab, result.params.orders, result.machine.node], [1, 'coffee-shop', 2, process.versions.node]);
		assert.deepEqual(
			result.variants.map((v) => v.id),
			['sequential', 'interleaved'],
		);
		const segment = result.variants[0].lanes[0].segments[0];
		assert.deepEqual(Object.keys(segment).sort(), ['from', 'state', 'task', 'to']);
		assert.ok(result.variants[0].wallMs >= 2 * 60, 'sequential waited for both brews');

		const text = await cli(process.cwd(), 'lab', 'run', 'coffee-shop', '--param', 'orders=1', '--param', 'brewMs=20');
		assert.equal(text.code, 0);
		assert.match(text.stdout, /main thread \(barista\)\s+\|[# ]+\|/);

		const bad = await cli(process.cwd(), 'lab', 'run', 'coffee-shop', '--param', 'orders=99');
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /orders must be a whole number from 1 to 12/);
		assert.equal((await cli(process.cwd(), 'lab', 'run', 'no-such-lab')).code, 2);
		assert.equal((await cli(process.cwd(), 'lab', 'run', 'coffee-shop', '--param', 'orders')).code, 2);
	});

	test('lessons and quiz fail clearly on invalid content', async () => {
		root = workspace({ 'lessons/01-broken.md': '---\nid: broken\ntitle: [unclosed\n---\n## A {#a}\n', 'lessons/quizzes/.keep': '' });
		const run = await cli(root, 'lessons', '--content', root);
		assert.equal(run.code, 2);
		assert.match(run.stderr, /lessons\/01-broken\.md:\d+: front matter is not valid YAML/);
	});
});
