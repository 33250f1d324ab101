import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TextChange } from '../../../src/analysis/analyzer';
import { AnalysisCancelledError, AnalysisStoppedError, BinaryInputError } from '../../../src/analysis/errors';
import { languageForFile } from '../../../src/analysis/languageIds';
import { OffThreadAnalyzer } from '../../../src/analysis/offThread';
import type { Finding, LanguageId } from '../../../src/analysis/types';
import { analyzer, repoRoot, wasmFolder } from '../testAnalyzer';

const workerScript = path.join(repoRoot, 'out/src/analysis/offThreadWorker.js');
const fakeScript = path.join(__dirname, 'fakeAnalysisWorker.js');
const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');

function fixtures(): { file: string; text: string; languageId: NonNullable<ReturnType<typeof languageForFile>> }[] {
	return readdirSync(fixturesRoot).flatMap((dir) =>
		readdirSync(path.join(fixturesRoot, dir)).flatMap((name) => {
			const languageId = languageForFile(name);
			const file = path.join(fixturesRoot, dir, name);
			return languageId ? [{ file, text: readFileSync(file, 'utf8'), languageId }] : [];
		}),
	);
}

/** The change VS Code would report for replacing `length` characters at `offset` of `text` with `insert`. */
function change(text: string, offset: number, length: number, insert: string): TextChange {
	const position = (at: number) => {
		const before = text.slice(0, at).split('\n');
		return { line: before.length - 1, character: before[before.length - 1].length };
	};
	return { rangeOffset: offset, rangeLength: length, text: insert, range: { start: position(offset), end: position(offset + length) } };
}

const notAskedAgain = (): string => assert.fail('the worker already has the text');

/** A fresh, whole parse of `text` (no previous tree, no screen): what an incremental re-parse must equal. */
async function freshParse(text: string, languageId: LanguageId): Promise<Finding[]> {
	const document = analyzer.openDocument(languageId);
	try {
		return await document.analyze(text);
	} finally {
		document.dispose();
	}
}

const messages = (findings: Finding[]) => findings.map((f) => JSON.parse(f.message) as { open: number[]; edits: number });

