// Runs a real VS Code (code-server 4.100.3 = VS Code 1.100.3) and a headless Debian Chromium for the
// integration, e2e, demo and benchmark scripts. This machine cannot download VS Code or Electron; see
// /work/shared/real-vscode/README.md for why code-server + playwright-core is the route that works.
//
// Everything started here is tracked and stopped on normal exit, on an uncaught error and on
// SIGINT/SIGTERM/SIGHUP, so no code-server or chromium outlives the script that started it.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CONCURRENCY_LENS_CHROMIUM || '/usr/bin/chromium';

/** User settings that keep the workbench quiet and deterministic (from the README). */
export const USER_SETTINGS = Object.freeze({
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'chat.disableAIFeatures': true,
	// Beyond the README: no "open the parent git repository?" toast, no walkthrough tab after a VSIX install.
	'git.openRepositoryInParentFolders': 'never',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.enableExperiments': false,
	// The browser build saves after 1 s by default (desktop: off): a slow test would write its edits into the
	// workspace and the next test would read them from disk.
	'files.autoSave': 'off',
});

// ---------------------------------------------------------------------------------------------
// Pure helpers (unit-tested in test/unit/harness.test.ts)

/** The plain summary line every stage prints last, e.g. `integration: 3 passed, 0 failed`. */
export function formatSummary(label, passed, failed) {
	return `${label}: ${passed} passed, ${failed} failed`;
}

/** Inverse of formatSummary; null when the line is not a summary line. */
export function parseSummary(line) {
	const m = /^([\w:-]+): (\d+) passed, (\d+) failed\s*$/.exec(line.trim());
	return m ? { label: m[1], passed: Number(m[2]), failed: Number(m[3]) } : null;
}

