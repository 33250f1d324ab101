import type { Node } from '@vscode/tree-sitter-wasm';
import { type Detector, type FileContext, type LoopScope, UNBOUNDED_BOUNDS } from '../../languageSupport';
import { CONFIGURED_SET } from '../../loopHelpers';
import { compact, descendantsOf, LIMITER_NAME, parentOf, shorten } from '../../syntaxHelpers';
import { declarationOf, originOf } from './declarations';
import { csharpFacts } from './facts';
import { csharpLoopScope, implicitLoop, iterationsOver } from './loops';
import { describe, methodCall, qualifiedCallee, unwrapExpression } from './symbols';

const INSTEAD =
	'a `SemaphoreSlim(N)` awaited with `WaitAsync()` before each call and released in `finally`, or `Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = N }, …)`';
/** Wrappers that keep the sequence as it is: `.ToList()`, `.ToArray()`. */
const MATERIALIZE = new Set(['ToList', 'ToArray', 'AsEnumerable']);
/** A name that says it holds one chunk of the input, not all of it. */
const ONE_CHUNK = /^(?:chunk|batch|page|slice|window)\d*$|[a-z](?:Chunk|Batch|Page|Slice|Window)\d*$/;

/**
 * `await Task.WhenAll(items.Select(x => FooAsync(x)))` (a lambda, `async` or not, that calls an `…Async`
 * method or a Task method of this file, or a method group such as `Select(http.GetStringAsync)`), a local
 * holding that sequence, and a list filled with `tasks.Add(FooAsync(x))` in a loop over the input: every
 * item's task starts before the first one ends. Quiet for a constant-sized collection, one chunk of the
 * input, and a lambda that waits on a semaphore first.
 */
export const unboundedTaskSpawn: Detector = {
	ruleId: 'unbounded-task-spawn',
	mode: 'per-item',
	trigger: /\bWhenAll(?=\s*[(<])/g,
	fileHint: /\bWhenAll\b/,
	detect(node, file) {
		const call = parentOf(parentOf(node));
		if (call?.type !== 'invocation_expression' || !qualifiedCallee(call, file, (c) => /^Task\.WhenAll$/.test(c))) {
			return undefined;
		}
		const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a?.type === 'argument');
		const first = args.length === 1 ? args[0]?.namedChild(0) : undefined;
		const loop = first ? fanOut(unwrapExpression(first), call, file, 0) : undefined;
		return loop ? { node: call.childForFieldName('function')!, callee: 'Task.WhenAll', instead: INSTEAD, detail: 'a task', loop, atOnce: true } : undefined;
	},
};

function fanOut(sequence: Node, at: Node, file: FileContext, depth: number): LoopScope | undefined {
	if (sequence.type === 'identifier' && depth === 0) {
		const value = declarationOf(sequence.text, at)?.value;
		return (value ? fanOut(unwrapExpression(value), at, file, depth + 1) : undefined) ?? filledInLoop(sequence.text, at, file);
	}
	if (sequence.type !== 'invocation_expression') {
		return undefined;
	}
	const parts = methodCall(sequence);
	if (parts && MATERIALIZE.has(parts.method) && parts.receiver) {
		return fanOut(unwrapExpression(parts.receiver), at, file, depth);
	}
	if (
		parts?.method !== 'Select' ||
		!parts.receiver ||
		ONE_CHUNK.test(compact(parts.receiver.text).split('.').pop() ?? '') ||
		isConfiguredSet(parts.receiver, at)
	) {
		return undefined;
	}
	const arg = sequence
		.childForFieldName('arguments')
		?.namedChildren.find((a) => a?.type === 'argument')
		?.namedChild(0);
	if (!arg) {
		return undefined;
	}
	if (arg.type === 'lambda_expression' || arg.type === 'anonymous_method_expression') {
		const loop = implicitLoop(sequence, file);
		return loop && UNBOUNDED_BOUNDS.has(loop.bound) && startsTask(arg.childForFieldName('body') ?? arg, file) && !waitsForPermit(arg, file) ? loop : undefined;
	}
	// A method group: `urls.Select(http.GetStringAsync)`.
	const group = compact(arg.text).split('.').pop() ?? '';
	if (!isTaskMethod(group, file)) {
		return undefined;
	}
	const loop: LoopScope = {
		node: sequence,
		label: shorten(`${describe(parts.receiver)}.Select(…)`),
		...iterationsOver(parts.receiver, file),
		body: arg,
		implicit: true,
	};
	return UNBOUNDED_BOUNDS.has(loop.bound) ? loop : undefined;
}

