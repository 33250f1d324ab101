'use strict';
// What a Node exercise's check.js is built from. A check loads the learner's module, drives it with fakes
// it controls, measures, and reports { correctness, measure, lanes } to the file the runner names.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');

/** Runs a check and reports its result; a throw (the learner's code, or a failed load) fails correctness. */
async function check(body) {
	let report;
	try {
		report = await body();
	} catch (e) {
		const what = e instanceof Error ? (e.name === 'Error' ? e.message : `${e.name}: ${e.message}`) : String(e);
		report = { correctness: { ok: false, message: e?.loading ? what : `your code threw: ${what}` } };
	}
	fs.writeFileSync(process.env.CONCURRENCY_LENS_RESULT, JSON.stringify(report));
	// Whatever the learner's code left open (servers, intervals) must not keep the run alive.
	process.exit(0);
}

/** The learner's module. */
function load() {
	const file = process.env.CONCURRENCY_LENS_EXERCISE_FILE;
	try {
		return require(file);
	} catch (e) {
		const name = require('node:path').basename(file);
		// A SyntaxError's stack starts with `<file>:<line>`: the line is the useful part.
		const line = e instanceof SyntaxError ? /:(\d+)\n/.exec(String(e.stack))?.[1] : undefined;
		throw Object.assign(new Error(line ? `${name} has a syntax error at line ${line}: ${e.message}` : `${name} could not be loaded: ${e.message}`), { loading: true });
	}
}

/** Logical cores the run may use. */
function cpus() {
	return Number(process.env.CONCURRENCY_LENS_CPUS) || os.availableParallelism();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

/** How late a 5 ms timer fires while `stop` is not called: the event loop's delay, which blocking raises. */
function loopDelay(periodMs = 5) {
	let last = now();
	let maxMs = 0;
	const timer = setInterval(() => {
		const t = now();
		maxMs = Math.max(maxMs, t - last - periodMs);
		last = t;
	}, periodMs);
	return {
		stop() {
			clearInterval(timer);
			return { maxMs: Math.round(Math.max(0, maxMs, now() - last - periodMs) * 10) / 10 };
		},
	};
}

/** Segments on lanes, in ms since it was made: the labs' timeline shape. */
function timeline() {
	const t0 = now();
	const lanes = new Map();
	return {
		at: () => now() - t0,
		segment(lane, task, from, to, state) {
			if (!lanes.has(lane)) lanes.set(lane, []);
			lanes.get(lane).push({ task, from: Math.round(from * 10) / 10, to: Math.round(to * 10) / 10, state });
		},
		lanes: () => [...lanes].map(([lane, segments]) => ({ lane, segments })),
	};
}

/** Counts calls in flight: `enter` when one starts, the returned function when it ends. */
function inFlight() {
	const stats = { calls: 0, current: 0, peak: 0 };
	return {
		stats,
		enter() {
			stats.calls++;
			stats.current++;
			stats.peak = Math.max(stats.peak, stats.current);
			return () => void stats.current--;
		},
	};
}

/** A fake remote call: resolves `answer(arg)` after `ms`, counting calls in flight and drawing each on `clock`. */
function fakeCall({ ms, answer, clock, lane = (arg) => String(arg) }) {
	const counter = inFlight();
	const call = async (arg) => {
		const done = counter.enter();
		const from = clock?.at();
		await sleep(ms);
		done();
		clock?.segment(lane(arg), `call ${arg}`, from, clock.at(), 'wait');
		return answer(arg);
	};
	call.stats = counter.stats;
	return call;
}

/** An HTTP server on 127.0.0.1 that answers `answer(path)` as JSON after `ms`, counting requests in flight. */
async function fakeServer({ ms, answer }) {
	const counter = inFlight();
	const server = http.createServer((req, res) => {
		const done = counter.enter();
		setTimeout(() => {
			done();
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(answer(req.url)));
		}, ms);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}`, stats: counter.stats, close: () => server.close() };
}

const ms = (x) => `${Math.round(x)} ms`;

module.exports = { check, load, cpus, sleep, now, loopDelay, timeline, inFlight, fakeCall, fakeServer, ms };