/** `vscode-remote://host:port/abs/path`, each path segment percent-encoded. */
export function remoteUri(authority, absPath) {
	const posix = absPath.split(path.sep).join('/');
	return `vscode-remote://${authority}${posix.split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench `payload` that makes the web workbench run an extension test suite. */
export function testPayload({ authority, extensionDevelopmentPath, extensionTestsPath }) {
	return [
		['extensionDevelopmentPath', remoteUri(authority, extensionDevelopmentPath)],
		['extensionTestsPath', remoteUri(authority, extensionTestsPath)],
		['skipWelcome', 'true'],
		['skipReleaseNotes', 'true'],
	];
}

/**
 * Workbench URL opening `folder`, optionally with a payload.
 * @param {string} baseUrl
 * @param {{ folder?: string, payload?: string[][] }} [options]
 */
export function workbenchUrl(baseUrl, { folder, payload } = {}) {
	const params = new URLSearchParams();
	if (folder) params.set('folder', folder.split(path.sep).join('/'));
	if (payload) params.set('payload', JSON.stringify(payload));
	const query = params.toString();
	return `${baseUrl}/${query ? `?${query}` : ''}`;
}

export function median(values) {
	if (values.length === 0) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds from an env var, or the default. */
export function envMs(name, fallback) {
	const v = Number(process.env[name]);
	return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Like sleep, but does not keep the process alive (for Promise.race deadlines). */
const unrefDelay = (ms) => new Promise((r) => setTimeout(r, ms).unref());

// ---------------------------------------------------------------------------------------------
// Cleanup registry: each live resource has an async stop() and a last-resort synchronous kill().

const live = new Set();
let hooked = false;
let stopping = false;
const signalExitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Exit code used after a signal stopped everything (the demo prefers 0 for Ctrl+C). */
export function setSignalExitCode(code) {
	for (const s of Object.keys(signalExitCodes)) signalExitCodes[s] = code;
}

function track(resource) {
	if (!hooked) {
		hooked = true;
		// 'exit' handlers must be synchronous: SIGKILL whatever is still alive and delete temp dirs.
		process.on('exit', () => {
			for (const r of live) r.kill();
		});
		for (const sig of Object.keys(signalExitCodes)) {
			process.on(sig, () => {
				if (stopping) return; // a second Ctrl+C while stopping: the exit handler still kills
				stopping = true;
				console.error(`\n[harness] ${sig}: stopping ${live.size} process(es)…`);
				Promise.race([stopAll(), unrefDelay(15000)]).finally(() => process.exit(signalExitCodes[sig]));
			});
		}
	}
	live.add(resource);
	return () => live.delete(resource);
}

/** Stops every tracked code-server and browser (newest first). */
export async function stopAll() {
	for (const r of [...live].reverse()) await r.stop().catch(() => {});
}

/** Linux: every descendant pid of `pid` (read from /proc), so children that left the group die too. */
function descendants(pid) {
	const children = new Map();
	let entries = [];
	try {
		entries = readdirSync('/proc');
	} catch {
		return [];
	}
	for (const e of entries) {
		if (!/^\d+$/.test(e)) continue;
		try {
			// stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
			const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(e));
		} catch {
			/* process gone */
		}
	}
	const out = [];
	const queue = [pid];
	while (queue.length) {
		for (const c of children.get(queue.shift()) ?? []) {
			out.push(c);
			queue.push(c);
		}
	}
	return out;
}

function signalTree(pid, pids, sig) {
	try {
		process.kill(-pid, sig); // the process group (spawned detached => own group)
	} catch {
		/* group gone */
	}
	for (const p of pids) {
		try {
			process.kill(p, sig);
		} catch {
			/* gone */
		}
	}
}

// ---------------------------------------------------------------------------------------------
// code-server

let ensured;
/** Installs (once, cached) chromium + code-server via scripts/ensure-code-server.sh; returns the binary. */
export function ensureCodeServer() {
	ensured ??= new Promise((resolve, reject) => {
		const child = spawn('bash', [path.join(REPO_ROOT, 'scripts/ensure-code-server.sh')], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code) => {
			const bin = out.trim().split('\n').pop()?.trim();
			if (code === 0 && bin && existsSync(bin)) resolve(bin);
			else reject(new Error(`scripts/ensure-code-server.sh failed (exit ${code}); see its messages above`));
		});
	});
	return ensured;
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
			srv.close(() => resolve(port));
		});
	});
}

export function isPortFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** Environment for code-server: isolated XDG dirs, and nothing inherited that redirects it. */
function codeServerEnv(tmp, extra) {
	const env = { ...process.env };
	for (const k of Object.keys(env)) {
		// VSCODE_IPC_HOOK_CLI (set in a VS Code terminal) would send --install-extension to *that* VS Code;
		// PORT overrides --bind-addr's port in code-server.
		if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'PORT' || k === 'PASSWORD' || k === 'HASHED_PASSWORD') delete env[k];
	}
	return {
		...env,
		XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
		XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
		XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
		// No extension gallery (code-server defaults to open-vsx.org): runs stay offline and deterministic.
		EXTENSIONS_GALLERY: '{}',
		...extra,
	};
}

function run(bin, args, env, logStream, timeoutMs = 120000) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${path.basename(bin)} ${args.join(' ')} took longer than ${timeoutMs / 1000}s`));
		}, timeoutMs);
		child.on('exit', () => clearTimeout(timer));
		let out = '';
		const onData = (d) => {
			out += d;
			logStream?.write(d);
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} ${args.join(' ')} exited ${code}:\n${out.trim()}`))));
	});
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data/extensions/XDG dirs in a new temp dir.
 * @param {object} o
 * @param {string} [o.workspace] folder the returned `url` opens
 * @param {string} [o.extensionsDir] extensions dir to use (default: fresh, empty)
 * @param {Record<string,string>} [o.env] extra environment (reaches the extension host, a child process)
 * @param {string} [o.vsix] a .vsix to `--install-extension` before starting
 * @param {number} [o.port] fixed port (default: a free one)
 * @param {string} [o.logFile] where code-server's output goes (default: inside the temp dir)
 * @returns {Promise<{url:string, baseUrl:string, port:number, authority:string, tmpDir:string, logFile:string, startMs:number, stop:() => Promise<void>}>}
 */
export async function startCodeServer(o = {}) {
	const bin = await ensureCodeServer();
	const t0 = Date.now();
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-cs-'));
	const userDataDir = path.join(tmp, 'user-data');
	const extensionsDir = o.extensionsDir ?? path.join(tmp, 'extensions');
	for (const d of [path.join(userDataDir, 'User'), extensionsDir]) mkdirSync(d, { recursive: true });
	writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, '\t'));
	const logFile = o.logFile ?? path.join(tmp, 'code-server.log');
	mkdirSync(path.dirname(logFile), { recursive: true });
	const logStream = createWriteStream(logFile);
	const env = codeServerEnv(tmp, o.env);
	const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

	// Until the server runs, a failure only has to remove the temp dir.
	const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
	const untrackTmp = track({ stop: async () => removeTmp(), kill: removeTmp });
	const cleanupFiles = async () => {
		await new Promise((r) => logStream.end(r));
		await rm(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
	};
	try {
		if (o.vsix) await run(bin, [...dirArgs, '--force', '--install-extension', o.vsix], env, logStream);
		// The free port can be taken between the probe and code-server's bind: retry on EADDRINUSE.
		for (let attempt = 1; ; attempt++) {
			const port = o.port ?? (await freePort());
			try {
				const server = await launch({ bin, port, dirArgs, env, tmp, logFile, logStream, workspace: o.workspace, cleanupFiles });
				return { ...server, startMs: Date.now() - t0 };
			} catch (e) {
				if (attempt < 3 && !o.port && /EADDRINUSE/.test(e.message)) continue;
				throw e;
			}
		}
	} catch (e) {
		await cleanupFiles();
		throw e;
	} finally {
		untrackTmp(); // from here on the server's own stop()/kill() remove the temp dir
	}
}

async function launch({ bin, port, dirArgs, env, tmp, logFile, logStream, workspace, cleanupFiles }) {
	const args = [
		'--bind-addr',
		`127.0.0.1:${port}`,
		'--auth',
		'none',
		...dirArgs,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--ignore-last-opened',
	];
	if (workspace) args.push(workspace);
	// detached => own process group, so stop() can signal code-server and everything it forked at once.
	const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let tail = '';
	const onData = (d) => {
		logStream.write(d);
		tail = (tail + d).slice(-4000);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited = false;
	const exitPromise = new Promise((r) => child.on('exit', (code, sig) => ((exited = true), r({ code, sig }))));

	/** SIGTERM the tree, give it 5 s, then SIGKILL whatever is left (code-server does not wait for its extension host). */
	const terminate = async () => {
		if (!child.pid) return;
		const tree = descendants(child.pid);
		if (!exited) {
			signalTree(child.pid, tree, 'SIGTERM');
			await Promise.race([exitPromise, unrefDelay(5000)]);
			await sleep(200);
		}
		signalTree(child.pid, [...tree, ...descendants(child.pid)], 'SIGKILL');
	};
	let stopPromise;
	const stop = () =>
		(stopPromise ??= (async () => {
			await terminate();
			await cleanupFiles();
			untrack();
		})());
	const kill = () => {
		if (child.pid) signalTree(child.pid, descendants(child.pid), 'SIGKILL');
		rmSync(tmp, { recursive: true, force: true });
	};
	const untrack = track({ stop, kill });

	const failStart = async (message) => {
		await terminate();
		untrack();
		const where = logFile.startsWith(tmp) ? '' : ` (log: ${logFile})`; // a log inside tmp is gone by now
		throw new Error(`${message}${where}; its last output:\n${tail.trim()}`);
	};
	const baseUrl = `http://127.0.0.1:${port}`;
	const timeoutMs = envMs('CONCURRENCY_LENS_CODE_SERVER_START_TIMEOUT_MS', 60000);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) await failStart('code-server exited during start-up');
		try {
			const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) await failStart(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs / 1000}s`);
		await sleep(150);
	}
	return {
		baseUrl,
		port,
		authority: `127.0.0.1:${port}`,
		url: workbenchUrl(baseUrl, { folder: workspace }),
		tmpDir: tmp,
		logFile,
		pid: child.pid,
		stop,
	};
}

/**
 * `vsce package --no-dependencies` of the repo (dist/ must be built) into `outFile`: esbuild bundles the
 * runtime dependencies, so node_modules is not shipped. Returns { file, bytes, ms }.
 */
export async function packageVsix(outFile) {
	const t0 = Date.now();
	if (!existsSync(path.join(REPO_ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first');
	const vsce = path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce');
	const args = [vsce, 'package', '--no-dependencies', '-o', outFile];
	mkdirSync(path.dirname(outFile), { recursive: true });
	await new Promise((resolve, reject) => {
		const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0
				? resolve()
				: reject(
						new Error(
							`vsce package failed (exit ${code}): ${out
								.trim()
								.split('\n')
								.filter((l) => l.trim())
								.slice(-3)
								.join(' | ')}`,
						),
					),
		);
	});
	const { size } = statSync(outFile);
	return { file: outFile, bytes: size, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Browser

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	'--disable-breakpad',
	'--disable-crash-reporter',
];

/**
 * Headless Debian Chromium with a fresh profile (deleted on close), 1400x900.
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ headless = process.env.CONCURRENCY_LENS_HEADED !== '1' } = {}) {
	if (!existsSync(CHROMIUM)) await ensureCodeServer(); // installs chromium too
	const { chromium } = await import('playwright-core');
	const profile = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-chromium-'));
	let context;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless,
			viewport: { width: 1400, height: 900 },
			args: CHROMIUM_ARGS,
			// Chromium's crash handler writes under $XDG_CONFIG_HOME/chromium even with a profile dir: keep it inside.
			env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') },
			// Our own signal handlers close the browser (Playwright's would exit the process first);
			// Playwright's 'exit' handler still SIGKILLs chromium as a last resort.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
	} catch (e) {
		rmSync(profile, { recursive: true, force: true });
		throw e;
	}
	let closing;
	const close = () =>
		(closing ??= (async () => {
			await Promise.race([context.close().catch(() => {}), unrefDelay(10000)]);
			await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
			untrack();
		})());
	const untrack = track({ stop: close, kill: () => rmSync(profile, { recursive: true, force: true }) });
	const page = context.pages()[0] ?? (await context.newPage());
	return { context, page, close };
}

/** Waits for the workbench shell (activity bar) to be rendered. */
export async function waitForWorkbench(page, timeout = envMs('CONCURRENCY_LENS_WORKBENCH_TIMEOUT_MS', 90000)) {
	await page.waitForSelector('.monaco-workbench', { timeout });
	await page.waitForSelector('.activitybar', { timeout });
}
