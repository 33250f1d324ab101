const fs = require('node:fs/promises');

/**
 * A request handler's helper: reads one region's sales file (JSON: { region, orders: [{ amount }] })
 * and resolves its summary { region, orders, total }, the total in cents.
 */
async function salesReport(file) {
	// The read waits on libuv's thread pool; the event loop serves others until the data is there.
	const text = await fs.readFile(file, 'utf8');
	const { region, orders } = JSON.parse(text);
	const total = orders.reduce((sum, order) => sum + Math.round(order.amount * 100), 0);
	return { region, orders: orders.length, total };
}

module.exports = { salesReport };
