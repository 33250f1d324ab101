const crypto = require('node:crypto');
const { promisify } = require('node:util');

// The same hash on libuv's thread pool: the event loop only starts it and receives the result.
const pbkdf2 = promisify(crypto.pbkdf2);

/**
 * users: Map of name -> { salt, hash }, where hash is the hex PBKDF2-SHA-512 of the password
 * (100,000 iterations, 64 bytes). Resolves true when the password is right.
 */
async function login(users, name, password) {
	const user = users.get(name);
	if (!user) {
		return false;
	}
	const hash = await pbkdf2(password, user.salt, 100_000, 64, 'sha512');
	return crypto.timingSafeEqual(hash, Buffer.from(user.hash, 'hex'));
}

module.exports = { login };
