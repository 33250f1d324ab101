import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { csharpFacts } from './facts';
import { declarationOf, originOf } from './declarations';
import { callOfName, describe, FUNCTION_TYPES, methodCall, simpleTypeName, qualifiedCallee, unwrapExpression } from './symbols';

const AWAIT_TASK = '`await` the task (`await task`, `await Task.WhenAll(…)`)';
const AWAIT_SIGNAL = 'an awaitable signal (`await semaphore.WaitAsync()`, or a `TaskCompletionSource` whose `Task` you `await`)';

/** Task factories and combinators: their value is a task even without an `Async` suffix. */
const TASK_FACTORIES = /^(?:Task\.(?:Run|WhenAll|WhenAny|FromResult|FromException|FromCanceled|Delay)|Task\.Factory\.StartNew)$/;
const TASK_METHODS = new Set(['StartNew', 'ContinueWith']);
const TASK_TYPE = /^(?:Task|ValueTask)$/;
const TASK_NAME = /(?:^_?task|Task)$/;

/** Synchronization primitives whose `Wait`/`WaitOne`/`SignalAndWait` parks the thread. */
const SIGNAL_TYPES = /^(?:ManualResetEventSlim|CountdownEvent|Barrier|ManualResetEvent|AutoResetEvent|EventWaitHandle|Semaphore|Mutex|WaitHandle)$/;

/**
 * Sync-over-async in async code: `.Result`, `.Wait()`, `.GetAwaiter().GetResult()` on tasks, `Task.WaitAll`,
 * and synchronous waits on primitives (`SemaphoreSlim.Wait()`, `WaitOne()`, `Monitor.Wait`, `thread.Join()`):
 * each parks a pool thread that the awaited work, or the code that would signal, may need. A zero
 * timeout (`Wait(0)`, `WaitOne(0)`) only polls and is not flagged.
 */