/** `tasks.Add(FooAsync(x))` inside a loop over the input, in the method that awaits `tasks`. */
function filledInLoop(list: string, at: Node, file: FileContext): LoopScope | undefined {
	const member = enclosingMethod(at);
	for (const add of member ? descendantsOf(member, 'invocation_expression') : []) {
		const parts = methodCall(add);
		if (parts?.method !== 'Add' || parts.receiver?.text !== list || add.startIndex > at.startIndex) {
			continue;
		}
		const value = add
			.childForFieldName('arguments')
			?.namedChildren.find((a) => a?.type === 'argument')
			?.namedChild(0);
		if (!value || !startsTask(value, file)) {
			continue;
		}
		for (let p = parentOf(add); p && p.id !== member!.id; p = parentOf(p)) {
			const loop = csharpLoopScope(p, file);
			if (loop && !loop.implicit && UNBOUNDED_BOUNDS.has(loop.bound) && !waitsForPermit(loop.body, file)) {
				return loop;
			}
		}
	}
	return undefined;
}

/**
 * The expression starts async work: a call of an `…Async` method or a Task method of this file. (`Task.Run`
 * queues work for the thread pool, whose threads bound it.)
 */
function startsTask(expression: Node, file: FileContext): boolean {
	const calls = expression.type === 'invocation_expression' ? [expression] : [];
	return [...calls, ...descendantsOf(expression, 'invocation_expression')].some((call) => isTaskMethod(methodCall(call)?.method ?? '', file));
}

/**
 * The configured services, providers or plugins (a handful, set up at start-up), not the input: the name of
 * the collection, or of the one it was filtered from (`var applicable = providers.Where(…).ToArray()`).
 */
function isConfiguredSet(receiver: Node, at: Node): boolean {
	const name = compact(receiver.text);
	if (CONFIGURED_SET.test(name)) {
		return true;
	}
	const value = receiver.type === 'identifier' ? declarationOf(name, at)?.value : undefined;
	const source = value ? /^[\w.]+/.exec(compact(value.text))?.[0].replace(/\.\w+$/, '') : undefined;
	return !!source && CONFIGURED_SET.test(source);
}

function isTaskMethod(name: string, file: FileContext): boolean {
	return /.Async$/.test(name) || csharpFacts(file).taskMethods.has(name);
}

/** `await semaphore.WaitAsync()` inside: at most the semaphore's count run at once. */
function waitsForPermit(body: Node, file: FileContext): boolean {
	return descendantsOf(body, 'invocation_expression').some((call) => {
		const parts = methodCall(call);
		const receiver = parts?.receiver;
		return (
			(parts?.method === 'WaitAsync' || parts?.method === 'Wait') &&
			!!receiver &&
			(LIMITER_NAME.test(compact(receiver.text)) || /^Semaphore(?:Slim)?$/.test(originOf(receiver, file)?.type ?? ''))
		);
	});
}

function enclosingMethod(node: Node): Node | undefined {
	for (let p = parentOf(node); p; p = parentOf(p)) {
		if (p.type === 'method_declaration' || p.type === 'local_function_statement' || p.type === 'lambda_expression') {
			return p;
		}
	}
	return undefined;
}
