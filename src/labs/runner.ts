import path from 'node:path';
import { labParams } from './catalog';
import { missingRuntime } from './machine';
import { parseEvent, ProtocolError, variantResult, type LabEvent } from './protocol';
import { withSpeedups } from './timeline';
import type { Lab, LabResult, Machine, Variant, VariantResult } from './types';
import { ProcessLimitError, runBounded, tail } from '../util/boundedProcess';

// Runs a bundled experiment: one child process per variant, one after another (variants running side by
// side would disturb each other's measurements), each bounded by util/boundedProcess.

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
	const events: LabEvent[] = [];
	let startupMs = NaN;
	let spawnedAt = performance.now();
	try {
		const outcome = await runBounded({
			file,
			args: [...args, variant.id, JSON.stringify(params)],
			env: { ...env, ...variant.env },
			deadline,
			limitSeconds: Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000),
			maxOutputBytes: options.maxOutputBytes ?? 8 * 1024 * 1024,
			maxMemoryMb: options.maxMemoryMb ?? 1024,
			signal: options.signal,
			subject: 'the experiment',
			onSpawn: (pid) => {
				spawnedAt = performance.now();
				options.onSpawn?.(pid);
			},
			onLine: (line) => {
				const event = parseEvent(line);
				if (event.e === 'start' && Number.isNaN(startupMs)) {
					startupMs = Math.round((performance.now() - spawnedAt) * 10) / 10;
				}
				events.push(event);
			},
		});
		if (outcome.code !== 0) {
			throw new LabRunError('crashed', `the experiment '${lab.id}' (${variant.id}) exited with code ${outcome.code}${outcome.stderr ? `:\n${tail(outcome.stderr)}` : ''}`, outcome.stderr);
		}
		return { events, startupMs };
	} catch (e) {
		if (e instanceof ProtocolError) {
			throw new LabRunError('protocol', e.message);
		}
		throw e instanceof ProcessLimitError ? new LabRunError(e.failure, e.message) : e;
	}
}
