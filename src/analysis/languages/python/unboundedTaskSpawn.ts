import type { Node } from '@vscode/tree-sitter-wasm';
import { contains } from '../../engine';
import { type Detector, type FileContext, type LoopScope, type Site, UNBOUNDED_BOUNDS } from '../../languageSupport';
import { isConfiguredSet } from '../../loopHelpers';
import {
	closest,
	compact,
	containsAwait,
	descendantsOf,
	type Iterations,
	LIMITER_NAME,
	nodeAt,
	ownDescendants,
	parentOf,
	remembered,
	shorten,
	unwrapParens,
} from '../../syntaxHelpers';
import {
	boundCallee,
	callOf,
	createPythonFacts,
	declaredType,
	isPythonFunction,
	iterations,
	localNameTrigger,
	pythonSyntax,
	qualifiedCallee,
	receiverOf,
} from './syntax';

const INSTEAD =
	'hold an `asyncio.Semaphore(N)` around each call (`async with sem: return await fetch(url)`), or start a bounded pool of N worker tasks that take the items from an `asyncio.Queue`';

/** Calls that start every awaitable of a collection at once. */
const FAN_OUTS = new Set(['asyncio.gather', 'asyncio.as_completed']);
/** The module functions that start one task. */
const STARTERS = new Set(['asyncio.create_task', 'asyncio.ensure_future']);
const LOOP_GETTERS = /^asyncio\.(?:get_running_loop|get_event_loop|new_event_loop)$/;
const TASK_GROUP = /^asyncio\.(?:taskgroups\.)?TaskGroup$/;
/** `loop.create_task(…)`, `self._loop.create_task(…)`: by name, the event loop. */
const LOOP_NAME = /^(?:(?:self|cls)\.)?_*(?:event_?)?loop$/;
/** asyncio calls that wrap the awaitable they are given: new work only when that is a call made here. */
const WRAPPERS = /^asyncio\.(?:wait_for|shield|ensure_future|create_task)$/;
/** What bounds the work held around it: a semaphore, a lock, a capacity limiter, a rate limiter. */
const LIMITER_TYPE = /(?:^|\.)(?:Semaphore|BoundedSemaphore|Lock|Condition|CapacityLimiter|AsyncLimiter|Limiter)$/;
const LOCK_NAME = /(?:^|[._])(?:lock|mutex)\w*$/i;
const STRICT_LIMITER_NAME = /(?:^|[._])(?:sem|sema|semaphore|limit|limiter|throttle|throttler|permits|pool)$/i;
/** Making a limiter: a semaphore, a capacity or rate limiter, a connection pool with a limit. */
const LIMITER_CREATED = /^(?:[\w.]*\.)?(?:Semaphore|BoundedSemaphore|CapacityLimiter|AsyncLimiter|Limits)\s*\(|^(?:[\w.]*\.)?TCPConnector\s*\([^)]*\blimit\s*=/;
/** Work handed to an executor's fixed set of threads: its size bounds it. */
const OFFLOADS = /^(?:asyncio\.to_thread|anyio\.to_thread\.run_sync|trio\.to_thread\.run_sync)$|(?:^|\.)run_in_executor$/;
/** Loading plugins: `load_plugin(name)`, `self.get_plugins(…)`. */
const PLUGIN_LOAD = /(?:^|\.)_?(?:get|load|import|resolve)_plugins?$/;
const QUEUE_TYPE = /^asyncio\.(?:Queue|PriorityQueue|LifoQueue)$/;
const QUEUE_NAME = /(?:^|[._])(?:\w*queue|q)$/i;
/** Collections cut into pieces of a constant size: `for batch in chunked(items, 10)`, `batched(…)`. */
const CHUNKING = /(?:chunk|batch|partition|window|paginat)\w*$/i;
/** A name that says it holds one chunk (`batch`, `url_chunk`), not the list of them (`batches`). */
const ONE_CHUNK = /(?:^|_)(?:chunk|batch|slice|window)\d*$|[a-z](?:Chunk|Batch|Slice|Window)\d*$|^(?:chunk|batch|slice|window)_/;
const COMPREHENSIONS = new Set(['generator_expression', 'list_comprehension', 'set_comprehension']);
const FUNCTION_DEFINITION = new Set(['function_definition']);

/**
 * asyncio's fan-out: `asyncio.gather(*(fetch(u) for u in urls))` (or `*[…]`, `*map(fetch, urls)`, a list of
 * coroutines built just before), and `asyncio.create_task` / `ensure_future` / `loop.create_task` /
 * `tg.create_task` once per item of a `for` loop or comprehension. Each starts every item's work at once.
 * Not findings: a collection that is a small literal, a constant count, a configured set or one chunk; work
 * that holds a semaphore or lock, or is a worker reading a queue; a task awaited in its own iteration.
 */
export const unboundedTaskSpawn: Detector = {
	ruleId: 'unbounded-task-spawn',
	mode: 'per-item',
	trigger: /\b(?:gather|as_completed|create_task|ensure_future)(?=\s*\()/g,
	// Every form is asyncio's, through an import or a loop it hands out.
	fileHint: /\basyncio\b/,
	// Aliases of the starters, and `coros.append(fetch(u))` where the file gathers: the `gather(*coros)`
	// statement, which the screen keeps, has the whole file parsed.
	fileTrigger: (file) => {
		const aliases = localNameTrigger(file, (q) => FAN_OUTS.has(q) || STARTERS.has(q));
		const appends = /\bgather\s*\(/.test(file.text) ? String.raw`\bappend(?=\s*\()` : undefined;
		const sources = [aliases?.source, appends].filter((x) => x !== undefined);
		return sources.length ? new RegExp(sources.join('|'), 'g') : undefined;
	},
	// `gather(*map(fetch, urls))` and `gather(*coros)` repeat with no `for` in the statement.
	statementHint: /\bmap\s*\(|\*\s*[A-Za-z_([]/,
	wholeFile: true,
	detect(node, file) {
		const call = callOf(node);
		if (!call) {
			return undefined;
		}
		if (node.text === 'append' && receiverOf(call)) {
			return appendSite(call, file);
		}
		const name = qualifiedCallee(call, file);
		if (name && FAN_OUTS.has(name)) {
			return fanOutSite(call, name, file);
		}
		return startsTask(call, node, name, file) ? taskSite(call, name ?? `${compact(receiverOf(call)!.text)}.create_task`, file) : undefined;
	},
};

// --- asyncio.gather(*(… for … in …))

function fanOutSite(call: Node, name: string, file: FileContext): Site | undefined {
	const args = argumentsOf(call);
	// gather spreads its awaitables (`*coros`); as_completed takes the collection itself.
	const collections = args.flatMap((a) => {
		if (!a) {
			return [];
		}
		if (name === 'asyncio.gather') {
			return a.type === 'list_splat' && a.namedChild(0) ? [unwrapParens(a.namedChild(0)!)] : [];
		}
		return a === args[0] && a.type !== 'keyword_argument' ? [unwrapParens(a)] : [];
	});
	for (const collection of collections) {
		const fanOut = fanOutOf(collection, call, file);
		if (fanOut) {
			const work = shorten(compact(fanOut.callee.text), 32);
			return { node: call.childForFieldName('function')!, callee: name, instead: INSTEAD, detail: `\`${work}(…)\``, loop: fanOut.loop };
		}
	}
	return undefined;
}

interface FanOut {
	loop: LoopScope;
	/** The function whose calls start the work: `fetch` in `fetch(u) for u in urls` or `map(fetch, urls)`. */
	callee: Node;
}

/** The unbounded loop that makes one awaitable per item in what gather spreads, and the work it starts. */
function fanOutOf(collection: Node, at: Node, file: FileContext, depth = 0): FanOut | undefined {
	if (COMPREHENSIONS.has(collection.type)) {
		const loop = pythonSyntax.loopScope(collection, file);
		const element = collection.childForFieldName('body');
		const work = element ? workOf(unwrapParens(element), file) : undefined;
		if (!loop || !work) {
			return undefined;
		}
		const judged = judgeLoop(loop, file);
		return judged && !workIsBounded(work.callee, work.call, judged, file) ? { loop: judged, callee: work.callee } : undefined;
	}
	if (collection.type === 'call' && isBuiltinMap(collection, file)) {
		const [fn, iterable] = argumentsOf(collection);
		if (!fn || !iterable || fn.type === 'keyword_argument' || iterable.type === 'keyword_argument') {
			return undefined;
		}
		const lambda = fn.type === 'lambda' ? fn.childForFieldName('body') : undefined;
		const work: { callee: Node; call?: Node } | undefined = lambda
			? workOf(unwrapParens(lambda), file)
			: fn.type === 'identifier' || fn.type === 'attribute'
				? { callee: fn }
				: undefined;
		if (!work || (work.call === undefined && WRAPPERS.test(qualifiedName(fn, file)))) {
			return undefined;
		}
		const loop: LoopScope = { node: collection, label: shorten(collection.text), ...iterations(iterable), body: fn, implicit: true };
		const judged = judgeLoop(loop, file, iterable);
		return judged && !workIsBounded(work.callee, work.call, judged, file) ? { loop: judged, callee: work.callee } : undefined;
	}
	// `coros = [fetch(u) for u in urls]` … `gather(*coros)`.
	if (collection.type === 'identifier' && depth === 0) {
		const value = localValue(collection.text, at, file);
		return value && (COMPREHENSIONS.has(value.type) || value.type === 'call') ? fanOutOf(unwrapParens(value), at, file, depth + 1) : undefined;
	}
	return undefined;
}

/** `map(f, xs)`, and `list(map(f, xs))`: the builtin, not a function of this file. */
function isBuiltinMap(call: Node, file: FileContext): boolean {
	return qualifiedCallee(call, file) === 'map';
}

/**
 * The work an element starts: a call that makes a new coroutine (`fetch(u)`, `session.get(u)`), looking
 * through asyncio's wrappers (`wait_for(fetch(u), 5)`). Undefined for an awaitable that already exists (a
 * name, `t.wait()` on an item is judged with the loop), and for a task start (that detector's own site).
 */
function workOf(element: Node, file: FileContext): { callee: Node; call: Node } | undefined {
	if (element.type !== 'call') {
		return undefined;
	}
	const callee = element.childForFieldName('function');
	if (!callee) {
		return undefined;
	}
	const name = qualifiedName(callee, file);
	if (STARTERS.has(name) || /\.create_task$/.test(compact(callee.text))) {
		return undefined;
	}
	if (WRAPPERS.test(name)) {
		const inner = argumentsOf(element)[0];
		return inner ? workOf(unwrapParens(inner), file) : undefined;
	}
	return { callee, call: element };
}

/** A call's arguments, without the comments between them. */
function argumentsOf(call: Node): Node[] {
	return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

function qualifiedName(callee: Node, file: FileContext): string {
	const call = parentOf(callee);
	return (call?.type === 'call' ? qualifiedCallee(call, file) : undefined) ?? compact(callee.text);
}

// --- coros.append(fetch(u)) in a loop, then gather(*coros)

function appendSite(call: Node, file: FileContext): Site | undefined {
	const list = compact(receiverOf(call)!.text);
	const args = argumentsOf(call);
	const work = args.length === 1 && args[0] ? workOf(unwrapParens(args[0]), file) : undefined;
	if (!work) {
		return undefined;
	}
	const loop = repeatingLoop(call, work, file);
	const gather = loop ? gatheredAfter(list, loop.node, file) : undefined;
	if (!loop || !gather) {
		return undefined;
	}
	const detail = `\`${shorten(compact(work.callee.text), 32)}(…)\``;
	return { node: work.call, callee: gather, instead: INSTEAD, detail, loop };
}

/** `await asyncio.gather(*coros)` after the loop, in the same function: the fan-out that starts them all. */
function gatheredAfter(list: string, loop: Node, file: FileContext): string | undefined {
	const scope = closest(loop, FUNCTION_DEFINITION)?.childForFieldName('body') ?? file.root;
	for (const call of ownDescendants(scope, 'call', isPythonFunction)) {
		const name = call.startIndex >= loop.endIndex ? qualifiedCallee(call, file) : undefined;
		const args = name && FAN_OUTS.has(name) ? argumentsOf(call) : [];
		const spread = (a: Node | null) =>
			name === 'asyncio.gather' ? a?.type === 'list_splat' && compact(a.namedChild(0)?.text ?? '') === list : a === args[0] && compact(a?.text ?? '') === list;
		if (args.some(spread)) {
			return name;
		}
	}
	return undefined;
}

// --- create_task / ensure_future once per item

function startsTask(call: Node, node: Node, name: string | undefined, file: FileContext): boolean {
	if (name && STARTERS.has(name)) {
		return true;
	}
	const receiver = receiverOf(call);
	if (!receiver || node.text !== 'create_task') {
		return false;
	}
	const text = compact(receiver.text);
	if (receiver.type === 'call') {
		return LOOP_GETTERS.test(qualifiedCallee(receiver, file) ?? '');
	}
	const bound = boundCallee(file, text, receiver) ?? declaredType(file, receiver, call) ?? '';
	return LOOP_GETTERS.test(bound) || TASK_GROUP.test(bound) || /^asyncio\.(?:\w+\.)?(?:AbstractEventLoop|BaseEventLoop)$/.test(bound) || LOOP_NAME.test(text);
}

function taskSite(call: Node, callee: string, file: FileContext): Site | undefined {
	const coroutine = argumentsOf(call)[0];
	// `create_task(coro)` of a coroutine made elsewhere starts what its caller made; only a call made here
	// is new work per item.
	const work = coroutine ? workOf(unwrapParens(coroutine), file) : undefined;
	if (!work) {
		return undefined;
	}
	const loop = repeatingLoop(call, work, file);
	return loop ? { node: call, callee, instead: INSTEAD, loop } : undefined;
}

/**
 * The loop whose every iteration starts another task at `spawn` while the earlier ones still run: the
 * nearest enclosing `for` or comprehension over an unbounded collection. None when the task is awaited
 * in its own iteration, started in a TaskGroup or under a limiter that the iteration leaves, or when the
 * loop waits (for the tasks, or anything else) before it starts the next one.
 */
function repeatingLoop(spawn: Node, work: { callee: Node; call: Node }, file: FileContext): LoopScope | undefined {
	let loopsSeen = 0;
	for (let n = parentOf(spawn); n && !isPythonFunction(n); n = parentOf(n)) {
		if (n.type === 'await' && loopsSeen === 0) {
			return undefined;
		}
		if (n.type === 'with_statement' && withHoldsLimit(n, file)) {
			return undefined;
		}
		const loop = n.type === 'while_statement' ? undefined : pythonSyntax.loopScope(n, file);
		if (!loop || !contains(loop.body, spawn)) {
			continue;
		}
		loopsSeen++;
		if (ownDescendants(loop.body, 'await', isPythonFunction).some((a) => !contains(spawn, a))) {
			return undefined; // paced: the loop waits for something before the next task
		}
		const judged = judgeLoop(loop, file);
		if (judged) {
			return workIsBounded(work.callee, work.call, judged, file) ? undefined : judged;
		}
	}
	return undefined;
}

/**
 * `async with sem:`, `with lock:` (a limiter held), and with `groups`, `async with asyncio.TaskGroup() as
 * tg:` (its tasks end with the block).
 */
function withHoldsLimit(statement: Node, file: FileContext, groups = true): boolean {
	const clause = statement.namedChildren.find((c) => c?.type === 'with_clause');
	return (clause?.namedChildren ?? []).some((item) => {
		const value = item?.childForFieldName('value');
		const target = value?.type === 'as_pattern' ? value.namedChild(0) : value;
		const group = groups && target?.type === 'call' && TASK_GROUP.test(qualifiedCallee(target, file) ?? '');
		return !!target && (group || isLimiter(target, file));
	});
}

// --- Loops

/**
 * The loop with its bound read more closely than the engine's `for` header: a name bound to a small
 * literal, one chunk of a collection (a slice, a `batch` of `chunked(…)`), a configured set. Undefined when
 * that makes it bounded.
 */
function judgeLoop(loop: LoopScope, file: FileContext, iterable = iterableOf(loop.node)): LoopScope | undefined {
	if (!UNBOUNDED_BOUNDS.has(loop.bound)) {
		return undefined;
	}
	if (loop.bound !== 'input' || !iterable) {
		return loop;
	}
	const refined = collectionIterations(iterable, file, 0);
	return UNBOUNDED_BOUNDS.has(refined.bound) ? { ...loop, ...refined } : undefined;
}

function iterableOf(loop: Node): Node | undefined {
	const clause = COMPREHENSIONS.has(loop.type) ? loop.namedChildren.find((c) => c?.type === 'for_in_clause') : loop;
	return clause?.childForFieldName('right') ?? undefined;
}

function collectionIterations(collection: Node, file: FileContext, depth: number): Iterations {
	const node = unwrapParens(collection);
	if (COMPREHENSIONS.has(node.type) || node.type === 'dictionary_comprehension') {
		return (depth < 4 && comprehensionIterations(node, file, depth)) || { bound: 'input', source: node.text };
	}
	const base = iterations(node);
	if (base.bound !== 'input') {
		return base;
	}
	const input = { bound: 'input' as const, source: base.source };
	if (node.type === 'call') {
		const callee = compact(node.childForFieldName('function')?.text ?? '');
		const first = argumentsOf(node)[0];
		if (/(?:^|\.)islice$/.test(callee)) {
			return { bound: 'count' }; // `islice(it, 10)`
		}
		return first && first.type !== 'keyword_argument' && /^(?:enumerate|sorted|reversed|list|tuple|set)$/.test(callee) && depth < 4
			? collectionIterations(first, file, depth + 1)
			: input;
	}
	// `items[i:i + 10]`, `urls[:MAX]`: a slice with an end is one chunk.
	if (node.type === 'subscript') {
		const slice = node.childForFieldName('subscript');
		return slice?.type === 'slice' && /:\s*[^:\s]/.test(slice.text) && !/\blen\s*\(/.test(slice.text) ? { bound: 'count' } : input;
	}
	const last = node.type === 'attribute' ? (node.childForFieldName('attribute')?.text ?? '') : node.type === 'identifier' ? node.text : '';
	if (last && (isConfiguredSet(last, /_(?:names|ids|keys|list)$/) || ONE_CHUNK.test(last))) {
		return { bound: 'count' };
	}
	if (node.type !== 'identifier' || depth >= 4) {
		return input;
	}
	const chunked = chunkLoopOf(node);
	if (chunked) {
		return { bound: 'count' };
	}
	const value = localValue(node.text, node, file);
	return value ? collectionIterations(value, file, depth + 1) : input;
}

/** A comprehension is as long as what its first `for` runs over: `[f"x{i}" for i in range(10)]` is ten. */
function comprehensionIterations(comprehension: Node, file: FileContext, depth: number): Iterations | undefined {
	const iterable = iterableOf(comprehension);
	return iterable ? collectionIterations(iterable, file, depth + 1) : undefined;
}

/** `for group in chunked(urls, 10)` around a use of `group`: the loop variable is one chunk. */
function chunkLoopOf(name: Node): boolean {
	for (let n = parentOf(name); n && !isPythonFunction(n); n = parentOf(n)) {
		if (n.type !== 'for_statement') {
			continue;
		}
		const left = n.childForFieldName('left');
		const right = n.childForFieldName('right');
		if (left && right && left.text.split(/[\s,()]+/).includes(name.text) && right.type === 'call') {
			return CHUNKING.test(compact(right.childForFieldName('function')?.text ?? ''));
		}
	}
	return false;
}

/**
 * The value `name` was last given before `at`: in the enclosing function, else at module level. Only plain
 * `name = value` assignments; anything else is unknown.
 */
function localValue(name: string, at: Node, file: FileContext): Node | undefined {
	const fn = closest(at, FUNCTION_DEFINITION);
	const body = fn?.childForFieldName('body');
	if (body) {
		const assigned = assignmentsIn(body, name).filter((a) => a.endIndex <= at.startIndex);
		if (assigned.length) {
			return assigned[assigned.length - 1].childForFieldName('right') ?? undefined;
		}
		if (bindsName(fn!, name)) {
			return undefined; // a parameter, or assigned after `at`
		}
	}
	const top = remembered(file.root, localValue, (root) =>
		root.namedChildren.flatMap((s) => (s?.type === 'expression_statement' && s.namedChild(0)?.type === 'assignment' ? [s.namedChild(0)!] : [])),
	).filter((a) => a.childForFieldName('left')?.text === name);
	return top.length ? (top[top.length - 1].childForFieldName('right') ?? undefined) : undefined;
}

function assignmentsIn(body: Node, name: string): Node[] {
	return ownDescendants(body, 'assignment', isPythonFunction).filter((a) => a.childForFieldName('left')?.text === name);
}

function bindsName(fn: Node, name: string): boolean {
	const params = fn.childForFieldName('parameters')?.namedChildren ?? [];
	return params.some((p) => p && (p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.namedChild(0))?.text) === name);
}

// --- What bounds the work

/**
 * Whether the work is bounded by what it calls: the items themselves or their own methods (`t.wait() for t
 * in tasks`, closing each of a set of connections, calling each registered handler), an executor
 * (`run_in_executor`), a semaphore or pool passed in (`download(sem, u)`), a function of this file that
 * holds a limiter or reads a queue (a worker), or a limiter that the function around the fan-out makes or
 * holds (`asyncio.Semaphore(10)`, `TCPConnector(limit=10)`).
 */
function workIsBounded(callee: Node, call: Node | undefined, loop: LoopScope, file: FileContext): boolean {
	// `w.close() for w in writers`, `handler(event) for handler in handlers`: the items themselves.
	const root = /^[A-Za-z_]\w*/.exec(compact(callee.text))?.[0];
	const variables = loop.variables ?? boundByClauses(loop.node);
	if ((callee.type === 'attribute' || callee.type === 'identifier') && root && variables.includes(root)) {
		return true;
	}
	if (OFFLOADS.test(qualifiedName(callee, file))) {
		return true; // the executor's threads bound it
	}
	if (PLUGIN_LOAD.test(compact(callee.text))) {
		return true; // plugins are a configured set, as for the loops
	}
	const args = call ? argumentsOf(call) : [];
	if (args.some((a) => (a.type === 'identifier' || a.type === 'attribute') && isLimiter(a, file, true))) {
		return true;
	}
	// A bare name or a method of this object: the file's own `def`. Other receivers' methods are not ours.
	const own = callee.type === 'attribute' && /^(?:self|cls)$/.test(callee.childForFieldName('object')?.text ?? '');
	const name = callee.type === 'identifier' ? callee.text : own ? callee.childForFieldName('attribute')?.text : undefined;
	const definitions = name ? definitionsNamed(name, file) : [];
	return definitions.some((d) => limitsItself(d, file, 0)) || functionHoldsLimiter(loop.node, file);
}

/** The function around `at` makes a limiter or holds one somewhere (`sem = asyncio.Semaphore(10)`, `async with sem:`). */
function functionHoldsLimiter(at: Node, file: FileContext): boolean {
	const fn = closest(at, FUNCTION_DEFINITION);
	if (!fn) {
		return false;
	}
	return remembered(fn, functionHoldsLimiter, (f) => {
		const calls = descendantsOf(f, 'call');
		return calls.some((c) => LIMITER_CREATED.test(c.text.slice(0, 200))) || descendantsOf(f, 'with_statement').some((w) => withHoldsLimit(w, file, false));
	});
}

function boundByClauses(node: Node): string[] {
	return node.namedChildren.flatMap((c) => (c?.type === 'for_in_clause' ? (c.childForFieldName('left')?.text.split(/[\s,()]+/) ?? []) : []));
}

/** The `def`s of this file with this name (functions, nested functions and methods). */
function definitionsNamed(name: string, file: FileContext): Node[] {
	return file
		.facts(createPythonFacts)
		.definitionsOf(name)
		.flatMap((index) => {
			const def = closest(nodeAt(file.root, index, index + 3), FUNCTION_DEFINITION);
			return def && def.childForFieldName('name')?.text === name ? [def] : [];
		});
}

/**
 * A `def` whose work is bounded: it holds a limiter around it, takes a permit, is a worker reading a queue,
 * hands the work to an executor's threads, or (an `async def` that never awaits) runs to its end before
 * the next one starts. One hop further into the functions of this file it calls.
 */
function limitsItself(def: Node, file: FileContext, depth: number): boolean {
	return remembered(def, `limitsItself:${depth}`, (d) => {
		const body = d.childForFieldName('body');
		if (!body) {
			return false;
		}
		if (d.child(0)?.type === 'async' && !containsAwait(body, pythonSyntax)) {
			return true;
		}
		if (ownDescendants(body, 'with_statement', isPythonFunction).some((w) => withHoldsLimit(w, file, false))) {
			return true;
		}
		const calls = ownDescendants(body, 'call', isPythonFunction);
		if (calls.some((c) => OFFLOADS.test(qualifiedCallee(c, file) ?? compact(c.childForFieldName('function')?.text ?? '')))) {
			return true;
		}
		const method = (c: Node) => {
			const fn = c.childForFieldName('function');
			return fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
		};
		if (calls.some((c) => method(c) === 'acquire' && isLimiter(receiverOf(c)!, file))) {
			return true;
		}
		if (calls.some((c) => (method(c) === 'get' || method(c) === 'get_nowait') && isQueue(receiverOf(c)!, file))) {
			return true;
		}
		if (depth >= 1) {
			return false;
		}
		return calls.some((c) => {
			const fn = c.childForFieldName('function');
			const local = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' && /^(?:self|cls)$/.test(receiverOf(c)?.text ?? '') ? method(c) : undefined;
			return !!local && local !== d.childForFieldName('name')?.text && definitionsNamed(local, file).some((other) => limitsItself(other, file, depth + 1));
		});
	});
}

/**
 * A semaphore, lock or limiter: by its type (`asyncio.Semaphore(…)` bound to it, an annotation) or its name.
 * `strict` for a mere argument, which must be named for what it is (`sem`, `pool`; not `tokens`).
 */
function isLimiter(expression: Node, file: FileContext, strict = false): boolean {
	// `sem`, `self._sem`, `pool.acquire()`, `limiter.acquire()`: the object, not the call on it.
	let target = unwrapParens(expression);
	if (target.type === 'call') {
		const fn = target.childForFieldName('function');
		const constructed = qualifiedCallee(target, file) ?? '';
		if (LIMITER_TYPE.test(constructed)) {
			return true;
		}
		if (fn?.type !== 'attribute' || !fn.childForFieldName('object')) {
			return false;
		}
		target = fn.childForFieldName('object')!;
	}
	const text = compact(target.text);
	if ((strict ? STRICT_LIMITER_NAME : LIMITER_NAME).test(text) || LOCK_NAME.test(text)) {
		return true;
	}
	const type = boundCallee(file, text, target) ?? declaredType(file, target, target) ?? '';
	return LIMITER_TYPE.test(type);
}

function isQueue(receiver: Node, file: FileContext): boolean {
	const text = compact(receiver.text);
	return QUEUE_NAME.test(text) || QUEUE_TYPE.test(boundCallee(file, text, receiver) ?? declaredType(file, receiver, receiver) ?? '');
}
