import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExerciseError, parseExercise } from '../../../src/exercises/catalog';
import { checkExercise, parseReport, verdict, type CheckOptions } from '../../../src/exercises/check';
import { emptyExerciseProgress, exerciseState, parseExerciseProgress, recordCheck, recordHint } from '../../../src/exercises/progress';
import { MARKER, scaffold } from '../../../src/exercises/scaffold';
import type { CheckResult, Exercise } from '../../../src/exercises/types';
import { isAlive } from '../../processes';
import { analyzer, repoRoot } from '../testAnalyzer';

// The check's logic and its answers to bad input, on the login exercise with learner files written here.

const exercisesDir = path.join(repoRoot, 'exercises');
const login = parseExercise('js-sync-hash-login', readFileSync(path.join(exercisesDir, 'js-sync-hash-login', 'brief.md'), 'utf8'));
const solution = readFileSync(path.join(exercisesDir, 'js-sync-hash-login', 'solution', 'login.js'), 'utf8');
let work: string;
const pids: number[] = [];

const options = (extra: Partial<CheckOptions> = {}): CheckOptions => ({
	exercisesDir,
	toolchains: {},
	analyze: (text, e) => analyzer.analyze(text, e.language),
	onSpawn: (pid) => pids.push(pid),
	...extra,
});

async function checkText(text: string | Buffer, extra: Partial<CheckOptions> = {}): Promise<CheckResult> {
	const folder = await mkdtemp(path.join(work, 'login-'));
	await writeFile(path.join(folder, login.file), text);
	return checkExercise(login, folder, options(extra));
}

