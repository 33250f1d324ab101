import { callTable } from '../../callTable';
import type { Detector } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { boundCallee, callOf, qualifiedCallee, receiverOf, createPythonFacts } from './syntax';

const TABLE = callTable({
	'`await` the coroutine directly (`result = await main()`)': ['asyncio.run'],
	'`await asyncio.wait(…)` on asyncio tasks, or `await asyncio.wrap_future(…)`': ['concurrent.futures.wait'],
});

/** Calls on the receiver that wait, keyed by the kind of call the receiver was bound to. */
const WAITS: readonly { method: string; boundTo: RegExp; instead: string }[] = [
	{ method: 'run_until_complete', boundTo: /./, instead: '`await` the coroutine directly; the loop is already running' },
	{ method: 'result', boundTo: /(?:\.submit|run_coroutine_threadsafe)$/, instead: '`await asyncio.wrap_future(future)`' },
	{ method: 'join', boundTo: /^(?:threading\.Thread|multiprocessing\.Process)$/, instead: '`await asyncio.to_thread(thread.join)`' },
];

export const blockingWaitInAsync: Detector = {
	ruleId: 'blocking-wait-in-async',
	mode: 'in-async',
	trigger: new RegExp(`${TABLE.trigger.source}|\\b(?:${WAITS.map((w) => w.method).join('|')})(?=\\s*\\()`, 'g'),
	detect(node, file) {
		const call = callOf(node);
		if (!call) {
			return undefined;
		}
		const name = qualifiedCallee(call, file);
		const fix = TABLE.fixFor(name);
		if (fix && name) {
			return { node: call, callee: name, instead: fix };
		}
		const receiver = receiverOf(call);
		const wait = WAITS.find((w) => w.method === node.text);
		if (!receiver || !wait) {
			return undefined;
		}
		const facts = file.facts(createPythonFacts);
		// A chained call (`pool.submit(f).result()`) or a name bound to such a call.
		const bound = receiver.type === 'call' ? qualifiedCallee(receiver, file) : boundCallee(file, compact(receiver.text), receiver);
		const isThreadClass = bound !== undefined && facts.threadClasses.has(bound.replace(/^<local>\./, ''));
		if (wait.method === 'run_until_complete' || (bound !== undefined && (wait.boundTo.test(bound) || (wait.method === 'join' && isThreadClass)))) {
			return { node: call, callee: `${compact(receiver.text).slice(0, 24)}.${wait.method}`, instead: wait.instead };
		}
		return undefined;
	},
};
