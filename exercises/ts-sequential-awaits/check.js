'use strict';
const h = require('../_harness/node.js');

const CALL_MS = 300;
const LIMIT_MS = 450;

h.check(async () => {
	const { loadDashboard } = h.load();
	const clock = h.timeline();
	const userId = 'u-4711';
	const orders = [
		{ id: 'o-1', total: 1250 },
		{ id: 'o-2', total: 899 },
		{ id: 'o-3', total: 4310 },
		{ id: 'o-4', total: 75 },
	];
	const picks = ['teapot', 'kettle', 'mugs', 'strainer', 'honey'];
	const fake = (service, answer) => h.fakeCall({ ms: CALL_MS, answer, clock, lane: () => service });
	const api = {
		user: fake('user', (id) => ({ id, name: id === userId ? 'Ada Lovelace' : 'someone else' })),
		orders: fake('orders', (id) => (id === userId ? orders.map((o) => ({ ...o })) : [])),
		recommendations: fake('recommendations', (id) => (id === userId ? [...picks] : [])),
	};
	const started = h.now();
	const dashboard = await loadDashboard(api, userId);
	const wallMs = Math.round(h.now() - started);
	const expected = { name: 'Ada Lovelace', orderCount: 4, spent: 6534, recommendations: ['teapot', 'kettle', 'mugs'] };
	const got = dashboard && typeof dashboard === 'object' ? Object.fromEntries(Object.keys(expected).map((k) => [k, dashboard[k]])) : dashboard;
	if (JSON.stringify(got) !== JSON.stringify(expected)) {
		return { correctness: { ok: false, message: `loadDashboard(api, '${userId}') gave ${JSON.stringify(dashboard)}, expected ${JSON.stringify(expected)}` } };
	}
	const calls = [api.user, api.orders, api.recommendations];
	const ok = wallMs < LIMIT_MS;
	return {
		correctness: { ok: true, message: 'The dashboard is right.' },
		measure: {
			ok,
			message: ok
				? `The three ${CALL_MS} ms calls overlapped: the dashboard was ready in ${h.ms(wallMs)} (limit ${LIMIT_MS} ms).`
				: `The calls waited for each other: three ${CALL_MS} ms calls took ${h.ms(wallMs)} in all (limit ${LIMIT_MS} ms; one after another is ${3 * CALL_MS} ms).`,
			figures: { wallMs, limitMs: LIMIT_MS, callMs: CALL_MS, calls: calls.reduce((n, c) => n + c.stats.calls, 0) },
		},
		lanes: clock.lanes(),
	};
});
