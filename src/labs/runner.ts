import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { labParams } from './catalog';
import { missingRuntime } from './machine';
import { parseEvent, ProtocolError, variantResult, type LabEvent } from './protocol';
import { withSpeedups } from './timeline';
import type { Lab, LabResult, Machine, Variant, VariantResult } from './types';

// Runs a bundled experiment: one child process per variant, one after another (variants running side by
// side would disturb each other's measurements). Every run has a deadline, an output cap and a memory cap,
// and ends by killing its whole process tree, whatever happened.

export type LabFailure = 'bad-params' | 'missing-runtime' | 'timeout' | 'cancelled' | 'crashed' | 'output-limit' | 'memory-limit' | 'protocol';

export class LabRunError extends Error {
	constructor(readonly failure: LabFailure, message: string, readonly stderr = '') {
		super(message);
	}
}

export interface RunOptions {
	/** The package's `labs/` folder. */
	labsDir: string;
	machine: Machine;
	signal?: AbortSignal;
	/** For the whole run, all variants together. */
	timeoutMs?: number;
	maxOutputBytes?: number;
	maxMemoryMb?: number;
	onProgress?: (progress: { variant: Variant; index: number; total: number }) => void;
	/** Called with each child's pid (tests check that none is left behind). */
	onSpawn?: (pid: number) => void;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Validates the knobs, checks the runtime, runs every variant and returns the measured result. */
export async function runLab(lab: Lab, given: Record<string, unknown>, options: RunOptions): Promise<LabResult> {
	let params;
	try {
		params = labParams(lab, given, options.machine);
	} catch (e) {
		throw new LabRunError('bad-params', (e as Error).message);
	}
	const missing = missingRuntime(lab.runtime, options.machine);
	if (missing) {
		throw new LabRunError('missing-runtime', missing);
	}
	const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	const startedAt = new Date().toISOString();
	const variants = lab.variants(params, options.machine);
	const results: VariantResult[] = [];
	for (const [index, variant] of variants.entries()) {
		options.onProgress?.({ variant, index, total: variants.length });
		const { events, startupMs } = await runProgram(lab, variant, params, options, deadline);
		try {
			results.push({ ...variantResult(variant.id, variant.label, events), startupMs });
		} catch (e) {
			throw e instanceof ProtocolError ? new LabRunError('protocol', e.message) : e;
		}
	}
	const { cpus } = options.machine;
	const notes = lab.cores && cpus < lab.cores.needed ? [`This machine has ${cpus} logical core${cpus === 1 ? '' : 's'}, fewer than ${lab.cores.needed}: ${lab.cores.otherwise}.`] : [];
	return { version: 1, lab: lab.id, params, machine: options.machine, startedAt, variants: withSpeedups(lab, results), notes };
}

function command(lab: Lab, machine: Machine, script: string): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
	switch (lab.runtime) {
		case 'node':
			// VS Code's own runtime, so labs need no Node install; the flag caps the experiment's heap.
			return { file: process.execPath, args: ['--max-old-space-size=512', script], env: { ELECTRON_RUN_AS_NODE: '1' } };
		case 'python':
			// Never write __pycache__ into the installed extension.
			return { file: machine.python?.executable ?? 'python3', args: [script], env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' } };
		case 'go':
			return { file: machine.go?.command ?? 'go', args: ['run', script], env: {} };
	}
}

async function runProgram(lab: Lab, variant: Variant, params: Record<string, number>, options: RunOptions, deadline: number): Promise<{ events: LabEvent[]; startupMs: number }> {
	const { file, args, env } = command(lab, options.machine, path.join(options.labsDir, lab.program));
	const maxOutput = options.maxOutputBytes ?? 8 * 1024 * 1024;
	const maxMemoryKb = (options.maxMemoryMb ?? 1024) * 1024;
	if (options.signal?.aborted) {
		throw new LabRunError('cancelled', 'the run was cancelled');
	}
	const spawnedAt = performance.now();
	const child = spawn(file, [...args, variant.id, JSON.stringify(params)], {
		env: { ...process.env, ...env, ...variant.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, so the whole tree (pool processes, `go run`'s binary) can be killed at once.
		detached: process.platform !== 'win32',
		windowsHide: true,
	});
	if (child.pid !== undefined) {
		options.onSpawn?.(child.pid);
	}
	const events: LabEvent[] = [];
	let startupMs = NaN;
	let stderr = '';
	let outputBytes = 0;
	let pending = '';
	let failure: LabRunError | undefined;
	const fail = (error: LabRunError) => {
		failure ??= error;
		killTree(child.pid);
	};
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		outputBytes += chunk.length;
		if (outputBytes > maxOutput) {
			return fail(new LabRunError('output-limit', `the experiment wrote more than ${maxOutput} bytes`));
		}
		const lines = (pending + chunk).split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines.filter((l) => l.trim())) {
			try {
				const event = parseEvent(line);
				if (event.e === 'start' && Number.isNaN(startupMs)) {
					startupMs = Math.round((performance.now() - spawnedAt) * 10) / 10;
				}
				events.push(event);
			} catch (e) {
				return fail(new LabRunError('protocol', (e as ProtocolError).message));
			}
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-4000);
	});
	const onAbort = () => fail(new LabRunError('cancelled', 'the run was cancelled'));
	options.signal?.addEventListener('abort', onAbort);
	const timer = setTimeout(() => fail(new LabRunError('timeout', `the run took longer than its limit of ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s and was stopped`)), Math.max(0, deadline - Date.now()));
	const memoryWatch = setInterval(() => {
		void treeResidentKb(child.pid).then((kb) => kb > maxMemoryKb && fail(new LabRunError('memory-limit', `the experiment used more than ${maxMemoryKb / 1024} MB and was stopped`)));
	}, 250);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (exitCode) => resolve(exitCode));
		}).catch((e: Error) => {
			throw new LabRunError('crashed', `could not start ${path.basename(file)}: ${e.message}`);
		});
		if (failure) {
			throw failure;
		}
		if (code !== 0) {
			throw new LabRunError('crashed', `the experiment '${lab.id}' (${variant.id}) exited with code ${code}${stderr ? `:\n${tail(stderr)}` : ''}`, stderr);
		}
		if (pending.trim()) {
			events.push(parseEvent(pending));
		}
		return { events, startupMs };
	} catch (e) {
		throw e instanceof ProtocolError ? new LabRunError('protocol', e.message, stderr) : e;
	} finally {
		clearTimeout(timer);
		clearInterval(memoryWatch);
		options.signal?.removeEventListener('abort', onAbort);
		// Whatever the ending, nothing the experiment started outlives it.
		killTree(child.pid);
	}
}

function tail(text: string): string {
	return text.trim().split('\n').slice(-12).join('\n');
}

/** Kills a process and everything in its group (POSIX) or tree (Windows). */
export function killTree(pid: number | undefined): void {
	if (pid === undefined) {
		return;
	}
	if (process.platform === 'win32') {
		spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
		return;
	}
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/** Resident memory of a process and its descendants, in KB (Linux /proc; 0 where it is not available). */
async function treeResidentKb(pid: number | undefined): Promise<number> {
	if (pid === undefined || process.platform !== 'linux') {
		return 0;
	}
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
		const theirs = await Promise.all(children.map(treeResidentKb));
		return own + theirs.reduce((a, b) => a + b, 0);
	} catch {
		return 0;
	}
}
