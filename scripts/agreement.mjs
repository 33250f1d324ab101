// Agreement with peer tools on the peers' own fixtures, which the project does not bundle (bring a checkout):
//   npm run agreement -- ruff <ruff>/crates/ruff_linter/resources/test/fixtures/flake8_async
//     our blocking-call findings against Ruff's flake8-async blocking rules (ASYNC2xx), as the Ruff WASM
//     build in devDependencies reports them on the same files;
//   npm run agreement -- vsthrd103 <vs-threading>/test/Microsoft.VisualStudio.Threading.Analyzers.Tests/VSTHRD103UseAsyncOptionAnalyzerTests.cs
//     our blocking findings against the diagnostics each test case of VSTHRD103 ("call the async method in
//     async code") expects, the cases taken out of the C# test file.
// A line counts once: a finding of ours on a line the peer flags is a true positive; on another line, a false one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const load = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode, source] = process.argv.slice(2);
if (!source || (mode !== 'ruff' && mode !== 'vsthrd103')) {
	console.error('usage: node scripts/agreement.mjs ruff <folder of flake8_async fixtures> | vsthrd103 <VSTHRD103 tests .cs>');
	process.exit(2);
}

const { theirs, files, rules, label } = mode === 'ruff' ? ruffCases(source) : vsthrdCases(source);
const ours = ourFindings(files, rules);
const agreed = [...ours].filter((k) => theirs.has(k));
const onlyOurs = [...ours].filter((k) => !theirs.has(k)).sort();
const onlyTheirs = [...theirs].filter((k) => !ours.has(k)).sort();
const precision = ours.size ? agreed.length / ours.size : 1;
const recall = theirs.size ? agreed.length / theirs.size : 1;
console.log(`${label} (${files.length} files): theirs ${theirs.size} lines, ours ${ours.size}, both ${agreed.length}`);
console.log(`precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
for (const k of onlyOurs) console.log(`  only ours:   ${k}`);
for (const k of onlyTheirs) console.log(`  only theirs: ${k}`);

/** Ruff's blocking-call rules (sleep, HTTP, subprocess, open, os.path/pathlib, input) on its fixture files. */
function ruffCases(dir) {
	const files = readdirSync(dir)
		.filter((f) => /^ASYNC2\d[\dx].*\.py$/.test(f))
		.map((f) => path.join(dir, f));
	const ruff = load('@astral-sh/ruff-wasm-nodejs');
	const workspace = new ruff.Workspace({ lint: { select: ['ASYNC'] } }, ruff.PositionEncoding.Utf16);
	const theirs = new Set();
	for (const file of files) {
		for (const d of workspace.check(readFileSync(file, 'utf8'))) {
			if (/^ASYNC2\d\d$/.test(d.code)) {
				theirs.add(`${path.basename(file)}:${d.start_location.row}`);
			}
		}
	}
	return { theirs, files, rules: 'blocking-call-in-async', label: "Ruff's ASYNC2xx fixtures (target P, R >= 0.95)" };
}

/**
 * Each `[Fact]` of the VSTHRD103 tests: its first verbatim string is the code; the diagnostics it expects
 * are `{|#n:…|}` markers or `WithLocation(line, column)` / `WithSpan(line, …)`. Tests that expect none
 * are the negative cases. Each case is written to its own file.
 */
function vsthrdCases(testFile) {
	const text = readFileSync(testFile, 'utf8');
	const out = mkdtempSync(path.join(tmpdir(), 'vsthrd103-'));
	const theirs = new Set();
	const files = [];
	for (const [index, fact] of text
		.split(/\[Fact\]/)
		.slice(1)
		.entries()) {
		const code = /var test = @"([\s\S]*?)";/.exec(fact)?.[1];
		if (!code) {
			continue;
		}
		const name = `case${String(index).padStart(2, '0')}.cs`;
		let source = code.replace(/""/g, '"');
		const lines = source.split('\n');
		lines.forEach((line, i) => {
			if (/\{\|#\d+:/.test(line)) {
				theirs.add(`${name}:${i}`);
			}
		});
		source = source.replace(/\{\|#\d+:([\s\S]*?)\|\}/g, '$1');
		for (const at of fact.matchAll(/With(?:Location|Span)\((\d+),/g)) {
			theirs.add(`${name}:${Number(at[1]) - 1}`);
		}
		writeFileSync(path.join(out, name), source);
		files.push(path.join(out, name));
	}
	return { theirs, files, rules: 'blocking-call-in-async,blocking-wait-in-async', label: "VSTHRD103's test cases (target R >= 0.8 with P >= 0.95)" };
}

/** `file:line` of our findings; lines as the CLI reports them (1-based) minus one, as the cases count them. */
function ourFindings(files, rules) {
	// The CLI exits 1 when it has findings, which is the point here.
	const scan = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', ...files, '--format', 'json', '--rules', rules], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (scan.status !== 0 && scan.status !== 1) {
		console.error(scan.stderr);
		process.exit(2);
	}
	const offset = mode === 'ruff' ? 0 : 1;
	return new Set(JSON.parse(scan.stdout).findings.map((f) => `${path.basename(f.file)}:${f.line - offset}`));
}
