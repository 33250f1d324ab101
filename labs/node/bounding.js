'use strict';
// Hundreds of requests to a fake server on 127.0.0.1 that this process starts and that counts the
// requests it holds at once. Unbounded: every request starts at once. Semaphore: at most `limit` in flight.
const http = require('node:http');
const lab = require('./lab');

function startServer(latencyMs) {
	const stats = { inFlight: 0, peak: 0, area: 0, since: lab.now(), heldMs: 0 };
	const account = () => {
		const t = lab.now();
		stats.area += stats.inFlight * (t - stats.since);
		stats.since = t;
	};
	const server = http.createServer((req, res) => {
		account();
		stats.peak = Math.max(stats.peak, ++stats.inFlight);
		const from = lab.now();
		setTimeout(() => {
			account();
			stats.heldMs += lab.now() - from;
			stats.inFlight--;
			res.end('ok');
		}, latencyMs);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, account })));
}

function get(agent, port) {
	return new Promise((resolve, reject) => {
		http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
			res.resume();
			res.on('end', resolve);
		}).on('error', reject);
	});
}

/** A counting semaphore that also names the permit each holder got, so a permit can be a timeline lane. */
function semaphore(size) {
	const free = Array.from({ length: size }, (_, i) => i + 1);
	const waiters = [];
	return {
		acquire: () => (free.length ? Promise.resolve(free.shift()) : new Promise((resolve) => waiters.push(resolve))),
		release: (permit) => (waiters.length ? waiters.shift()(permit) : free.push(permit)),
	};
}

async function main() {
	const { variant, params } = lab.start();
	const { server, stats, account } = await startServer(params.latencyMs);
	const { port } = server.address();
	const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
	const limit = variant === 'semaphore' ? semaphore(params.limit) : undefined;
	const latencies = [];
	const t0 = lab.now();
	const cpu0 = process.cpuUsage();
	stats.since = t0;
	await Promise.all(Array.from({ length: params.requests }, async (_, i) => {
		const permit = limit ? await limit.acquire() : undefined;
		const from = lab.now();
		try {
			await get(agent, port);
		} finally {
			const to = lab.now();
			latencies.push(to - from);
			lab.segment(`request ${i + 1}`, permit ? `permit ${permit}` : `request ${i + 1}`, from, to, 'wait');
			limit?.release(permit);
		}
	}));
	const wallMs = lab.now() - t0;
	account();
	latencies.sort((a, b) => a - b);
	const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
	const throughput = params.requests / (wallMs / 1000);
	lab.metric('peakInFlight', stats.peak);
	lab.metric('meanInFlight', stats.area / wallMs);
	lab.metric('meanLatencyMs', mean);
	lab.metric('p95LatencyMs', latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))]);
	lab.metric('throughputPerSec', throughput);
	// Little's law for the server: mean in flight = throughput × mean time a request spends in it.
	// Compare with the mean the server measured directly.
	lab.metric('littleInFlight', throughput * (stats.heldMs / params.requests / 1000));
	lab.done(t0, cpu0);
	agent.destroy();
	server.close();
}

void main();