suite('Exercise checks: logic and bad input', function () {
	this.timeout(60_000);

	suiteSetup(async () => {
		work = await mkdtemp(path.join(os.tmpdir(), 'concurrency-lens-check-'));
	});
	suiteTeardown(() => rm(work, { recursive: true, force: true }));

	test('a deleted file is an error that says how to get the starter back, and nothing runs', async () => {
		const before = pids.length;
		const result = await checkExercise(login, path.join(work, 'nowhere'), options());
		assert.equal(result.status, 'error');
		assert.match(result.summary, /login\.js is missing.*Reset/);
		assert.equal(pids.length, before);
	});

	test('a binary or oversized file is an error, never analyzed or run', async () => {
		assert.match((await checkText(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))).summary, /not a text file/);
		assert.match((await checkText('// x\n'.repeat(60_000))).summary, /KB, more than the 256 KB/);
	});

	test('a syntax error fails with the parser\'s own message', async () => {
		const result = await checkText('async function login(users, name, password {\n');
		assert.equal(result.status, 'fail');
		assert.equal(result.failed, 'correctness');
		assert.match(result.correctness!.message, /login\.js has a syntax error at line 1: Unexpected token/);
	});

	test('an endless loop is stopped at the time limit, its process tree killed, and the message says so', async () => {
		const result = await checkText(`${solution}\nwhile (true) {}\n`, { timeoutMs: 1500 });
		assert.equal(result.status, 'fail');
		assert.equal(result.failed, 'run');
		assert.match(result.runError!, /longer than its limit of 2 s.*endless loop/);
		await new Promise((resolve) => setTimeout(resolve, 200));
		assert.ok(!isAlive(pids[pids.length - 1]), 'the check process is gone');
	});

	test('code that exits the process before the check reports fails: no result is not a pass', async () => {
		const result = await checkText(`${solution}\nprocess.exit(0);\n`);
		assert.equal(result.status, 'fail');
		assert.match(result.runError!, /ended without a result/);
	});

	test('output beyond the cap stops the run', async () => {
		const result = await checkText(`${solution}\nsetInterval(() => process.stdout.write('x'.repeat(1 << 20)), 1);\n`);
		assert.equal(result.failed, 'run');
		assert.match(result.runError!, /more than \d+ bytes of output/);
	});

	test('a connection beyond 127.0.0.1 is refused, with the reason', async () => {
		const result = await checkText(`require('node:net').connect(80, '203.0.113.9');\n${solution}`);
		assert.equal(result.failed, 'correctness');
		assert.match(result.correctness!.message, /reach only the check's own servers on 127\.0\.0\.1; a connection to 203\.0\.113\.9 was refused/);
	});

	test('an analyzer that fails makes the check an error that says so, and nothing runs', async () => {
		const before = pids.length;
		const result = await checkText(solution, {
			analyze: () => Promise.reject(new Error('the analysis worker stopped unexpectedly')),
		});
		assert.equal(result.status, 'error');
		assert.match(result.summary, /the analyzer could not read login\.js: the analysis worker stopped unexpectedly/);
		assert.equal(pids.length, before);
	});

	test('not allowed to run (an untrusted workspace): the analyzer alone decides, and the result says so', async () => {
		const before = pids.length;
		const result = await checkText(solution, { noRun: 'this workspace is not trusted' });
		assert.equal(result.status, 'pass');
		assert.equal(result.correctness, undefined);
		assert.match(result.staticOnly!, /Not run: this workspace is not trusted/);
		assert.equal(pids.length, before, 'nothing was spawned');
		const starter = await checkText(readFileSync(path.join(exercisesDir, login.id, 'starter', login.file), 'utf8'), { noRun: 'untrusted' });
		assert.equal(starter.status, 'fail');
		assert.equal(starter.failed, 'static');
	});

	test('the verdict names the first failing part, and a run error after a static failure blames the analyzer first', () => {
		const bad = { ok: false, message: 'no', findings: [] };
		const good = { ok: true, message: 'fine', findings: [] };
		assert.equal(verdict(good, { report: { correctness: { ok: true, message: 'r' }, measure: { ok: false, message: 'slow' } }, output: '' }).failed, 'measure');
		assert.equal(verdict(bad, { report: { correctness: { ok: false, message: 'wrong' } }, output: '' }).failed, 'static');
		assert.equal(verdict(bad, { runError: 'crashed', output: '' }).failed, 'static');
		assert.equal(verdict(good, { runError: 'crashed', output: '' }).failed, 'run');
		const pass = verdict(good, { report: { correctness: { ok: true, message: 'r' }, measure: { ok: true, message: 'fast: 12 ms' } }, output: '' });
		assert.equal(pass.status, 'pass');
		assert.equal(pass.summary, 'fast: 12 ms');
	});

	test('a malformed report from a check program is a plain error, and non-numbers are dropped from figures', () => {
		assert.throws(() => parseReport('{"measure": {}}'), /no valid 'correctness' part/);
		assert.throws(() => parseReport('oops'), /not JSON/);
		const report = parseReport('{"correctness":{"ok":true,"message":"m"},"measure":{"ok":true,"message":"m","figures":{"a":1,"b":"x","c":null}}}');
		assert.deepEqual(report.measure?.figures, { a: 1 });
	});
});

suite('Exercise catalogue: brief.md front matter', () => {
	const brief = (front: string) => `---\n${front}\n---\n# Brief\n\nText.\n`;
	const valid = [
		'title: T',
		'file: a.py',
		'runtime: python',
		'lesson: waiting#interleaving',
		'rules: [blocking-call-in-async]',
		'order: 1',
		'starterFails: [static, measure]',
		'measures: M',
		'hints: [one, two]',
	];
	const without = (key: string) => valid.filter((l) => !l.startsWith(`${key}:`));
	const error = (front: string[]): ExerciseError => {
		try {
			parseExercise('an-exercise', brief(front.join('\n')));
		} catch (e) {
			assert.ok(e instanceof ExerciseError, String(e));
			return e;
		}
		return assert.fail('expected an error');
	};

	test('a valid brief reads, its language from the file name', () => {
		const e: Exercise = parseExercise('an-exercise', brief(valid.join('\n')));
		assert.equal(e.language, 'python');
		assert.deepEqual(e.hints, ['one', 'two']);
		assert.equal(e.brief, '# Brief\n\nText.');
	});

	test('each problem names its key and line', () => {
		assert.match(error([...without('rules'), 'rules: [no-such-rule]']).message, /an-exercise\/brief\.md:10: rules: unknown rule 'no-such-rule'/);
		assert.match(error([...without('file'), 'file: a.txt']).message, /file: 'a\.txt' is not a file the analyzer reads/);
		assert.match(error([...without('hints'), 'hints: [only]']).message, /expected two or three hints/);
		assert.match(error([...without('starterFails'), 'starterFails: [speed]']).message, /starterFails: expected a non-empty list/);
		assert.match(error([...without('rules'), 'rules: []']).message, /cannot fail the static check of an exercise without rules/);
		assert.match(error([...without('runtime')]).message, /an exercise that is not run can only fail the static check/);
		assert.match(error(without('lesson')).message, /lesson: expected a non-empty string/);
		assert.match(error([...without('runtime'), 'runtime: cobol']).message, /runtime: expected one of node, typescript/);
	});

	test('missing front matter or an empty brief is an error at the right line', () => {
		assert.throws(() => parseExercise('x', '# no front matter'), /x\/brief\.md:1: front matter missing/);
		assert.throws(() => parseExercise('x', `---\n${valid.join('\n')}\n---\n\n`), /brief\.md:12: the brief .* is empty/);
	});
});

