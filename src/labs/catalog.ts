import type { Knob, Lab, LabParams, Machine, Variant } from './types';

// The bundled experiments. Each is a program under `labs/` that speaks the event protocol
// (src/labs/protocol.ts); nothing from the workspace ever runs, so labs work in untrusted workspaces.

const knob = (id: string, label: string, min: number, max: number, defaultValue: Knob['default'], unit?: string): Knob => ({ id, label, min, max, default: defaultValue, unit });
const variant = (id: string, label: string, env?: Record<string, string>): Variant => ({ id, label, env });

export const LABS: readonly Lab[] = [
	{
		id: 'coffee-shop',
		title: 'One barista, many orders',
		runtime: 'node',
		program: 'node/coffee-shop.js',
		lesson: 'waiting#interleaving',
		knobs: [knob('orders', 'Orders', 1, 12, 4), knob('brewMs', 'Brew time (a wait)', 20, 2000, 300, 'ms'), knob('orderMs', 'Barista work per order, twice', 1, 50, 10, 'ms')],
		variants: () => [variant('sequential', 'One order at a time'), variant('interleaved', 'Interleaved on one event loop')],
		baseline: 'sequential',
		notice: 'Interleaved, the whole queue takes about one brew plus the barista\'s own work; the barista\'s lane never overlaps itself, because it is one thread.',
	},
	{
		id: 'loop-delay',
		title: 'CPU work on the event loop',
		runtime: 'node',
		program: 'node/loop-delay.js',
		lesson: 'cpu-on-the-loop#a-stalled-loop',
		knobs: [knob('cpuMs', 'CPU task', 50, 3000, 500, 'ms'), knob('sliceMs', 'Slice when chunked', 1, 50, 5, 'ms')],
		variants: () => [variant('inline', 'Inline on the loop'), variant('chunked', 'Chunked, yielding between slices'), variant('worker', 'On a worker thread')],
		notice: 'Inline, the timer fires late by about the whole task; chunked, by about one slice; on a worker, hardly at all, while the same work gets done.',
	},
	{
		id: 'cpu-tasks',
		title: 'CPU tasks: one thread or many cores',
		runtime: 'node',
		program: 'node/cpu-tasks.js',
		lesson: 'parallelism-on-cores#cpu-bound-speedups',
		knobs: [knob('tasks', 'Tasks', 1, 32, 4), knob('taskMs', 'Work per task', 10, 2000, 150, 'ms'), knob('maxPool', 'Largest pool', 1, 16, 'cores'), knob('serialPercent', 'Serial share of the work', 0, 50, 5, '%')],
		variants: (params) => [
			variant('sequential', 'Sequential'),
			variant('promise-all', 'Promise.all on one thread'),
			...Array.from({ length: params.maxPool }, (_, i) => variant(`pool-${i + 1}`, `Worker pool of ${i + 1}`)),
		],
		baseline: 'sequential',
		cores: { needed: 2, otherwise: 'the pool\'s workers cannot run at the same instant, so they show no speedup' },
		notice: 'Promise.all is no faster than sequential: its tasks never overlap. Pool segments overlap on distinct lanes, and the speedup stops growing at the number of cores, below Amdahl\'s bound.',
	},
	{
		id: 'libuv-pool',
		title: 'libuv\'s thread pool: eight hashes, four threads',
		runtime: 'node',
		program: 'node/libuv-pool.js',
		lesson: 'threading-models#thread-pool-footnote',
		knobs: [knob('calls', 'pbkdf2 calls', 1, 32, 8), knob('iterations', 'Iterations per call', 10000, 1000000, 100000)],
		cores: { needed: 4, otherwise: 'the pool\'s four threads share fewer cores, so the two batches blur (the second four still end well after the first)' },
		variants: () => [variant('pool-4', 'UV_THREADPOOL_SIZE=4 (the default)', { UV_THREADPOOL_SIZE: '4' }), variant('pool-8', 'UV_THREADPOOL_SIZE=8', { UV_THREADPOOL_SIZE: '8' })],
		notice: 'With a pool of 4, eight calls finish in two batches: the second four wait for a free pool thread. Each lane is one call, from submission to callback, because libuv does not say which thread ran it.',
	},
	{
		id: 'bounding',
		title: 'Bounding requests with a semaphore',
		runtime: 'node',
		program: 'node/bounding.js',
		lesson: 'bounding-concurrency#semaphores',
		knobs: [knob('requests', 'Requests', 10, 300, 200), knob('limit', 'Semaphore permits', 1, 100, 10), knob('latencyMs', 'Server time per request', 5, 500, 50, 'ms')],
		variants: () => [variant('unbounded', 'Unbounded: all at once'), variant('semaphore', 'A semaphore of N permits')],
		baseline: 'unbounded',
		notice: 'The server\'s peak in flight equals the permits with a semaphore and the whole batch without one; Little\'s law (throughput × latency) matches the measured mean in flight.',
	},
	{
		id: 'gil',
		title: 'Python: threads, processes and the GIL',
		runtime: 'python',
		program: 'python/gil.py',
		lesson: 'threading-models#the-table',
		knobs: [knob('tasks', 'Tasks', 1, 8, 2), knob('taskMs', 'Work (or wait) per task', 20, 1000, 200, 'ms')],
		variants: () => [variant('sequential', 'Sequential'), variant('threads-cpu', 'Threads, CPU work'), variant('processes-cpu', 'Processes, CPU work'), variant('threads-io', 'Threads, waiting')],
		baseline: 'sequential',
		cores: { needed: 2, otherwise: 'processes cannot run at the same instant, so they show no speedup' },
		notice: 'On a GIL build, CPU threads take turns (their segments never overlap) and are no faster; processes overlap on distinct lanes; waiting threads overlap because a wait releases the GIL.',
	},
	{
		id: 'memory',
		title: 'Memory: N threads versus N async tasks',
		runtime: 'python',
		program: 'python/memory.py',
		lesson: 'hundred-threads#memory-math',
		knobs: [knob('count', 'Threads or tasks', 10, 2000, 500)],
		variants: () => [variant('threads', 'Blocked threads'), variant('tasks', 'Waiting asyncio tasks')],
		notice: 'A thread reserves megabytes of address space for its stack but makes only a few kilobytes resident; an asyncio task costs about a kilobyte, and nothing is reserved.',
	},
	{
		id: 'gomaxprocs',
		title: 'Goroutines with GOMAXPROCS=1 and N',
		runtime: 'go',
		program: 'go/gomaxprocs.go',
		lesson: 'goroutines-and-threads#m-n-scheduling',
		knobs: [knob('goroutines', 'Goroutines', 1, 16, 4), knob('taskMs', 'Work per goroutine', 20, 1000, 150, 'ms')],
		variants: (_params, machine) => [variant('gomaxprocs-1', 'GOMAXPROCS=1', { GOMAXPROCS: '1' }), variant(`gomaxprocs-${machine.cpus}`, `GOMAXPROCS=${machine.cpus}`, { GOMAXPROCS: String(machine.cpus) })],
		baseline: 'gomaxprocs-1',
		cores: { needed: 2, otherwise: 'GOMAXPROCS=N cannot run goroutines at the same instant, so it shows no speedup' },
		notice: 'With one P the goroutines take turns on one thread (the scheduler preempts them); with N they run at the same instant, and the wall time drops by about the number of cores.',
	},
];

export function findLab(id: string): Lab | undefined {
	return LABS.find((l) => l.id === id);
}

export class LabParamError extends Error {}

/**
 * The knob values for a run: defaults, overridden by `given` (numbers or the text of `--param k=v`).
 * Rejects unknown knobs, non-integers and values out of range before anything starts.
 */
export function labParams(lab: Lab, given: Record<string, unknown>, machine: Pick<Machine, 'cpus'>): LabParams {
	const params: LabParams = {};
	for (const k of lab.knobs) {
		params[k.id] = k.default === 'cores' ? Math.min(k.max, Math.max(k.min, machine.cpus)) : k.default;
	}
	for (const [id, raw] of Object.entries(given)) {
		const k = lab.knobs.find((x) => x.id === id);
		if (!k) {
			throw new LabParamError(`lab '${lab.id}' has no knob '${id}' (knobs: ${lab.knobs.map((x) => x.id).join(', ')})`);
		}
		const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
		if (!Number.isInteger(value) || value < k.min || value > k.max) {
			throw new LabParamError(`${id} must be a whole number from ${k.min} to ${k.max}${k.unit ? ` (${k.unit})` : ''}, got ${JSON.stringify(raw)}`);
		}
		params[id] = value;
	}
	return params;
}
