'use strict';
// A worker thread of the CPU experiments: runs each task it is sent and posts back the segments it ran in.
const { parentPort, threadId } = require('node:worker_threads');
const lab = require('./lab');

parentPort.on('message', ({ task, units, rate }) => {
	parentPort.postMessage({ task, segments: lab.cpu(task, `worker thread ${threadId}`, units, rate) });
});
parentPort.postMessage({ ready: true });
