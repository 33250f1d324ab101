'use strict';
const h = require('../_harness/node.js');

const DEPOSITS = 50;
const LEDGER_MS = 10;
const WAIT_LIMIT_MS = 10_000;

/** Draws each ledger call on the lowest lane free when it started: as many lanes as overlapped. */
function draw(clock, calls) {
	const ends = [];
	for (const { task, from, to } of [...calls].sort((a, b) => a.from - b.from)) {
		let lane = ends.findIndex((end) => end <= from);
		lane = lane === -1 ? ends.length : lane;
		ends[lane] = to;
		clock.segment(`ledger call ${lane + 1}`, task, from, to, 'wait');
	}
}

h.check(async () => {
	const { Account } = h.load();
	const clock = h.timeline();
	const entries = [];
	const calls = [];
	const ledger = {
		async record(entry) {
			const from = clock.at();
			entries.push({ before: entry?.before, after: entry?.after });
			await h.sleep(LEDGER_MS);
			calls.push({ task: `${entry?.before} → ${entry?.after}`, from, to: clock.at() });
		},
	};
	const account = new Account(ledger);
	// Fifty different amounts, so that each entry in the ledger says which deposit it was.
	const amounts = Array.from({ length: DEPOSITS }, (_, i) => (((i * 37) % DEPOSITS) + 1) * 10);
	const total = amounts.reduce((a, b) => a + b, 0);
	const answers = new Array(DEPOSITS);
	let settled = 0;
	const all = Promise.all(amounts.map((amount, i) => account.deposit(amount).then((after) => ((answers[i] = after), settled++))));
	const timedOut = await Promise.race([all.then(() => false), h.sleep(WAIT_LIMIT_MS).then(() => true)]);
	draw(clock, calls);
	const figures = () => ({ deposits: DEPOSITS, settled, ledgerEntries: entries.length, balance: account.balance, expectedBalance: total, ledgerMs: LEDGER_MS });
	const fail = (message) => ({ correctness: { ok: false, message, figures: figures() }, lanes: clock.lanes() });
	if (timedOut) {
		return fail(
			`${DEPOSITS - settled} of ${DEPOSITS} deposits had not resolved after ${WAIT_LIMIT_MS / 1000} s: does every deposit get its turn, and does the lock let the next one go?`,
		);
	}
	if (entries.length !== DEPOSITS) {
		return fail(`the ledger recorded ${entries.length} changes for ${DEPOSITS} deposits: every deposit must be recorded`);
	}
	const broken = entries.findIndex((entry, i) => entry.before !== (i === 0 ? 0 : entries[i - 1].after));
	if (broken !== -1) {
		const lost = entries.filter((entry, i) => i > 0 && entry.before !== entries[i - 1].after).length;
		return fail(
			`lost updates: ${broken === 0 ? `ledger entry 1 starts from ${entries[0].before}, not 0` : `ledger entry ${broken} took the balance to ${entries[broken - 1].after}, yet entry ${broken + 1} starts from ${entries[broken].before}`}; ` +
				`${lost} of ${DEPOSITS} deposits started from a stale balance, and the account ends at ${account.balance} instead of ${total}`,
		);
	}
	const unmatched = amounts.findIndex((amount) => !entries.some((entry) => entry.after - entry.before === amount));
	if (unmatched !== -1) {
		return fail(`no ledger entry adds ${amounts[unmatched]}, the amount of deposit ${unmatched + 1}`);
	}
	if (account.balance !== total) {
		return fail(`after ${DEPOSITS} deposits adding up to ${total}, the balance is ${account.balance}`);
	}
	const wrong = amounts.findIndex((amount, i) => entries.find((entry) => entry.after - entry.before === amount).after !== answers[i]);
	if (wrong !== -1) {
		const entry = entries.find((e) => e.after - e.before === amounts[wrong]);
		return fail(
			`deposit(${amounts[wrong]}) resolved ${JSON.stringify(answers[wrong])}, but the ledger has it taking the balance from ${entry.before} to ${entry.after}`,
		);
	}
	return {
		correctness: {
			ok: true,
			message: `No update was lost: ${DEPOSITS} concurrent deposits made one unbroken ledger chain from 0 to ${total}, and each resolved the balance right after it.`,
			figures: figures(),
		},
		lanes: clock.lanes(),
	};
});
