'use strict';
const threads = require('node:worker_threads');
const h = require('../_harness/node.js');

const TOP = 4_000_000;
const RANGES = 16;
const RATIO_LIMIT = 0.75;
const POOL_SLACK = 1.25;
const DELAY_LIMIT_MS = 100;
const ROUNDS = 2;
const ROUNDS_BUDGET_MS = 6000;

// The check's own pool uses the real Worker; the learner's code gets one that counts how many are alive at once.
const { Worker } = threads;
const alive = { now: 0, peak: 0 };
threads.Worker = class CountedWorker extends Worker {
	constructor(...args) {
		super(...args);
		alive.peak = Math.max(alive.peak, ++alive.now);
		this.once('exit', () => alive.now--);
	}
};

/** The check's own count, on this thread: the reference for both the answers and the time. */
function countInRange(from, to) {
	let count = 0;
	for (let n = Math.max(from, 2); n < to; n++) {
		let prime = true;
		for (let d = 2; d * d <= n; d++) {
			if (n % d === 0) {
				prime = false;
				break;
			}
		}
		if (prime) count++;
	}
	return count;
}

/** The check's own count of every range on this thread, timed and drawn on the timeline. */
function reference(clock, ranges, label) {
	const from = clock.at();
	const counts = ranges.map(([a, b]) => countInRange(a, b));
	clock.segment('reference: one thread', label, from, clock.at(), 'run');
	return { counts, ms: clock.at() - from };
}

/** The check's own pool of `size` workers over the same ranges: what a parallel version does on this machine now. */
async function pool(clock, ranges, size, label) {
	const code = `const { parentPort } = require('node:worker_threads');\n${countInRange};\nparentPort.on('message', ([a, b]) => parentPort.postMessage(countInRange(a, b)));`;
	const from = clock.at();
	const workers = Array.from({ length: size }, () => new Worker(code, { eval: true }));
	let next = 0;
	await Promise.all(
		workers.map(
			(worker) =>
				new Promise((resolve, reject) => {
					const give = () => (next < ranges.length ? worker.postMessage(ranges[next++]) : resolve());
					worker.on('message', give).on('error', reject);
					give();
				}),
		),
	);
	await Promise.all(workers.map((worker) => worker.terminate()));
	clock.segment(`reference: ${size} workers`, label, from, clock.at(), 'run');
	return clock.at() - from;
}

function checkCounts(counts, expected, ranges) {
	if (!Array.isArray(counts) || counts.length !== RANGES) {
		return `countPrimes(${RANGES} ranges) gave ${Array.isArray(counts) ? `${counts.length} counts` : JSON.stringify(counts)}, expected ${RANGES} counts`;
	}
	const wrong = expected.findIndex((count, i) => counts[i] !== count);
	return wrong === -1 ? undefined : `the count for [${ranges[wrong].join(', ')}) is ${JSON.stringify(counts[wrong])}, expected ${expected[wrong]}`;
}

