'use strict';
// A timer that should fire every `resolution` ms, while one CPU task runs inline on the loop, in slices
// that yield between them, or on a worker thread. The loop delay of a tick is how late it fired: the time
// since the previous tick minus the resolution. Its maximum is what every other callback had to wait.
const lab = require('./lab');
const { startPool, runOnPool } = require('./pool');

const RESOLUTION = 10;
const timerLane = `timer (every ${RESOLUTION} ms)`;

function startTicker() {
	let last = lab.now();
	let maxDelay = 0;
	let timer;
	const tick = () => {
		const t = lab.now();
		const delay = t - last - RESOLUTION;
		maxDelay = Math.max(maxDelay, delay);
		if (delay > 2) {
			lab.segment('timer callback', timerLane, last + RESOLUTION, t, 'blocked');
		}
		last = t;
		timer = setTimeout(tick, RESOLUTION);
	};
	timer = setTimeout(tick, RESOLUTION);
	return () => {
		clearTimeout(timer);
		return maxDelay;
	};
}

async function chunked(units, sliceUnits, rate) {
	for (let left = units; left > 0; left -= sliceUnits) {
		lab.cpuHere('CPU task', 'main thread', Math.min(sliceUnits, left), rate);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

async function main() {
	const { variant, params } = lab.start();
	const rate = lab.calibrate();
	const units = params.cpuMs * rate;
	const workers = variant === 'worker' ? await startPool(1) : [];
	const t0 = lab.now();
	const cpu0 = process.cpuUsage();
	const stopTicker = startTicker();
	await lab.sleep(50);
	const from = lab.now();
	if (variant === 'inline') {
		lab.cpuHere('CPU task', 'main thread', units, rate);
	} else if (variant === 'chunked') {
		await chunked(units, params.sliceMs * rate, rate);
	} else {
		await runOnPool(workers, [{ task: 'CPU task', units, rate }]);
	}
	const taskMs = lab.now() - from;
	await lab.sleep(50);
	lab.metric('maxLoopDelayMs', Math.max(0, stopTicker()));
	lab.metric('cpuTaskMs', taskMs);
	lab.done(t0, cpu0);
	await Promise.all(workers.map((w) => w.terminate()));
}

void main();
