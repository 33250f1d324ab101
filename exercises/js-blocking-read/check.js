'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const h = require('../_harness/node.js');

const SLOW_MS = 200;
const DELAY_LIMIT_MS = 30;
const REGIONS = ['north', 'south', 'east'];
const WALL_LIMIT_MS = Math.round(SLOW_MS * REGIONS.length * 0.6);

// The writer, in a thread of its own (a blocked event loop could not write): it polls each FIFO for a reader
// and, SLOW_MS after one opens it, writes the content and closes it. Every new reader is served again.
function writer() {
	const fs = require('node:fs');
	const { workerData, parentPort } = require('node:worker_threads');
	const { files, slowMs } = workerData;
	const tick = new Int32Array(new SharedArrayBuffer(4));
	const open = new Map();
	parentPort.postMessage('ready');
	for (;;) {
		for (const { file, content } of files) {
			if (!open.has(file)) {
				try {
					open.set(file, { fd: fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK), at: Date.now() });
				} catch (e) {
					if (e.code !== 'ENXIO') throw e;
				}
			}
			const reader = open.get(file);
			if (reader && Date.now() - reader.at >= slowMs) {
				try {
					fs.writeSync(reader.fd, content);
				} catch (e) {
					// EPIPE: opened while the last reader was still closing; nobody is left to read it.
					if (e.code !== 'EPIPE') throw e;
				}
				fs.closeSync(reader.fd);
				open.delete(file);
			}
		}
		Atomics.wait(tick, 0, 0, 2);
	}
}

/** Makes each file a named pipe; where there are none (Windows), a plain file: then nothing can be measured. */
function fifos(files) {
	try {
		for (const { file } of files) {
			execFileSync('mkfifo', [file], { stdio: 'ignore' });
		}
		return true;
	} catch {
		for (const { file, content } of files) {
			fs.rmSync(file, { force: true });
			fs.writeFileSync(file, content);
		}
		return false;
	}
}

h.check(async () => {
	const { salesReport } = h.load();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sales-'));
	const expected = REGIONS.map((region, r) => {
		const orders = Array.from({ length: 5 + r * 3 }, (_, i) => ({ amount: Math.round((3 + ((i * 7 + r * 13) % 40) + ((i * 37) % 100) / 100) * 100) / 100 }));
		return { region, orders, summary: { region, orders: orders.length, total: orders.reduce((s, o) => s + Math.round(o.amount * 100), 0) } };
	});
	const files = expected.map(({ region, orders }) => ({ file: path.join(dir, `${region}.json`), content: JSON.stringify({ region, orders }) }));
	const slow = fifos(files);
	const worker = slow ? new Worker(`(${writer})()`, { eval: true, workerData: { files, slowMs: SLOW_MS } }) : undefined;
	if (worker) {
		await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
		worker.unref();
	}
	try {
		const clock = h.timeline();
		const delay = h.loopDelay();
		const started = h.now();
		const answers = await Promise.all(
			files.map(async ({ file }, i) => {
				const from = clock.at();
				const answer = await salesReport(file);
				clock.segment(`report ${i + 1}`, REGIONS[i], from, clock.at(), 'wait');
				return answer;
			}),
		);
		const wallMs = Math.round(h.now() - started);
		const { maxMs } = delay.stop();
		for (const [i, { summary }] of expected.entries()) {
			if (JSON.stringify(answers[i]) !== JSON.stringify(summary)) {
				return {
					correctness: { ok: false, message: `salesReport('${REGIONS[i]}.json') gave ${JSON.stringify(answers[i])}, expected ${JSON.stringify(summary)}` },
				};
			}
		}
		const correctness = { ok: true, message: 'All three summaries are right.' };
		if (!slow) {
			return {
				correctness,
				measure: { ok: true, message: 'Not measured: this platform has no named pipes (mkfifo) to make a slow file with; only the results were checked.' },
			};
		}
		const ok = maxMs <= DELAY_LIMIT_MS && wallMs <= WALL_LIMIT_MS;
		const message = ok
			? `The event loop stayed free: three reads of files that each take ${SLOW_MS} ms to arrive finished together in ${h.ms(wallMs)}, and the 5 ms timer was at most ${h.ms(maxMs)} late.`
			: `The reads held the event loop: ${[
					wallMs > WALL_LIMIT_MS
						? `three files that each take ${SLOW_MS} ms to arrive took ${h.ms(wallMs)} together (limit ${WALL_LIMIT_MS} ms; one after another is ${SLOW_MS * REGIONS.length} ms)`
						: '',
					maxMs > DELAY_LIMIT_MS ? `a 5 ms timer fired ${h.ms(maxMs)} late (limit ${DELAY_LIMIT_MS} ms)` : '',
				]
					.filter(Boolean)
					.join(', and ')}.`;
		return {
			correctness,
			measure: { ok, message, figures: { wallMs, wallLimitMs: WALL_LIMIT_MS, maxLoopDelayMs: maxMs, limitMs: DELAY_LIMIT_MS, fileDelayMs: SLOW_MS } },
			lanes: clock.lanes(),
		};
	} finally {
		await worker?.terminate();
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