suite('analysis off the host thread (OffThreadAnalyzer)', () => {
	let remote: OffThreadAnalyzer;
	setup(() => {
		remote = new OffThreadAnalyzer({ script: workerScript, grammars: wasmFolder });
	});
	teardown(() => remote.dispose());

	test('gives the in-process findings for every fixture', async () => {
		const all = fixtures();
		const results = await Promise.all(all.map((f) => remote.analyze(f.text, f.languageId)));
		let total = 0;
		for (const [i, f] of all.entries()) {
			assert.deepEqual(results[i], await analyzer.analyze(f.text, f.languageId), f.file);
			total += results[i].length;
		}
		assert.ok(total > 100, `only ${total} findings over the fixtures`);
	});

	test('edits shaped as VS Code sends them (Range and Position classes with getters) reach the worker intact', async () => {
		// VS Code's own shape: private fields, public getters on the prototype, which postMessage's clone drops.
		class Position {
			constructor(
				private readonly _line: number,
				private readonly _character: number,
			) {}
			get line() {
				return this._line;
			}
			get character() {
				return this._character;
			}
		}
		class Range {
			constructor(
				private readonly _start: Position,
				private readonly _end: Position,
			) {}
			get start() {
				return this._start;
			}
			get end() {
				return this._end;
			}
		}
		const stops: string[] = [];
		const own = new OffThreadAnalyzer({ script: workerScript, grammars: wasmFolder, onStopped: (reason) => stops.push(reason) });
		try {
			const before = 'import time\n\nasync def f():\n    pass\n';
			const document = own.openDocument('python');
			assert.deepEqual(await document.analyze(() => before), []);
			const insert = '    time.sleep(1)\n';
			document.edit([{ rangeOffset: before.indexOf('    pass'), rangeLength: 0, text: insert, range: new Range(new Position(3, 0), new Position(3, 0)) }]);
			const findings = await document.analyze(notAskedAgain);
			assert.deepEqual(
				findings.map((f) => [f.ruleId, f.range.startLine]),
				[['blocking-call-in-async', 3]],
			);
			assert.deepEqual(stops, [], 'the worker never stopped');
		} finally {
			own.dispose();
		}
	});

	test('an open document re-parses after edits as a fresh parse of the edited text would', async () => {
		for (const f of fixtures().filter((x) => x.text.length > 400)) {
			const document = remote.openDocument(f.languageId);
			let text = f.text;
			assert.deepEqual(await document.analyze(() => text), await freshParse(text, f.languageId), f.file);
			// Cut a slice from the middle, then type it back one piece at a time, analyzing in between.
			const at = Math.floor(text.length / 2);
			const cut = text.slice(at, at + 120);
			document.edit([change(text, at, cut.length, '')]);
			text = text.slice(0, at) + text.slice(at + cut.length);
			// From here on the worker analyzes its own copy, kept from the edits: the text is never asked for again.
			assert.deepEqual(await document.analyze(notAskedAgain), await freshParse(text, f.languageId), `${f.file} after the cut`);
			for (let done = 0; done < cut.length; done += 40) {
				const piece = cut.slice(done, done + 40);
				document.edit([change(text, at + done, 0, piece)]);
				text = text.slice(0, at + done) + piece + text.slice(at + done);
			}
			assert.equal(text, f.text);
			assert.deepEqual(await document.analyze(notAskedAgain), await freshParse(text, f.languageId), `${f.file} typed back`);
			document.dispose();
		}
	});

	test('one event with several changes (multi-cursor typing, last change first) keeps the worker copy right', async () => {
		const f = fixtures().find((x) => x.languageId === 'python' && x.text.length > 2000)!;
		const document = remote.openDocument('python');
		await document.analyze(() => f.text);
		const lineStart = (n: number) => f.text.split('\n').slice(0, n).join('\n').length + 1;
		const [late, early] = [lineStart(40), lineStart(3)];
		// As VS Code reports them: in descending order, each range in the text before the event.
		document.edit([change(f.text, late, 0, '# typed here\n'), change(f.text, early, 0, '# and here\n\n')]);
		const edited = f.text.slice(0, early) + '# and here\n\n' + f.text.slice(early, late) + '# typed here\n' + f.text.slice(late);
		const expected = await freshParse(edited, 'python');
		assert.ok(expected.length > 0, f.file);
		assert.deepEqual(await document.analyze(notAskedAgain), expected);
		document.dispose();
	});

	test('reports the worker-side errors as the classes front ends tell apart', async () => {
		await assert.rejects(remote.analyze('x = 1\0\0', 'python'), BinaryInputError);
	});

	test('an aborted request rejects at once as cancelled, and the worker serves the next one', async () => {
		const big = fixtures().find((f) => f.languageId === 'python')!;
		const controller = new AbortController();
		const aborted = remote.analyze(big.text.repeat(40), 'python', {}, controller.signal);
		controller.abort();
		await assert.rejects(aborted, AnalysisCancelledError);
		assert.deepEqual(await remote.analyze(big.text, 'python'), await analyzer.analyze(big.text, 'python'));
		const already = new AbortController();
		already.abort();
		await assert.rejects(remote.analyze(big.text, 'python', {}, already.signal), AnalysisCancelledError);
	});

	test("follows an open document's imports into files on disk, and sees a saved change to them and a new file", async () => {
		const root = mkdtempSync(path.join(tmpdir(), 'cl-offthread-'));
		try {
			const helper = path.join(root, 'db.py');
			writeFileSync(helper, 'import time\n\ndef get_user(uid):\n    time.sleep(0.1)\n    return uid\n');
			const importer = path.join(root, 'routes.py');
			const text = 'from db import get_user\n\nasync def handler(uid):\n    return get_user(uid)\n';
			const crossFile = { file: importer, roots: [root], maxBytes: 1 << 20 };
			const document = remote.openDocument('python');
			const [finding, ...rest] = await document.analyze(() => text, {}, undefined, crossFile);
			assert.deepEqual(rest, []);
			assert.equal(finding.ruleId, 'blocking-call-in-async');
			assert.equal(finding.range.startLine, 3);
			assert.deepEqual(finding.origin, { path: helper, range: { startLine: 3, startColumn: 4, endLine: 3, endColumn: 19 } });
			assert.deepEqual(await document.analyze(notAskedAgain), [], 'without cross-file, nothing');
			writeFileSync(helper, 'def get_user(uid):\n    return uid\n');
			assert.deepEqual(await document.analyze(notAskedAgain, {}, undefined, crossFile), [], 'the helper no longer blocks');
			// A module that appears: the worker trusts what it knew for a while, unless told files changed.
			const later = 'from cache import warm\n\nasync def handler():\n    return warm()\n';
			const second = remote.openDocument('python');
			assert.deepEqual(await second.analyze(() => later, {}, undefined, crossFile), [], 'no cache.py yet');
			writeFileSync(path.join(root, 'cache.py'), 'import time\n\ndef warm():\n    time.sleep(1)\n');
			remote.filesChanged();
			const [appeared] = await second.analyze(notAskedAgain, {}, undefined, crossFile);
			assert.equal(appeared?.origin?.path, path.join(root, 'cache.py'), 'the new module is seen at once');
			second.dispose();
			document.dispose();
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

suite('the analysis worker: budget, crashes and restarts', () => {
	const stops: string[] = [];
	let remote: OffThreadAnalyzer;
	setup(() => {
		stops.length = 0;
		remote = new OffThreadAnalyzer({ script: fakeScript, grammars: wasmFolder, budgetMillis: 300, onStopped: (reason) => stops.push(reason) });
	});
	teardown(() => remote.dispose());

	test('a request past its budget stops the worker; the one behind it is told to retry; a new worker answers', async () => {
		const hung = remote.analyze('hang', 'python');
		const behind = remote.analyze('fine', 'python');
		const hungError = await hung.then(
			() => undefined,
			(e: unknown) => e,
		);
		const behindError = await behind.then(
			() => undefined,
			(e: unknown) => e,
		);
		assert.ok(hungError instanceof AnalysisStoppedError && hungError.culprit, String(hungError));
		assert.match(hungError.message, /0\.3 s budget/);
		assert.ok(behindError instanceof AnalysisStoppedError && !behindError.culprit, String(behindError));
		assert.equal(stops.length, 1);
		assert.equal((await remote.analyze('fine', 'python')).length, 1);
	});

	for (const how of ['crash', 'exit']) {
		test(`a worker that dies (${how}) fails the running request, is reported, and is replaced`, async () => {
			const error = await remote.analyze(how, 'python').then(
				() => undefined,
				(e: unknown) => e,
			);
			assert.ok(error instanceof AnalysisStoppedError && error.culprit, String(error));
			assert.equal(stops.length, 1);
			assert.match(stops[0], how === 'crash' ? /boom/ : /code 3/);
			assert.equal((await remote.analyze('fine', 'python')).length, 1);
		});
	}

	test('documents open again in a new worker, and edits meant for the old one are dropped', async () => {
		const a = remote.openDocument('python');
		const b = remote.openDocument('go');
		a.edit([change('', 0, 0, 'x')]);
		assert.deepEqual(messages(await a.analyze(() => 'fine')), [{ open: [1], edits: 0 }]);
		a.edit([change('', 0, 0, 'x')]);
		assert.deepEqual(messages(await b.analyze(() => 'fine')), [{ open: [1, 2], edits: 1 }]);
		await remote.analyze('exit', 'python').catch(() => undefined);
		a.edit([change('', 0, 0, 'x')]);
		assert.deepEqual(messages(await a.analyze(() => 'fine')), [{ open: [1], edits: 0 }]);
		b.dispose();
		a.dispose();
		assert.deepEqual(messages(await remote.analyze('fine', 'python')), [{ open: [], edits: 0 }]);
	});

	test('a worker script that cannot start rejects the request instead of throwing', async () => {
		const broken = new OffThreadAnalyzer({ script: path.join(__dirname, 'no-such-worker.js'), grammars: wasmFolder });
		let rejected: Promise<unknown> | undefined;
		assert.doesNotThrow(() => (rejected = broken.analyze('x = 1', 'python')));
		await assert.rejects(rejected!);
		await assert.rejects(broken.openDocument('python').analyze(() => 'x = 1'));
		broken.dispose();
	});
});
