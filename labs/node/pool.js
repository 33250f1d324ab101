'use strict';
// A pool of worker threads for the CPU experiments: started (and timed) before the measured part.
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const lab = require('./lab');

/** Starts `size` workers and resolves once every one is ready. */
async function startPool(size) {
	const workers = Array.from({ length: size }, () => new Worker(path.join(__dirname, 'cpu-worker.js'), { workerData: { origin: lab.originText } }));
	await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
		w.once('message', resolve);
		w.once('error', reject);
	})));
	return workers;
}

/** Runs every task on the pool, each worker taking the next task when it is free; records their segments. */
function runOnPool(workers, tasks) {
	const queue = [...tasks];
	return Promise.all(workers.map((worker) => new Promise((resolve, reject) => {
		const next = () => {
			const task = queue.shift();
			if (!task) {
				worker.off('message', onMessage);
				return resolve();
			}
			worker.postMessage(task);
		};
		const onMessage = ({ segments }) => {
			for (const s of segments) {
				lab.segment(s.task, s.lane, s.from, s.to, s.state);
			}
			next();
		};
		worker.on('message', onMessage);
		worker.once('error', reject);
		next();
	})));
}

module.exports = { startPool, runOnPool };
