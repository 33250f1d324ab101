'use strict';
// N equal CPU tasks after a short serial step: sequential, `Promise.all` on the one thread, or a pool
// of worker threads. The pool is started before the clock starts, so its start-up is reported apart.
const os = require('node:os');
const lab = require('./lab');
const { startPool, runOnPool } = require('./pool');

async function main() {
	const { variant, params } = lab.start();
	const rate = lab.calibrate();
	const units = params.taskMs * rate;
	const serialUnits = (params.tasks * params.taskMs * params.serialPercent / (100 - params.serialPercent)) * rate;
	const tasks = Array.from({ length: params.tasks }, (_, i) => ({ task: `task ${i + 1}`, units, rate }));
	const size = variant.startsWith('pool-') ? Number(variant.slice(5)) : 0;
	const poolStart = lab.now();
	const workers = size ? await startPool(size) : [];
	if (size) {
		lab.metric('poolStartMs', lab.now() - poolStart);
	}
	const t0 = lab.now();
	const cpu0 = process.cpuUsage();
	lab.cpuHere('serial step', 'main thread', serialUnits, rate);
	if (variant === 'sequential') {
		for (const t of tasks) {
			lab.cpuHere(t.task, 'main thread', t.units, rate);
		}
	} else if (variant === 'promise-all') {
		await Promise.all(tasks.map(async (t) => {
			await null;
			lab.cpuHere(t.task, 'main thread', t.units, rate);
		}));
	} else {
		await runOnPool(workers, tasks);
	}
	// Amdahl's bound for this run: the parallel share p of the work on min(workers, cores) cores.
	const p = 1 - params.serialPercent / 100;
	const cores = Math.min(size || 1, os.availableParallelism());
	lab.metric('amdahlSpeedup', 1 / ((1 - p) + p / cores));
	lab.done(t0, cpu0);
	await Promise.all(workers.map((w) => w.terminate()));
}

void main();
