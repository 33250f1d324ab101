'use strict';
const h = require('../_harness/node.js');

const PAGES = 100;
const SERVER_MS = 50;
const MAX_IN_FLIGHT = 10;
const SEQUENTIAL_MS = PAGES * SERVER_MS;
const WALL_LIMIT_MS = Math.round(SEQUENTIAL_MS * 0.5);

const page = (path) => {
	const n = Number(/^\/docs\/page-(\d+)$/.exec(path)?.[1]);
	return Number.isInteger(n)
		? { path, title: `Chapter ${n}: ${['threads', 'loops', 'locks', 'queues'][n % 4]}`, links: (n * 7) % 13 }
		: { path, title: 'Not found', links: 0 };
};

/** Draws each request on the lowest connection lane free when it started: as many lanes as were in flight at once. */
function draw(clock, requests) {
	const ends = [];
	for (const { path, from, to } of requests.sort((a, b) => a.from - b.from)) {
		let lane = ends.findIndex((end) => end <= from);
		lane = lane === -1 ? ends.length : lane;
		ends[lane] = to;
		clock.segment(`slot ${lane + 1}`, path, from, to, 'wait');
	}
}

h.check(async () => {
	const { crawl } = h.load();
	const clock = h.timeline();
	const requests = [];
	const server = await h.fakeServer({
		ms: SERVER_MS,
		answer: (path) => {
			requests.push({ path, from: clock.at() - SERVER_MS, to: clock.at() });
			return page(path);
		},
	});
	try {
		// The first fetch of a process loads its HTTP client (a few hundred ms): not the crawl's time.
		await (await fetch(`${server.url}/docs/page-0`)).json();
		requests.length = 0;
		const before = server.stats.calls;
		const paths = Array.from({ length: PAGES }, (_, i) => `/docs/page-${i + 1}`);
		const started = h.now();
		const pages = await crawl(server.url, paths);
		const wallMs = Math.round(h.now() - started);
		if (!Array.isArray(pages) || pages.length !== PAGES) {
			return {
				correctness: {
					ok: false,
					message: `crawl(url, ${PAGES} paths) gave ${Array.isArray(pages) ? `${pages.length} pages` : JSON.stringify(pages)}, expected ${PAGES} pages`,
				},
			};
		}
		const wrong = paths.findIndex((path, i) => JSON.stringify(pages[i]) !== JSON.stringify(page(path)));
		if (wrong !== -1) {
			return {
				correctness: {
					ok: false,
					message: `page ${wrong + 1} (${paths[wrong]}) is ${JSON.stringify(pages[wrong])}, expected ${JSON.stringify(page(paths[wrong]))}`,
				},
			};
		}
		const calls = server.stats.calls - before;
		if (calls < PAGES) {
			return { correctness: { ok: false, message: `the server got ${calls} requests for ${PAGES} pages: every page must be fetched` } };
		}
		draw(clock, requests);
		const { peak } = server.stats;
		const bounded = peak <= MAX_IN_FLIGHT;
		const fast = wallMs < WALL_LIMIT_MS;
		const message =
			bounded && fast
				? `Bounded and still concurrent: at most ${peak} requests were in flight (limit ${MAX_IN_FLIGHT}), and the ${PAGES} pages took ${h.ms(wallMs)} (limit ${WALL_LIMIT_MS} ms).`
				: !bounded
					? `Too many at once: the server had ${peak} requests in flight at the same moment (limit ${MAX_IN_FLIGHT}).`
					: `Bounded, but too slow: ${PAGES} pages took ${h.ms(wallMs)} (limit ${WALL_LIMIT_MS} ms; one at a time is ${SEQUENTIAL_MS} ms, ${MAX_IN_FLIGHT} at a time about ${(PAGES / MAX_IN_FLIGHT) * SERVER_MS} ms), with never more than ${peak} in flight.`;
		return {
			correctness: { ok: true, message: `All ${PAGES} pages are right and in order.` },
			measure: {
				ok: bounded && fast,
				message,
				figures: { peakInFlight: peak, maxInFlight: MAX_IN_FLIGHT, wallMs, wallLimitMs: WALL_LIMIT_MS, requests: calls, serverMs: SERVER_MS },
			},
			lanes: clock.lanes(),
		};
	} finally {
		server.close();
	}
});
