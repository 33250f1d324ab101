'use strict';
const crypto = require('node:crypto');
const { promisify } = require('node:util');
const h = require('../_harness/node.js');

// One core stays free for the event loop, so the measure sees blocking, not hashing threads crowding the
// loop's thread off a small machine (libuv reads this when its pool first starts, below).
process.env.UV_THREADPOOL_SIZE = String(Math.max(1, Math.min(4, h.cpus() - 1)));

const pbkdf2 = promisify(crypto.pbkdf2);

h.check(async () => {
	const { login } = h.load();
	const users = new Map();
	for (const name of ['ada', 'grace', 'linus', 'barbara']) {
		const salt = crypto.randomBytes(16).toString('hex');
		users.set(name, { salt, hash: (await pbkdf2(`${name}-secret`, salt, 100_000, 64, 'sha512')).toString('hex') });
	}
	const attempts = [
		['ada', 'ada-secret', true],
		['grace', 'grace-secret', true],
		['linus', 'linus-secret', true],
		['barbara', 'barbara-secret', true],
		['ada', 'wrong-secret', false],
		['nobody', 'nobody-secret', false],
	];
	// The bar: 30 ms, or one hash where a hash takes longer (a slow or busy machine). Hashing on the loop
	// holds it for a whole hash per login: five of them here, all in one turn of the loop.
	const started = h.now();
	crypto.pbkdf2Sync('calibration', 'salt', 100_000, 64, 'sha512');
	const hashMs = h.now() - started;
	const LIMIT_MS = Math.max(30, Math.round(hashMs));
	const clock = h.timeline();
	const delay = h.loopDelay();
	const answers = await Promise.all(
		attempts.map(async ([name, password], i) => {
			const from = clock.at();
			const answer = await login(users, name, password);
			clock.segment(`login ${i + 1}`, `${name}`, from, clock.at(), 'wait');
			return answer;
		}),
	);
	const { maxMs } = delay.stop();
	const wrong = attempts.filter(([, , expected], i) => answers[i] !== expected);
	if (wrong.length > 0) {
		const [name, password, expected] = wrong[0];
		return { correctness: { ok: false, message: `login(users, '${name}', '${password}') gave ${JSON.stringify(answers[attempts.indexOf(wrong[0])])}, expected ${expected}` } };
	}
	return {
		correctness: { ok: true, message: 'All six answers are right.' },
		measure: {
			ok: maxMs <= LIMIT_MS,
			message:
				maxMs <= LIMIT_MS
					? `The event loop stayed free: the 5 ms timer was at most ${h.ms(maxMs)} late while six logins hashed.`
					: `The event loop was held: a 5 ms timer fired ${h.ms(maxMs)} late while six logins hashed (limit ${LIMIT_MS} ms; one hash takes ${h.ms(hashMs)} here).`,
			figures: { maxLoopDelayMs: maxMs, limitMs: LIMIT_MS, oneHashMs: Math.round(hashMs) },
		},
		lanes: clock.lanes(),
	};
});
