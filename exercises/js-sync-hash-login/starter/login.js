const crypto = require('node:crypto');

/**
 * users: Map of name -> { salt, hash }, where hash is the hex PBKDF2-SHA-512 of the password
 * (100,000 iterations, 64 bytes). Resolves true when the password is right.
 */
async function login(users, name, password) {
	const user = users.get(name);
	if (!user) {
		return false;
	}
	const hash = crypto.pbkdf2Sync(password, user.salt, 100_000, 64, 'sha512');
	return crypto.timingSafeEqual(hash, Buffer.from(user.hash, 'hex'));
}

module.exports = { login };
