// Agreement with a peer tool on the peer's own fixtures: precision and recall of our blocking-call findings
// against Ruff's flake8-async blocking rules (ASYNC2xx), which the Ruff WASM build in devDependencies
// reports on the same files. The fixtures come from a Ruff checkout, which the project does not bundle:
//   npm run build && node scripts/agreement.mjs <ruff>/crates/ruff_linter/resources/test/fixtures/flake8_async
// A line counts once: a finding of ours on a line Ruff flags is a true positive; on another line, a false one.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2];
if (!dir) {
	console.error('usage: node scripts/agreement.mjs <folder of Ruff flake8_async fixtures>');
	process.exit(2);
}

/** Ruff's blocking-call rules: sleep, HTTP, subprocess, open, os.path/pathlib, input. */
const BLOCKING = /^ASYNC2\d\d$/;
const files = readdirSync(dir).filter((f) => /^ASYNC2\d[\dx].*\.py$/.test(f));

const ruff = require('@astral-sh/ruff-wasm-nodejs');
const workspace = new ruff.Workspace({ lint: { select: ['ASYNC'] } }, ruff.PositionEncoding.Utf16);
const theirs = new Set();
for (const file of files) {
	for (const d of workspace.check(readFileSync(path.join(dir, file), 'utf8'))) {
		if (BLOCKING.test(d.code)) {
			theirs.add(`${file}:${d.start_location.row}`);
		}
	}
}

// The CLI exits 1 when it has findings, which is the point here.
const scan = spawnSync(
	process.execPath,
	[path.join(root, 'dist', 'cli.js'), 'scan', ...files.map((f) => path.join(dir, f)), '--format', 'json', '--rules', 'blocking-call-in-async'],
	{
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	},
);
if (scan.status !== 0 && scan.status !== 1) {
	console.error(scan.stderr);
	process.exit(2);
}
const report = JSON.parse(scan.stdout);
const ours = new Set(report.findings.map((f) => `${path.basename(f.file)}:${f.line}`));

const agreed = [...ours].filter((k) => theirs.has(k));
const onlyOurs = [...ours].filter((k) => !theirs.has(k)).sort();
const onlyTheirs = [...theirs].filter((k) => !ours.has(k)).sort();
const precision = ours.size ? agreed.length / ours.size : 1;
const recall = theirs.size ? agreed.length / theirs.size : 1;
console.log(`Ruff ASYNC2xx fixtures (${files.length} files): Ruff ${theirs.size} lines, ours ${ours.size}, both ${agreed.length}`);
console.log(`precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (target: both >= 0.95)`);
for (const k of onlyOurs) console.log(`  only ours:  ${k}`);
for (const k of onlyTheirs) console.log(`  only Ruff's: ${k}`);