h.check(async () => {
	const { countPrimes } = h.load();
	const step = TOP / RANGES;
	const ranges = Array.from({ length: RANGES }, (_, i) => [i * step, (i + 1) * step]);
	const cores = h.cpus();
	const size = Math.min(cores, RANGES);
	const clock = h.timeline();
	let correctness;
	// A round: one thread, the check's pool, your version, one thread again (the mean of the two one-thread runs
	// cancels a load that drifts). A version that ran on a pool but failed, slow or late, gets a second round while time allows.
	for (let round = 1; ; round++) {
		const label = `round ${round}`;
		const before = reference(clock, ranges, label);
		const poolMs = cores < 2 ? 0 : Math.round(await pool(clock, ranges, size, label));
		const delay = h.loopDelay();
		alive.peak = alive.now;
		const from = clock.at();
		const counts = await countPrimes(ranges.map(([a, b]) => [a, b]));
		const wallMs = Math.round(clock.at() - from);
		const { maxMs } = delay.stop();
		const peakWorkers = alive.peak;
		clock.segment('countPrimes: yours', label, from, clock.at(), 'run');
		const wrong = checkCounts(counts, before.counts, ranges);
		if (wrong) {
			return { correctness: { ok: false, message: wrong }, lanes: clock.lanes() };
		}
		const primes = before.counts.reduce((a, b) => a + b, 0);
		correctness ??= { ok: true, message: `All ${RANGES} counts are right (${primes.toLocaleString('en')} primes below ${TOP.toLocaleString('en')}).` };
		const free = maxMs <= DELAY_LIMIT_MS;
		const held = `The event loop was held: a 5 ms timer fired ${h.ms(maxMs)} late (limit ${DELAY_LIMIT_MS} ms).`;
		if (cores < 2) {
			const message = free
				? `The event loop stayed free: the 5 ms timer was at most ${h.ms(maxMs)} late. A speed-up cannot be measured on this machine's one core (your version took ${h.ms(wallMs)}, one thread ${h.ms(before.ms)}).`
				: `${held} (A speed-up cannot be measured on this machine's one core.)`;
			const figures = { wallMs, referenceMs: Math.round(before.ms), maxLoopDelayMs: maxMs, delayLimitMs: DELAY_LIMIT_MS, peakWorkers, cores };
			return { correctness, measure: { ok: free, message, figures }, lanes: clock.lanes() };
		}
		const after = reference(clock, ranges, label);
		const referenceMs = Math.round((before.ms + after.ms) / 2);
		// The bar: RATIO_LIMIT of one thread's time; but never less than the check's own pool needed, with POOL_SLACK to
		// spare, so that a machine busy with other work (where even the pool cannot get there) does not fail a good version.
		const limitMs = Math.round(Math.max(referenceMs * RATIO_LIMIT, poolMs * POOL_SLACK));
		const busy = poolMs > referenceMs * RATIO_LIMIT;
		const ratio = Math.round((wallMs / referenceMs) * 100) / 100;
		const poolRatio = Math.round((poolMs / referenceMs) * 100) / 100;
		const figures = {
			wallMs,
			limitMs,
			referenceMs,
			poolMs,
			ratio,
			poolRatio,
			ratioLimit: RATIO_LIMIT,
			maxLoopDelayMs: maxMs,
			delayLimitMs: DELAY_LIMIT_MS,
			peakWorkers,
			cores,
			round,
		};
		// Parallel takes two workers at least, however busy the machine; a bounded pool, no more than the cores.
		const pooled = peakWorkers >= 2 && peakWorkers <= cores;
		const fast = wallMs <= limitMs;
		if (free && pooled && fast) {
			const message =
				wallMs > referenceMs * RATIO_LIMIT
					? `Your version took ${h.ms(wallMs)} on ${peakWorkers} workers, about what the check's own ${size} managed (${h.ms(poolMs)}; limit ${limitMs} ms): this machine is too busy right now to show the full speed-up over one thread (${h.ms(referenceMs)}). The 5 ms timer was at most ${h.ms(maxMs)} late.`
					: `Parallel: your version took ${h.ms(wallMs)} on ${peakWorkers} workers, ${ratio} of one thread's ${h.ms(referenceMs)} (limit ${limitMs} ms, on ${cores} cores), and the 5 ms timer was at most ${h.ms(maxMs)} late.`;
			return { correctness, measure: { ok: true, message, figures }, lanes: clock.lanes() };
		}
		if (!pooled || round === ROUNDS || clock.at() > ROUNDS_BUDGET_MS) {
			const bar = busy
				? `limit ${limitMs} ms: this machine is busy, so even the check's own ${size} workers took ${h.ms(poolMs)}, ${poolRatio} of one thread's time`
				: `limit ${limitMs} ms, ${RATIO_LIMIT} of one thread's ${h.ms(referenceMs)}, on ${cores} cores`;
			const message = [
				free ? '' : held,
				peakWorkers < 2
					? `Not parallel: ${peakWorkers === 0 ? 'no worker thread was' : 'only one worker thread was'} running while countPrimes counted (this machine has ${cores} cores).`
					: '',
				peakWorkers > cores ? `Not a bounded pool: ${peakWorkers} workers were running at once on ${cores} cores (os.availableParallelism() is ${cores}).` : '',
				fast || !pooled ? '' : `Not parallel enough: your version took ${h.ms(wallMs)}, ${ratio} of one thread's time (${bar}).`,
			]
				.filter(Boolean)
				.join(' ');
			return { correctness, measure: { ok: false, message, figures }, lanes: clock.lanes() };
		}
	}
});