export const blockingWaitInAsync: Detector = {
	ruleId: 'blocking-wait-in-async',
	mode: 'in-async',
	trigger: /\bResult\b(?!\s*[(<])|\b(?:Wait|WaitOne|WaitAll|WaitAny|GetResult|Join|SignalAndWait)(?=\s*\()/g,
	detect(node, file) {
		if (node.text === 'Result') {
			return resultSite(node, file);
		}
		const call = callOfName(node);
		const parts = call ? methodCall(call) : undefined;
		if (!call || !parts || parts.method !== node.text) {
			return undefined;
		}
		if (qualifiedCallee(call, file, (s) => /^Task\.Wait(?:All|Any)$/.test(s))) {
			return { node: call, callee: `Task.${parts.method}`, instead: `\`await Task.When${parts.method.slice(4)}(…)\`` };
		}
		const signal = qualifiedCallee(call, file, (s) => /^(?:WaitHandle\.(?:WaitAll|WaitAny|SignalAndWait)|Monitor\.Wait)$/.test(s));
		if (signal) {
			return isPoll(call) ? undefined : { node: call, callee: signal, instead: AWAIT_SIGNAL };
		}
		const receiver = parts.receiver;
		if (!receiver || isPoll(call)) {
			return undefined;
		}
		return waitOnReceiver(call, parts.method, receiver, file);
	},
};

function waitOnReceiver(call: Node, method: string, receiver: Node, file: FileContext): Site | undefined {
	const callee = `${describe(receiver)}.${method}`;
	switch (method) {
		case 'GetResult': {
			const awaiter = unwrapExpression(receiver);
			const isAwaiter = awaiter.type === 'invocation_expression' && methodCall(awaiter)?.method === 'GetAwaiter';
			return isAwaiter ? { node: call, callee: `${describeAwaited(awaiter)}.GetAwaiter().GetResult`, instead: AWAIT_TASK } : undefined;
		}
		case 'Wait': {
			if (isTaskValued(receiver, file)) {
				return alreadyCompleted(receiver, call) ? undefined : { node: call, callee, instead: AWAIT_TASK };
			}
			const type = originOf(receiver, file)?.type ?? '';
			if (type === 'SemaphoreSlim') {
				return { node: call, callee, instead: '`await semaphore.WaitAsync()`' };
			}
			return SIGNAL_TYPES.test(type) ? { node: call, callee, instead: AWAIT_SIGNAL } : undefined;
		}
		case 'WaitOne':
			// Only wait handles have `WaitOne`.
			return { node: call, callee, instead: AWAIT_SIGNAL };
		case 'SignalAndWait':
			return originOf(receiver, file)?.type === 'Barrier' ? { node: call, callee, instead: AWAIT_SIGNAL } : undefined;
		case 'Join':
			return originOf(receiver, file)?.type === 'Thread'
				? { node: call, callee, instead: '`await` a `Task` (`await Task.Run(…)`) instead of joining a thread' }
				: undefined;
	}
	return undefined;
}

function describeAwaited(getAwaiter: Node): string {
	const receiver = methodCall(getAwaiter)?.receiver;
	return receiver ? describe(receiver) : '…';
}

/** `.Result` read on a task (not a property of that name on some other type, not an assignment target). */
function resultSite(name: Node, file: FileContext): Site | undefined {
	const access = parentOf(name);
	if (!access || access.childForFieldName('name')?.id !== name.id) {
		return undefined;
	}
	let receiver: Node | null | undefined;
	let site: Node = access;
	if (access.type === 'member_access_expression') {
		receiver = access.childForFieldName('expression');
	} else if (access.type === 'member_binding_expression' && parentOf(access)?.type === 'conditional_access_expression') {
		site = parentOf(access)!;
		receiver = site.childForFieldName('condition');
	}
	const holder = parentOf(site);
	const isWritten = holder?.type === 'assignment_expression' && holder.childForFieldName('left')?.id === site.id;
	if (!receiver || isWritten || !isTaskValued(receiver, file) || alreadyCompleted(receiver, site)) {
		return undefined;
	}
	return { node: site, callee: `${describe(receiver)}.Result`, instead: AWAIT_TASK };
}

/**
 * Whether an expression is evidently a task: a call to an `…Async` method or a task factory, a variable
 * declared as (or assigned from) one, an element of a task collection, or a name that says so (`task`,
 * `loadTask`, `tcs.Task`) when nothing declares it otherwise.
 */
function isTaskValued(expression: Node, file: FileContext): boolean {
	const node = unwrapExpression(expression);
	if (node.type === 'invocation_expression') {
		return isTaskCall(node, file);
	}
	if (node.type === 'object_creation_expression') {
		return TASK_TYPE.test(simpleTypeName(node.childForFieldName('type')?.text ?? ''));
	}
	if (node.type === 'element_access_expression') {
		const collection = node.childForFieldName('expression');
		const origin = collection ? originOf(collection, file) : undefined;
		return /\b(?:Value)?Task\b/.test(origin?.typeText ?? '') || (!origin && /tasks$/i.test(collection?.text ?? ''));
	}
	if (node.type !== 'identifier' && node.type !== 'member_access_expression') {
		return false;
	}
	const origin = originOf(node, file);
	if (origin?.type) {
		return TASK_TYPE.test(origin.type) && !/\[\s*\]\s*$/.test(origin.typeText ?? '');
	}
	if (origin?.awaited) {
		return false;
	}
	const method = origin?.method ?? '';
	if (origin?.call && (/Async$/.test(method) || TASK_FACTORIES.test(origin.call) || TASK_METHODS.has(method) || csharpFacts(file).taskMethods.has(method))) {
		return true;
	}
	const last = compact(node.text).split('.').pop() ?? '';
	return TASK_NAME.test(last);
}

function isTaskCall(call: Node, file: FileContext): boolean {
	const parts = methodCall(call);
	if (!parts) {
		return false;
	}
	return (
		/Async$/.test(parts.method) ||
		TASK_METHODS.has(parts.method) ||
		csharpFacts(file).taskMethods.has(parts.method) ||
		qualifiedCallee(call, file, (c) => TASK_FACTORIES.test(c)) !== undefined
	);
}

/**
 * A task already awaited (`await task`, `await Task.WhenAll(t1, t2)`), waited for (`task.Wait()`,
 * `Task.WaitAll(…)`, themselves flagged) or checked (`task.IsCompleted`) earlier in the same method has its
 * result ready: reading `.Result` then does not block.
 */
function alreadyCompleted(receiver: Node, site: Node): boolean {
	const root = rootName(receiver);
	if (!root) {
		return false;
	}
	let member: Node | undefined;
	for (let p = parentOf(site); p; p = parentOf(p)) {
		if (FUNCTION_TYPES.has(p.type)) {
			member = p;
		}
	}
	if (!member) {
		return false;
	}
	// For a loop variable or lambda parameter, awaiting the collection (`await Task.WhenAll(tasks)`) counts too.
	const items = declarationOf(root, site)?.items;
	const collection = items ? rootName(items) : undefined;
	const word = new RegExp(`\\b(?:${root}${collection ? `|${collection}` : ''})\\b`);
	const before = (n: Node | null): n is Node => !!n && n.endIndex <= site.startIndex;
	if (member.descendantsOfType('await_expression').some((a) => before(a) && word.test(a.text))) {
		return true;
	}
	// `task.Wait()`, `Task.WaitAll(…, task)`, `task.RunSynchronously()`: flagged themselves, and the task is done after them.
	return member.descendantsOfType('member_access_expression').some((a) => {
		if (!before(a) || (rootName(a.childForFieldName('expression')!) !== root && !/^Task\.WaitAll$/.test(a.text))) {
			return false;
		}
		const name = a.childForFieldName('name')?.text ?? '';
		if (/^IsCompleted(?:Successfully)?$|^Status$/.test(name)) {
			return true;
		}
		const call = parentOf(a)?.type === 'invocation_expression' ? parentOf(a) : undefined;
		return !!call && /^(?:Wait|RunSynchronously|WaitAll)$/.test(name) && (name !== 'WaitAll' || word.test(call.childForFieldName('arguments')?.text ?? ''));
	});
}

/** The variable an expression reads: `t` in `t`, `this.t`, `tasks[0]`. */
function rootName(expression: Node): string | undefined {
	let n = unwrapExpression(expression);
	if (n.type === 'element_access_expression') {
		n = unwrapExpression(n.childForFieldName('expression') ?? n);
	}
	const text = compact(n.text).replace(/^this\./, '');
	return /^@?\w+$/.test(text) ? text.replace(/^@/, '') : undefined;
}

/** `Wait(0)`, `WaitOne(0)`, `Wait(TimeSpan.Zero)`: a poll that returns at once. */
function isPoll(call: Node): boolean {
	const args = compact(call.childForFieldName('arguments')?.text ?? '');
	return /^\((?:0|TimeSpan\.Zero)(?:,|\))/.test(args);
}
