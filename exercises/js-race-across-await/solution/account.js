/**
 * A balance whose every change is first written to a ledger (a remote call). ledger.record({ before, after })
 * resolves once the change is stored; only then does the change count.
 */
class Account {
	constructor(ledger) {
		this.ledger = ledger;
		this.balance = 0;
		// The lock: the promise of the last deposit in line. Each new one starts when that one has settled.
		this.last = Promise.resolve();
	}

	/** Adds `amount` and resolves the balance right after this deposit. */
	deposit(amount) {
		const turn = this.last.then(() => this.#deposit(amount));
		// A failed deposit must not stop the ones queued behind it.
		this.last = turn.catch(() => {});
		return turn;
	}

	// The read, the ledger call and the write: now no other deposit can run in between.
	async #deposit(amount) {
		const before = this.balance;
		const after = before + amount;
		await this.ledger.record({ before, after });
		this.balance = after;
		return after;
	}
}

module.exports = { Account };
