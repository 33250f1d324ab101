import type { Node } from '@vscode/tree-sitter-wasm';
import { wordsTrigger } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, shorten } from '../../syntaxHelpers';
import { argumentsOf, creationOf, invocationOf, isExecutorsCall } from './calls';
import { createJavaFacts } from './facts';
import { limitIterationsOf } from './loops';

const INSTEAD =
	'give it a fixed size and let the queue absorb the load: `Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())` for CPU work, a small constant for blocking I/O';

/** Executors factories that take the pool size as their first argument. */
const SIZED_FACTORIES = /^(?:newFixedThreadPool|newScheduledThreadPool|newWorkStealingPool)$/;
/** Queues without a capacity: with one, a ThreadPoolExecutor never grows past its core size. */
const UNBOUNDED_QUEUE = /^new(?:LinkedBlockingQueue|LinkedBlockingDeque|LinkedTransferQueue|PriorityBlockingQueue|DelayQueue)(?:<[^>]*>)?\(\)$/;

/**
 * Pools that grow with the load: `Executors.newCachedThreadPool()`, a pool sized by the input
 * (`newFixedThreadPool(urls.size())`), and a `ThreadPoolExecutor` whose maximum is `Integer.MAX_VALUE`
 * in front of a queue that hands off rather than holds (a capacity-free queue caps it at the core size).
 */
export const unboundedThreadPool: Detector = {
	ruleId: 'unbounded-thread-pool',
	mode: 'anywhere',
	trigger: wordsTrigger([
		'newCachedThreadPool',
		'newFixedThreadPool',
		'newScheduledThreadPool',
		'newWorkStealingPool',
		'ThreadPoolExecutor',
		'ScheduledThreadPoolExecutor',
		'ForkJoinPool',
	]),
	detect(node, file) {
		const creation = creationOf(node);
		if (creation) {
			return constructedPool(creation, node.text, file);
		}
		const call = invocationOf(node);
		if (!call || !isExecutorsCall(call, file.facts(createJavaFacts))) {
			return undefined;
		}
		const callee = `Executors.${node.text}`;
		if (node.text === 'newCachedThreadPool') {
			return { node: call, callee, instead: INSTEAD, detail: 'a new thread whenever none is idle' };
		}
		const size = argumentsOf(call)[0];
		return SIZED_FACTORIES.test(node.text) && size && sizedByInput(size, file)
			? { node: call, callee, instead: INSTEAD, detail: `sized by \`${shorten(size.text, 40)}\`` }
			: undefined;
	},
};

function constructedPool(creation: Node, type: string, file: FileContext): Site | undefined {
	const args = argumentsOf(creation);
	const callee = `new ${type}`;
	if (type === 'ThreadPoolExecutor' && args.length >= 5) {
		const maximum = compact(args[1].text);
		if (/^(?:Integer\.MAX_VALUE|0x7fffffff)$/.test(maximum) && !UNBOUNDED_QUEUE.test(compact(args[4].text))) {
			return { node: creation, callee, instead: INSTEAD, detail: 'its maximum is `Integer.MAX_VALUE`' };
		}
		const sized = [args[0], args[1]].find((a) => sizedByInput(a, file));
		return sized ? { node: creation, callee, instead: INSTEAD, detail: `sized by \`${shorten(sized.text, 40)}\`` } : undefined;
	}
	if ((type === 'ScheduledThreadPoolExecutor' || type === 'ForkJoinPool') && args[0] && sizedByInput(args[0], file)) {
		return { node: creation, callee, instead: INSTEAD, detail: `sized by \`${shorten(args[0].text, 40)}\`` };
	}
	return undefined;
}

/** `urls.size()`, `args.length`, `n` after `int n = tasks.size()`; `Math.min(…, 8)` is capped. */
function sizedByInput(size: Node, file: FileContext): boolean {
	return !/^Math\.min\(/.test(compact(size.text)) && limitIterationsOf(size, file).bound === 'input';
}
