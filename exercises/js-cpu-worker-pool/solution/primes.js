const os = require('node:os');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');

/** How many primes n with from <= n < to, by trial division. */
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

// This same file is the worker: it counts each range it is sent and posts the count back.
if (!isMainThread) {
	parentPort.on('message', ([from, to]) => parentPort.postMessage(countInRange(from, to)));
}

/** ranges: [[from, to], ...]. Resolves the count of primes in each range, in the same order. */
async function countPrimes(ranges) {
	const size = Math.min(os.availableParallelism(), ranges.length);
	const workers = Array.from({ length: size }, () => new Worker(__filename));
	const counts = new Array(ranges.length);
	let next = 0;
	try {
		// Each worker takes the next range as soon as it is done with one, until none is left.
		await Promise.all(
			workers.map(
				(worker) =>
					new Promise((resolve, reject) => {
						let current;
						const give = () => (next < ranges.length ? worker.postMessage(ranges[(current = next++)]) : resolve());
						worker.on('message', (count) => {
							counts[current] = count;
							give();
						});
						worker.on('error', reject);
						give();
					}),
			),
		);
		return counts;
	} finally {
		await Promise.all(workers.map((worker) => worker.terminate()));
	}
}

module.exports = { countPrimes, countInRange };
