import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// One child process with limits, for the labs (our programs) and the exercises (the learner's code): a
// deadline, an output cap and a memory cap, and, whatever happened, its whole process tree killed at the end.

export type ProcessFailure = 'timeout' | 'cancelled' | 'crashed' | 'output-limit' | 'memory-limit';

export class ProcessLimitError extends Error {
	constructor(
		readonly failure: ProcessFailure,
		message: string,
	) {
		super(message);
	}
}

export interface BoundedProcess {
	file: string;
	args: readonly string[];
	/** Added to this process's environment. */
	env?: Record<string, string | undefined>;
	cwd?: string;
	/** Absolute time (Date.now()) when the child is stopped, and how the limit is named in the message. */
	deadline: number;
	limitSeconds: number;
	maxOutputBytes: number;
	maxMemoryMb: number;
	signal?: AbortSignal;
	onSpawn?: (pid: number) => void;
	/** Each complete stdout line; a throw stops the child and becomes the run's error. */
	onLine?: (line: string) => void;
	/** What the child is called in messages ("the experiment", "your code"). */
	subject: string;
}

export interface ProcessOutcome {
	code: number | null;
	/** The last few KB of stderr (and of stdout when no `onLine` takes it), for messages. */
	stderr: string;
	stdout: string;
}

const TAIL_CHARS = 4000;

/** Runs a child to its end, or stops it at the first limit it crosses; resolves with how it ended. */
export async function runBounded(run: BoundedProcess): Promise<ProcessOutcome> {
	if (run.signal?.aborted) {
		throw new ProcessLimitError('cancelled', 'the run was cancelled');
	}
	const child = spawn(run.file, [...run.args], {
		env: { ...process.env, ...run.env },
		cwd: run.cwd,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, so the whole tree (pool processes, `go run`'s binary) can be killed at once.
		detached: process.platform !== 'win32',
		windowsHide: true,
	});
	if (child.pid !== undefined) {
		run.onSpawn?.(child.pid);
	}
	let stdout = '';
	let stderr = '';
	let outputBytes = 0;
	let pending = '';
	let failure: Error | undefined;
	const fail = (error: Error) => {
		failure ??= error;
		killTree(child.pid);
	};
	const counted = (chunk: string) => {
		outputBytes += chunk.length;
		if (outputBytes > run.maxOutputBytes) {
			fail(new ProcessLimitError('output-limit', `${run.subject} wrote more than ${run.maxOutputBytes} bytes of output and was stopped`));
			return false;
		}
		return true;
	};
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		if (!counted(chunk) || failure) {
			return;
		}
		if (!run.onLine) {
			stdout = (stdout + chunk).slice(-TAIL_CHARS);
			return;
		}
		const lines = (pending + chunk).split('\n');
		pending = lines.pop() ?? '';
		try {
			lines.filter((l) => l.trim()).forEach(run.onLine);
		} catch (e) {
			fail(e as Error);
		}
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		if (counted(chunk)) {
			stderr = (stderr + chunk).slice(-TAIL_CHARS);
		}
	});
	const onAbort = () => fail(new ProcessLimitError('cancelled', 'the run was cancelled'));
	run.signal?.addEventListener('abort', onAbort);
	const timer = setTimeout(
		() => fail(new ProcessLimitError('timeout', `${run.subject} took longer than its limit of ${run.limitSeconds} s and was stopped`)),
		Math.max(0, run.deadline - Date.now()),
	);
	const maxMemoryKb = run.maxMemoryMb * 1024;
	const memoryWatch = setInterval(() => {
		void treeResidentKb(child.pid).then(
			(kb) => kb > maxMemoryKb && fail(new ProcessLimitError('memory-limit', `${run.subject} used more than ${run.maxMemoryMb} MB and was stopped`)),
		);
	}, 250);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (exitCode) => resolve(exitCode));
		}).catch((e: Error) => {
			throw new ProcessLimitError('crashed', `could not start ${path.basename(run.file)}: ${e.message}`);
		});
		if (failure) {
			throw failure;
		}
		if (pending.trim()) {
			run.onLine?.(pending);
		}
		return { code, stderr, stdout };
	} finally {
		clearTimeout(timer);
		clearInterval(memoryWatch);
		run.signal?.removeEventListener('abort', onAbort);
		// Whatever the ending, nothing the child started outlives it.
		killTree(child.pid);
	}
}

/** The last lines of a process's output, for a message. */
export function tail(text: string, lines = 12): string {
	return text.trim().split('\n').slice(-lines).join('\n');
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
