/**
 * A balance whose every change is first written to a ledger (a remote call). ledger.record({ before, after })
 * resolves once the change is stored; only then does the change count.
 */
class Account {
	constructor(ledger) {
		this.ledger = ledger;
		this.balance = 0;
	}

	/** Adds `amount` and resolves the balance right after this deposit. */
	async deposit(amount) {
		const before = this.balance;
		const after = before + amount;
		await this.ledger.record({ before, after });
		this.balance = after;
		return after;
	}
}

module.exports = { Account };
