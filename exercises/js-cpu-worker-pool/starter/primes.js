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

/** ranges: [[from, to], ...]. Resolves the count of primes in each range, in the same order. */
async function countPrimes(ranges) {
	return ranges.map(([from, to]) => countInRange(from, to));
}

module.exports = { countPrimes, countInRange };
