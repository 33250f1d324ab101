// The extension host's own event loop while a learner types in a big file with findings: run INSIDE a real
// VS Code extension host by test/harness/runIntegration.mjs (--tests out/test/bench/hostLoop.js), started
// by `npm run bench -- --only host`. The file to type in is CONCURRENCY_LENS_BENCH_FILE. The same scripted
// session runs twice, with analysis off (what the host costs anyway) and on; a sampler timer measures every
// stall of the loop. Figures go to the results file and to the console as one `HOST-LOOP {json}` line.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { HostWork } from '../../src/features/liveAnalysis';
import { extensionApi, waitFor, workspaceFile } from '../integration/api';

interface Session {
	/** The longest the loop was held, ms (a sampler timer's lateness). */
	maxStallMs: number;
	/** Stalls over 5 ms, and over 16 ms (a frame). */
	over5: number;
	over16: number;
	samples: number;
	/** How often the findings changed while typing: analyses that reached the editor. */
	updates: number;
}

const BURSTS = 12;
const KEYS_PER_BURST = 12;
const KEY_GAP_MS = 35;
/** Past the extension's debounce (300 ms) plus the analysis itself. */
const PAUSE_MS = 900;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every 1 ms timer tick that fires late tells how long something else held the loop. */
function startSampler(): () => { maxStallMs: number; over5: number; over16: number; samples: number } {
	let last = performance.now();
	let maxStallMs = 0;
	let over5 = 0;
	let over16 = 0;
	let samples = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		const stall = now - last - 1;
		last = now;
		samples++;
		maxStallMs = Math.max(maxStallMs, stall);
		over5 += stall > 5 ? 1 : 0;
		over16 += stall > 16 ? 1 : 0;
	}, 1);
	return () => {
		clearInterval(timer);
		return { maxStallMs, over5, over16, samples };
	};
}

/** Types bursts of characters at the end of lines inside async functions, pausing so each burst is analyzed. */
async function typingSession(editor: vscode.TextEditor, lines: number[], onUpdate: vscode.Event<unknown>): Promise<Session> {
	let updates = 0;
	const listener = onUpdate(() => updates++);
	const stop = startSampler();
	for (let burst = 0; burst < BURSTS; burst++) {
		const line = lines[burst % lines.length];
		for (let key = 0; key < KEYS_PER_BURST; key++) {
			const end = editor.document.lineAt(line).range.end;
			await editor.edit((b) => b.insert(end, key === 0 ? ' #' : 'x'));
			await sleep(KEY_GAP_MS);
		}
		await sleep(PAUSE_MS);
	}
	const figures = stop();
	listener.dispose();
	return { ...figures, updates };
}

export async function run(): Promise<void> {
	const source = process.env.CONCURRENCY_LENS_BENCH_FILE;
	if (!source) {
		throw new Error('CONCURRENCY_LENS_BENCH_FILE names the file to type in');
	}
	const api = await extensionApi();
	const uri = workspaceFile('bench_typing.py');
	fs.writeFileSync(uri.fsPath, fs.readFileSync(source, 'utf8'));
	const editor = await vscode.window.showTextDocument(uri);
	const findings = await waitFor('the first findings', () => (api.findings.get(uri).length > 0 ? api.findings.get(uri) : undefined), 60000);
	// Lines just above findings: they sit in async functions, where a typed comment changes no finding.
	const lines = [...new Set(findings.map((f) => f.range.startLine))].slice(0, BURSTS);
	const settings = vscode.workspace.getConfiguration('concurrencyLens');

	await settings.update('enable', false, vscode.ConfigurationTarget.Workspace);
	await waitFor('the findings to clear', () => api.findings.get(uri).length === 0);
	const off = await typingSession(editor, lines, api.findings.onDidChange);

	await settings.update('enable', true, vscode.ConfigurationTarget.Workspace);
	await waitFor('the findings to come back', () => api.findings.get(uri).length > 0, 60000);
	// Our own slices of the loop, timed where they run (undefined in builds from before the measure).
	const hostWork: HostWork | undefined = api.live.hostWork;
	hostWork?.reset();
	const on = await typingSession(editor, lines, api.findings.onDidChange);
	const ours = hostWork && { slices: hostWork.slices, maxMs: hostWork.maxMs, over5: hostWork.over5 };

	const figures = { lines: editor.document.lineCount, findings: api.findings.get(uri).length, bursts: BURSTS, keys: BURSTS * KEYS_PER_BURST, off, on, ours };
	console.log(`HOST-LOOP ${JSON.stringify(figures)}`);
	await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	const results = process.env.CONCURRENCY_LENS_TEST_RESULTS;
	if (results) {
		fs.writeFileSync(results, JSON.stringify({ done: true, passed: 1, failed: 0, failures: [], figures }));
	}
}
