// `npm start`: try the extension in a real VS Code.
// - With `code` on PATH: an Extension Development Host on sample-workspace/.
// - Otherwise (this machine): code-server on 127.0.0.1 with the freshly packaged VSIX installed into an
//   isolated extensions dir (~/.cache/concurrency-lens/demo), opened on sample-workspace/. Runs until
//   Ctrl+C, then stops code-server. Port: $PORT, else 8080, else a free one.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, ensureCodeServer, freePort, isPortFree, packageVsix, setSignalExitCode, startCodeServer } from '../test/harness/codeServer.mjs';

const workspace = path.join(REPO_ROOT, 'sample-workspace');

console.log('[demo] building…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (spawnSync(npm, ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { stdio: 'ignore' }).status === 0;
if (hasCode && process.env.CONCURRENCY_LENS_DEMO !== 'code-server') {
	console.log('[demo] opening an Extension Development Host (set CONCURRENCY_LENS_DEMO=code-server to use code-server instead)');
	const child = spawn('code', [`--extensionDevelopmentPath=${REPO_ROOT}`, workspace], { stdio: 'inherit', shell: process.platform === 'win32' });
	child.on('exit', (code) => process.exit(code ?? 0));
} else {
	const cache = path.join(
		process.env.CONCURRENCY_LENS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'concurrency-lens'),
		'demo',
	);
	const extensionsDir = path.join(cache, 'extensions');
	await ensureCodeServer();
	const vsix = await packageVsix(path.join(cache, 'concurrency-lens.vsix'));
	console.log(`[demo] packaged ${vsix.file} (${(vsix.bytes / 1024).toFixed(0)} KiB)`);
	rmSync(extensionsDir, { recursive: true, force: true }); // only this build of the extension
	mkdirSync(extensionsDir, { recursive: true });

	const wanted = Number(process.env.PORT) || 8080;
	const port = (await isPortFree(wanted)) ? wanted : await freePort();
	if (port !== wanted) console.log(`[demo] port ${wanted} is busy, using ${port}`);
	setSignalExitCode(0); // Ctrl+C is the normal way to end the demo
	const server = await startCodeServer({ workspace, extensionsDir, vsix: vsix.file, port, logFile: path.join(cache, 'code-server.log') });
	console.log(`
  Concurrency Lens is running in VS Code ${'(code-server 4.100.3 / VS Code 1.100.3)'}:

      ${server.url}

  Open it in a browser on this machine (bound to 127.0.0.1 only). Press Ctrl+C to stop.
  code-server log: ${server.logFile}
`);
	// Stay alive until a signal: the harness's signal handler stops code-server and exits.
	setInterval(() => {}, 1 << 30);
}