suite('Exercise progress and scaffolding', () => {
	const result = (id: string, status: CheckResult['status']): CheckResult => ({
		version: 1,
		id,
		status,
		summary: '',
		static: { ok: true, message: '', findings: [] },
		durationMs: 1,
	});

	test('a pass is kept when a later edit fails; an error changes nothing; hints only grow', () => {
		let p = recordCheck(emptyExerciseProgress(), result('a', 'fail'), 10);
		assert.equal(exerciseState(p, 'a'), 'failing');
		p = recordCheck(p, result('a', 'pass'), 20);
		p = recordCheck(p, result('a', 'fail'), 30);
		assert.equal(exerciseState(p, 'a'), 'passing');
		assert.deepEqual(p.exercises.a, { last: 'failing', checkedAt: 30, passedAt: 20 });
		assert.equal(recordCheck(p, result('a', 'error'), 40), p);
		p = recordHint(recordHint(p, 'b', 2), 'b', 1);
		assert.equal(p.exercises.b.hints, 2);
		assert.equal(exerciseState(p, 'b'), 'not-started');
	});

	test('corrupt saved progress is repaired, keeping every well-formed entry', () => {
		assert.deepEqual(parseExerciseProgress('garbage'), { progress: emptyExerciseProgress(), recovered: true });
		assert.deepEqual(parseExerciseProgress(undefined), { progress: emptyExerciseProgress(), recovered: false });
		const { progress, recovered } = parseExerciseProgress({
			version: 1,
			exercises: { good: { last: 'passing', checkedAt: 5, passedAt: 5, hints: 1 }, bad: { last: 'maybe', checkedAt: 5 }, worse: 7, hinted: { hints: 3 } },
		});
		assert.ok(recovered);
		assert.deepEqual(progress.exercises, { good: { last: 'passing', checkedAt: 5, passedAt: 5, hints: 1 }, hinted: { hints: 3 } });
	});

	test('scaffolding never overwrites: a second run keeps the learner\'s edits and says which files it kept', async () => {
		const root = await mkdtemp(path.join(os.tmpdir(), 'concurrency-lens-scaffold-'));
		try {
			const first = await scaffold(root, [login], exercisesDir);
			assert.deepEqual(first.created.sort(), [MARKER, 'README.md', 'js-sync-hash-login/README.md', 'js-sync-hash-login/login.js'].sort());
			await writeFile(path.join(root, login.id, login.file), 'my fix');
			const second = await scaffold(root, [login], exercisesDir);
			assert.deepEqual(second.created, []);
			assert.equal(second.kept.length, 4);
			assert.equal(await readFile(path.join(root, login.id, login.file), 'utf8'), 'my fix');
			assert.match(await readFile(path.join(root, login.id, 'README.md'), 'utf8'), /<summary>Hint 1<\/summary>/);
		} finally {
			await rm(root, { recursive: true, force: true });
		}
	});
});
