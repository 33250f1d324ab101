'use strict';
// Preloaded into every Node exercise run (node --require): the learner's code may reach only the check's
// own servers on this machine. A connection anywhere else fails at once, with a message that says why.
const net = require('node:net');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
	const host = options.path ? undefined : (options.host ?? 'localhost');
	if (host !== undefined && !LOOPBACK.has(String(host).replace(/^\[|\]$/g, ''))) {
		throw new Error(`exercise checks reach only the check's own servers on 127.0.0.1; a connection to ${host} was refused`);
	}
	return connect.apply(this, args);
};
