'use strict';
// What every bundled Node experiment shares: its arguments, the clock, CPU work measured in work units,
// and the event protocol the runner reads (one JSON object per stdout line; see src/labs/protocol.ts).
// Events are kept in memory and written at the end, so writing them never disturbs what is measured.
const { isMainThread, workerData } = require('node:worker_threads');

// process.hrtime is monotonic and shared by every thread of the process, so worker times line up.
const origin = isMainThread ? process.hrtime.bigint() : BigInt(workerData.origin);
const originText = origin.toString();
/** Milliseconds since the experiment's origin. */
function now() {
	return Number(process.hrtime.bigint() - origin) / 1e6;
}

const pending = [];
function emitNow(event) {
	process.stdout.write(JSON.stringify(event) + '\n');
}
function segment(task, lane, from, to, state) {
	if (to > from) {
		pending.push({ e: 'segment', task, lane: String(lane), from: round(from), to: round(to), state });
	}
}
function metric(name, value) {
	pending.push({ e: 'metric', name, value: round(value) });
}
function round(n) {
	return Math.round(n * 1000) / 1000;
}

/** Reads `<variant> <params-json>` and announces the start (the runner times spawn-to-first-event). */
function start() {
	emitNow({ e: 'start' });
	const [variant, params] = process.argv.slice(2);
	return { variant, params: JSON.parse(params || '{}') };
}

/** Writes the buffered events and the run's totals, measured from `t0` and `cpu0` (process.cpuUsage()). */
function done(t0, cpu0) {
	const cpu = process.cpuUsage(cpu0);
	pending.push({ e: 'done', t0: round(t0), wallMs: round(now() - t0), cpuMs: round((cpu.user + cpu.system) / 1000) });
	process.stdout.write(pending.map((e) => JSON.stringify(e)).join('\n') + '\n');
	pending.length = 0;
}

// A fixed amount of work, not a fixed time: a task must cost the same whether or not it shares a core.
function spin(units) {
	let x = 0x9e3779b9 | 0;
	for (let i = 0; i < units; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
	}
	return x;
}

/**
 * Work units per millisecond when nothing interrupts, measured after the JIT has warmed up: the best of
 * eight 5 ms windows, so a window in which the OS took the core does not make every later task of this
 * variant shorter than the others'.
 */
function calibrate() {
	spin(2e6);
	const chunk = 1e4;
	let best = 0;
	for (let window = 0; window < 8; window++) {
		let units = 0;
		const from = now();
		while (now() - from < 5) {
			spin(chunk);
			units += chunk;
		}
		best = Math.max(best, units / (now() - from));
	}
	return best;
}

/**
 * Runs `units` of work on this thread in slices and returns the segments it really ran in. A pause (the OS
 * gave the core to another thread) shows as a gap between slices or as a slice that took longer than its
 * work does at `rate` units/ms; either ends the segment, so placement is off by at most one slice.
 */
function cpu(task, lane, units, rate, { sliceUnits = 20000, gapMs = 0.5 } = {}) {
	const segments = [];
	let from = now();
	let last = from;
	for (let left = units; left > 0; left -= sliceUnits) {
		const sliceStart = now();
		if (sliceStart - last > gapMs) {
			segments.push([from, last]);
			from = sliceStart;
		}
		const n = Math.min(sliceUnits, left);
		spin(n);
		last = now();
		if (last - sliceStart > n / rate + gapMs) {
			segments.push([from, sliceStart + n / rate]);
			from = last;
		}
	}
	segments.push([from, last]);
	return segments.filter(([f, t]) => t > f).map(([f, t]) => ({ task, lane: String(lane), from: f, to: t, state: 'work' }));
}

/** `cpu`, recorded as events (main thread only; workers post their segments back). */
function cpuHere(task, lane, units, rate) {
	const segments = cpu(task, lane, units, rate);
	for (const s of segments) {
		segment(s.task, s.lane, s.from, s.to, s.state);
	}
	return segments;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = { now, originText, start, done, segment, metric, calibrate, cpu, cpuHere, sleep };
