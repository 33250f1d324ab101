// `npm test`: lint → type-check → build → unit → integration (real VS Code via code-server) → e2e (UI).
// Stops at the first failing stage, but always ends with a summary table of every stage. Each stage
// builds only once: the type-check compiles the tests to out/, which the unit and integration stages run.
//   node scripts/test-all.mjs [--skip e2e,integration] [--only unit]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseSummary } from '../test/harness/codeServer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const STAGES = [
	{ name: 'lint', cmds: [[npm, 'run', 'lint']] },
	{
		name: 'typecheck',
		cmds: [
			[npm, 'run', 'compile-tests'],
			[npx, 'tsc', '-p', 'media', '--noEmit'],
			// The scripts and harnesses are JavaScript: checked through their JSDoc and inferred types.
			[npx, 'tsc', '-p', 'tsconfig.scripts.json'],
		],
	},
	{ name: 'build', cmds: [[npm, 'run', 'build']] },
	// Go is a Debian package away: installed when missing, so the Go lab and exercise are really run.
	{ name: 'unit', cmds: [...(process.platform === 'win32' ? [] : [['bash', 'scripts/ensure-go.sh']]), [npx, 'mocha']] },
	{ name: 'integration', cmds: [[process.execPath, 'test/harness/runIntegration.mjs']] },
	{ name: 'e2e', cmds: [[process.execPath, 'test/e2e/run.mjs']] },
];

const { values: opts } = parseArgs({ options: { skip: { type: 'string' }, only: { type: 'string' } } });
const list = (s) =>
	s
		? s
				.split(',')
				.map((x) => x.trim())
				.filter(Boolean)
		: [];
const skip = new Set(list(opts.skip));
const only = new Set(list(opts.only));
for (const n of [...skip, ...only]) {
	if (!STAGES.some((s) => s.name === n)) {
		console.error(`unknown stage "${n}"; stages: ${STAGES.map((s) => s.name).join(', ')}`);
		process.exit(2);
	}
}

/** Counts from a stage's output: our `label: N passed, N failed` lines, mocha's `N passing/failing`, eslint's problems, tsc's errors. */
function countsFrom(output) {
	let found = null;
	for (const line of output.split('\n')) {
		const s = parseSummary(line);
		if (s) found = `${s.passed} passed, ${s.failed} failed`;
	}
	if (found) return found;
	const passing = /^\s*(\d+) passing/m.exec(output);
	const failing = /^\s*(\d+) failing/m.exec(output);
	if (passing || failing) return `${passing?.[1] ?? 0} passed, ${failing?.[1] ?? 0} failed`;
	const problems = /✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
	if (problems) return `${problems[2]} errors, ${problems[3]} warnings`;
	const tsErrors = output.match(/error TS\d+:/g)?.length;
	if (tsErrors) return `${tsErrors} type error(s)`;
	return '';
}

let current; // the running child, so a signal can be forwarded to it
/** @param {string[]} command the program, then its arguments */
function runCmd([cmd, ...args]) {
	return new Promise((resolve) => {
		console.log(`$ ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
		const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		current = child;
		let output = '';
		child.stdout.on('data', (d) => {
			process.stdout.write(d);
			output += d;
		});
		child.stderr.on('data', (d) => {
			process.stderr.write(d);
			output += d;
		});
		child.on('error', (e) => resolve({ code: 127, output: String(e) }));
		child.on('close', (code, signal) => {
			current = undefined;
			resolve({ code: code ?? (signal ? 128 : 1), output });
		});
	});
}

// Ctrl+C / SIGTERM: let the running stage stop its code-server and browser, then print the summary.
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.on(sig, () => {
		interrupted = true;
		current?.kill(sig);
	});
}

const rows = [];
let failed = false;
for (const stage of STAGES) {
	if ((only.size && !only.has(stage.name)) || skip.has(stage.name)) {
		rows.push({ name: stage.name, result: 'skipped', counts: '', ms: 0 });
		continue;
	}
	if (failed || interrupted) {
		rows.push({ name: stage.name, result: 'not run', counts: '', ms: 0 });
		continue;
	}
	console.log(`\n━━━ ${stage.name} ━━━`);
	const t0 = Date.now();
	let output = '';
	let ok = true;
	for (const cmd of stage.cmds) {
		const r = await runCmd(cmd);
		output += r.output;
		if (r.code !== 0) {
			ok = false;
			break;
		}
	}
	rows.push({ name: stage.name, result: ok ? 'PASS' : interrupted ? 'INTERRUPTED' : 'FAIL', counts: countsFrom(output), ms: Date.now() - t0 });
	if (!ok) failed = true;
}

const fmt = (ms) => (ms ? `${(ms / 1000).toFixed(1)}s` : '');
const total = rows.reduce((a, r) => a + r.ms, 0);
const w = Math.max(...rows.map((r) => r.name.length), 5);
console.log('\n━━━ summary ━━━');
console.log(`${'stage'.padEnd(w)}  ${'result'.padEnd(11)}  ${'time'.padStart(7)}  counts`);
for (const r of rows) console.log(`${r.name.padEnd(w)}  ${r.result.padEnd(11)}  ${fmt(r.ms).padStart(7)}  ${r.counts}`);
console.log(`${'total'.padEnd(w)}  ${(failed ? 'FAIL' : 'PASS').padEnd(11)}  ${fmt(total).padStart(7)}`);
process.exit(failed || interrupted ? 1 : 0);
