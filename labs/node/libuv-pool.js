'use strict';
// Eight `crypto.pbkdf2` calls at once. Node runs them on libuv's thread pool, whose size is
// UV_THREADPOOL_SIZE (default 4), read when the pool first starts; the runner sets it per variant.
// libuv does not say which pool thread ran a call, so each lane is one call, from submission to callback.
const crypto = require('node:crypto');
const lab = require('./lab');

function main() {
	const { params } = lab.start();
	const t0 = lab.now();
	const cpu0 = process.cpuUsage();
	let left = params.calls;
	for (let k = 1; k <= params.calls; k++) {
		const from = lab.now();
		crypto.pbkdf2('password', `salt ${k}`, params.iterations, 64, 'sha512', (err) => {
			if (err) {
				throw err;
			}
			lab.segment(`pbkdf2 #${k}`, `call ${k}`, from, lab.now(), 'work');
			if (--left === 0) {
				lab.metric('poolSize', Number(process.env.UV_THREADPOOL_SIZE || 4));
				lab.done(t0, cpu0);
			}
		});
	}
}

main();
