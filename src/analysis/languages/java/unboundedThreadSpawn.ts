import type { Node } from '@vscode/tree-sitter-wasm';
import { wordsTrigger } from '../../callTable';
import type { Detector, Site } from '../../languageSupport';
import { compact, parentOf, parentSkippingParens } from '../../syntaxHelpers';
import { chainEnd, creationOf, invocationOf, isExecutorsCall, receiverText } from './calls';
import { createJavaFacts, type JavaFacts } from './facts';

const THREAD = 'submit the task to a fixed pool created once (`Executors.newFixedThreadPool(n)`) — or, on Java 21+, a virtual-thread executor for blocking I/O';
const PROCESS =
	'bound how many run at once: take a `Semaphore` permit before `start()` and release it when the process exits (`process.onExit()`), or launch them from a fixed pool (`Executors.newFixedThreadPool(n)`)';
const POOL = 'create the pool once (a field, or before the loop) and submit every task to it: a pool per iteration or per request starts new threads each time';
const TIMER = 'schedule every task on one `ScheduledExecutorService` created once (`Executors.newScheduledThreadPool(n)`)';

/** Executors factories whose pool, made per iteration, starts new threads per iteration (cached pools have their own rule). */
const EXECUTOR_FACTORIES = /^(?:newSingleThreadExecutor|newFixedThreadPool|newScheduledThreadPool|newSingleThreadScheduledExecutor|newWorkStealingPool)$/;
const POOL_CLASSES = /^(?:ThreadPoolExecutor|ScheduledThreadPoolExecutor|ForkJoinPool)$/;
/** Methods that take a `Thread` object as a plain Runnable or a hook: nothing starts now. */
const NOT_STARTED = /^(?:submit|execute|schedule\w*|invokeAll|invokeAny|addShutdownHook|removeShutdownHook)$/;

/**
 * Platform threads (`new Thread`, `Thread.ofPlatform()…start`, this file's `Thread` subclasses), processes
 * (`ProcessBuilder.start`, `Runtime.exec`), `java.util.Timer`s and whole thread pools, started per item or
 * per request. Virtual threads (`Thread.ofVirtual()`, `startVirtualThread`, a virtual-thread executor) are
 * deliberately left out: they cost about as much as a goroutine, not a megabyte of stack.
 */
export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: wordsTrigger([
		'Thread',
		'Timer',
		'ProcessBuilder',
		'ofPlatform',
		'exec',
		'newSingleThreadExecutor',
		'newFixedThreadPool',
		'newScheduledThreadPool',
		'newSingleThreadScheduledExecutor',
		'newWorkStealingPool',
		'ThreadPoolExecutor',
		'ScheduledThreadPoolExecutor',
		'ForkJoinPool',
	]),
	fileTrigger(file) {
		const facts = file.facts(createJavaFacts);
		const alternatives: string[] = [];
		if (facts.threadClasses.size) {
			alternatives.push(`\\b(?:${[...facts.threadClasses].join('|')})\\b(?=\\s*[(<])`);
		}
		if (facts.processBuilders.size) {
			alternatives.push(`(?<=\\b(?:${[...facts.processBuilders].join('|')})\\s*\\.\\s*)start(?=\\s*\\()`);
		}
		return alternatives.length ? new RegExp(alternatives.join('|'), 'g') : undefined;
	},
	detect(node, file) {
		const facts = file.facts(createJavaFacts);
		const creation = creationOf(node);
		if (creation) {
			return creationSite(creation, node.text, facts);
		}
		const call = invocationOf(node);
		return call ? invocationSite(call, node.text, facts) : undefined;
	},
};

function creationSite(creation: Node, type: string, facts: JavaFacts): Site | undefined {
	if ((type === 'Thread' && facts.threadIsJavaLang) || facts.threadClasses.has(type)) {
		const holder = parentSkippingParens(creation);
		const call = holder?.type === 'argument_list' ? parentOf(holder) : undefined;
		if (call?.type === 'method_invocation' && NOT_STARTED.test(call.childForFieldName('name')?.text ?? '')) {
			return undefined;
		}
		// `new Thread(r).run()` runs `r` right here; no thread starts.
		if (holder?.type === 'method_invocation' && holder.childForFieldName('object')?.id === creation.id && holder.childForFieldName('name')?.text === 'run') {
			return undefined;
		}
		return { node: startedHere(creation) ?? creation, callee: `new ${type}`, instead: THREAD };
	}
	if (type === 'Timer' && (facts.timerIsUtil || /^java\.util\.Timer$/.test(compact(creation.childForFieldName('type')?.text ?? '')))) {
		return { node: creation, callee: 'new Timer', instead: TIMER, detail: 'a timer thread' };
	}
	if (type === 'ProcessBuilder') {
		const start = chainEnd(creation, /^start$/);
		return start ? { node: start, callee: 'ProcessBuilder.start', instead: PROCESS, detail: 'a new process' } : undefined;
	}
	if (POOL_CLASSES.test(type)) {
		return { node: creation, callee: `new ${type}`, instead: POOL, detail: 'a new thread pool' };
	}
	return undefined;
}

function invocationSite(call: Node, name: string, facts: JavaFacts): Site | undefined {
	const receiver = receiverText(call);
	if (name === 'exec' && (/^(?:java\.lang\.)?Runtime\.getRuntime\(\)$/.test(receiver) || facts.runtimes.has(receiver))) {
		return { node: call, callee: 'Runtime.exec', instead: PROCESS, detail: 'a new process' };
	}
	if (name === 'start' && facts.processBuilders.has(receiver)) {
		return { node: call, callee: 'ProcessBuilder.start', instead: PROCESS, detail: 'a new process' };
	}
	if (name === 'ofPlatform' && /^(?:java\.lang\.)?Thread$/.test(receiver) && facts.threadIsJavaLang) {
		const start = chainEnd(call, /^(?:start|unstarted)$/);
		return start ? { node: start, callee: `Thread.ofPlatform().${start.childForFieldName('name')?.text}`, instead: THREAD } : undefined;
	}
	if (EXECUTOR_FACTORIES.test(name) && isExecutorsCall(call, facts)) {
		return { node: call, callee: `Executors.${name}`, instead: POOL, detail: 'a new thread pool' };
	}
	return undefined;
}

/** `new Thread(…).start()`: the whole expression, so the range covers where the thread starts. */
function startedHere(creation: Node): Node | undefined {
	const parent = parentSkippingParens(creation);
	return parent?.type === 'method_invocation' &&
		parent.childForFieldName('object')?.id === creation.id &&
		compact(parent.childForFieldName('name')?.text ?? '') === 'start'
		? parent
		: undefined;
}
