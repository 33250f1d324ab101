'use strict';
// One barista (the main thread) and orders that mostly wait for the espresso machine (a timer).
// Sequential: each order is finished before the next is taken. Interleaved: every order is taken, and the
// barista serves each one as its coffee is ready.
const lab = require('./lab');

async function main() {
	const { variant, params } = lab.start();
	const rate = lab.calibrate();
	const barista = 'main thread (barista)';
	const machine = 'espresso machine (timers, no thread)';
	async function order(k) {
		const task = `order ${k}`;
		lab.cpuHere(task, barista, params.orderMs * rate, rate);
		const from = lab.now();
		await lab.sleep(params.brewMs);
		lab.segment(task, machine, from, lab.now(), 'wait');
		lab.cpuHere(task, barista, params.orderMs * rate, rate);
	}
	const orders = Array.from({ length: params.orders }, (_, i) => i + 1);
	const t0 = lab.now();
	const cpu0 = process.cpuUsage();
	if (variant === 'sequential') {
		for (const k of orders) {
			await order(k);
		}
	} else {
		await Promise.all(orders.map(order));
	}
	lab.done(t0, cpu0);
}

void main();
