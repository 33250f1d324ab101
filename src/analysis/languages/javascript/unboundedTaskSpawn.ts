import type { Node } from '@vscode/tree-sitter-wasm';
import { contains } from '../../engine';
import { type Detector, type FileContext, type LoopScope, type Site, UNBOUNDED_BOUNDS } from '../../languageSupport';
import { isConfiguredSet } from '../../loopHelpers';
import { boundNames, compact, descendantsOf, type Iterations, nodeAt, ownDescendants, parentOf, remembered, shorten } from '../../syntaxHelpers';
import { countIterations, createJsFacts, isJsFunction, iterableIterations, jsSyntax, paramNames, qualifiedName } from './syntax';

const INSTEAD =
	'run at most N at a time with p-limit (`const limit = pLimit(N)`, then `items.map((item) => limit(() => work(item)))`), or start a small pool of N workers that each take the next item from a shared index';

const FAN_OUTS = /^Promise\.(?:all|allSettled)$/;
/** Well-known calls that start a request: `fetch` (global, node-fetch, undici), axios, got, ky. */
const REQUESTS =
	/^(?:(?:node-fetch|cross-fetch|isomorphic-fetch|undici)(?:\.fetch)?|undici\.request|(?:axios|got|ky)(?:\.(?:get|post|put|patch|delete|head|options|request))?)$/;
/** Receivers and callees that bound the work they run: `limit(() => …)`, `limiter.schedule`, `sem.acquire`, `pool.query`. */
const LIMITER_METHODS = /^(?:schedule|wrap|acquire|runExclusive|use|add|addAll)$/;
const LIMITER_MODULES = /^(?:p-limit|p-throttle|p-queue|bottleneck|async-sema|async-mutex|await-semaphore|throat|limiter|semaphore)(?:\.\w+)?$/;
const QUEUE_NAME = /(?:^|[._])queue$/i;
/** Names of limiters, strictly (`limit(() => …)`, `sem`, `pool`): not every name that starts like one (`tokenize`). */
const LIMITER = /(?:^|[._])(?:sem|sema|semaphore|limit|limiter|throttle|throttler|permits|pool|mutex|lock)$/i;
/** File-system calls that return promises: libuv's thread pool (four threads) runs them a few at a time. */
const FILE_SYSTEM = /^(?:fs\.promises|vscode\.workspace\.fs|fs-extra)\.\w+$/;
/** Loading plugins (a configured set, as `plugins` is for the loops): `getPlugin(name)`, `loadPlugins(…)`. */
const PLUGIN_LOAD = /(?:^|\.)(?:get|load|import|require|resolve)_?[pP]lugins?(?:OrExit)?$/;
/** Calls inside a `new Promise` executor that only wait: timers, event listeners, settling it. */
const WAITS = /^(?:setTimeout|setImmediate|queueMicrotask|clearTimeout|process\.nextTick)$|\.(?:on|once|addEventListener|removeListener|off)$/;
/** An option that caps how much of something runs at once, as written in a call's arguments. */
const CONCURRENCY_OPTION = /\b(?:concurrency|maxConcurrent|maxConcurrency|concurrencyLimit|maxSockets|connectionLimit|max|maxConnections)\s*:/;
/** Collections cut to a constant size: `for (const batch of chunk(items, 10))`. */
const CHUNKING = /(?:chunk|batch|partition|window|paginat)\w*$/i;
/** A name that says it holds one chunk (`batch`, `urlChunk`), not the list of them (`batches`). */
const ONE_CHUNK = /^(?:chunk|batch|slice|window)\d*$|[a-z](?:Chunk|Batch|Slice|Window)\d*$|^(?:chunk|batch|slice|window)[A-Z_]/;
const MAPS = new Set(['map', 'flatMap']);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function']);
/** TypeScript wrappers that leave the value as it is: `xs as T[]`, `xs!`, `xs satisfies T`. */
const TYPE_WRAPPERS = new Set(['as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion', 'parenthesized_expression']);

/**
 * Promise fan-out: `Promise.all(items.map(async (x) => …))` (and `allSettled`, a callback that calls a
 * request or an async function of this file, `Array.from(items, fn)`, a `const` holding the mapped
 * promises), and an async call pushed to an array once per item of a loop whose array is then given to
 * `Promise.all`. Every item's call starts before the first one ends. Not findings: a small literal or
 * constant-sized collection, one chunk, callbacks that are not evidently async or only call the item's own
 * methods, work wrapped in a limiter (p-limit, Bottleneck, p-queue, a semaphore, a pool), a loop that
 * awaits before starting the next one.
 */
export const unboundedTaskSpawn: Detector = {
	ruleId: 'unbounded-task-spawn',
	mode: 'per-item',
	trigger: /\bPromise\s*\.\s*(?:all|allSettled)\b(?=\s*[(<])|\bpush(?=\s*\()/g,
	// Pushes are everywhere: only a file that awaits promises together can fan out.
	fileHint: /\bPromise\s*\.\s*all(?:Settled)?\s*[(<]/,
	detect(node, file) {
		if (node.type === 'property_identifier' && node.text === 'push') {
			return pushSite(node, file);
		}
		// TypeScript's grammar reads `await Promise.all<T>(…)` as `(await Promise.all)<T>(…)`.
		const callee = parentOf(node)?.type === 'await_expression' ? parentOf(node)! : node;
		const call = parentOf(callee);
		if (node.type !== 'member_expression' || call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee.id) {
			return undefined;
		}
		const name = compact(node.text);
		return FAN_OUTS.test(name) ? fanOutSite(call, node, name, file) : undefined;
	},
};

// --- Promise.all(items.map(…))

function fanOutSite(call: Node, callee: Node, name: string, file: FileContext): Site | undefined {
	const first = argumentsOf(call)[0];
	const fanOut = first ? fanOutOf(stripTypes(first), call, file, 0) : undefined;
	return fanOut ? { node: callee, callee: name, instead: INSTEAD, detail: fanOut.detail, loop: fanOut.loop } : undefined;
}

interface FanOut {
	loop: LoopScope;
	detail: string;
}

function fanOutOf(collection: Node, at: Node, file: FileContext, depth: number): FanOut | undefined {
	if (collection.type === 'identifier' && depth === 0) {
		// `const pending = items.map(load); await Promise.all(pending)`.
		const value = declaredValue(collection.text, at, file);
		return value ? fanOutOf(stripTypes(value), at, file, depth + 1) : undefined;
	}
	if (collection.type !== 'call_expression') {
		return undefined;
	}
	const fn = collection.childForFieldName('function');
	const args = argumentsOf(collection);
	let receiver: Node | undefined;
	let callback: Node | undefined;
	if (fn?.type === 'member_expression' && MAPS.has(fn.childForFieldName('property')?.text ?? '')) {
		receiver = fn.childForFieldName('object') ?? undefined;
		callback = args[0] ?? undefined;
	} else if (compact(fn?.text ?? '') === 'Array.from' && args.length >= 2) {
		receiver = args[0] ?? undefined;
		callback = args[1] ?? undefined;
	}
	if (!receiver || !callback) {
		return undefined;
	}
	const bound = collectionIterations(stripTypes(receiver), collection, file, 0);
	const work = UNBOUNDED_BOUNDS.has(bound.bound) ? asyncWork(stripTypes(callback), file) : undefined;
	if (!work) {
		return undefined;
	}
	const label = shorten(`${fn!.text.replace(/\s+/g, ' ').replace(/\s*\.\s*/g, '.')}(…)`);
	const loop: LoopScope = { node: collection, label, ...bound, body: callback, implicit: true };
	return { loop, detail: work };
}

/**
 * What a `.map` callback starts, when it evidently starts async work that is not already bounded: an
 * async function that awaits or returns a call (not only methods of its own item), a call of a request or
 * of an async function of this file, or a reference to one. Undefined otherwise.
 */
function asyncWork(callback: Node, file: FileContext): string | undefined {
	if (FUNCTION_VALUES.has(callback.type)) {
		const isAsync = callback.children.some((c) => c?.type === 'async');
		const body = callback.childForFieldName('body');
		if (!body || usesLimiter(callback, file)) {
			return undefined;
		}
		if (isAsync) {
			return startsOutsideWork(callback, file) ? `\`${asyncLabel(callback)}\`` : undefined;
		}
		const returned = returnedCall(body);
		return returned && evidentAsyncCall(returned, file) && !onItem(returned, parameterNames(callback)) ? `\`${calleeLabel(returned)}(…)\`` : undefined;
	}
	if (callback.type === 'identifier' || callback.type === 'member_expression' || callback.type === 'call_expression') {
		const target = unbind(callback);
		if (target.type === 'call_expression') {
			return undefined;
		}
		return evidentAsyncReference(target, file) ? `\`${shorten(compact(target.text), 32)}(…)\`` : undefined;
	}
	return undefined;
}

/** `async (id) => …`, `async function load`: the callback as messages name it, without its types. */
function asyncLabel(callback: Node): string {
	if (callback.type !== 'arrow_function') {
		const name = callback.childForFieldName('name')?.text;
		return name ? `async function ${name}` : 'async function';
	}
	return shorten(
		`async (${paramNames(callback)
			.map((p) => compact(p).replace(/,/g, ', '))
			.join(', ')}) => …`,
		40,
	);
}

/** `this.load.bind(this)` → `this.load`. */
function unbind(reference: Node): Node {
	if (reference.type === 'call_expression') {
		const fn = reference.childForFieldName('function');
		if (fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'bind') {
			return fn.childForFieldName('object') ?? reference;
		}
	}
	return reference;
}

/** The call an arrow's expression body is, or the one call its block returns. */
function returnedCall(body: Node): Node | undefined {
	if (body.type !== 'statement_block') {
		const value = stripTypes(body);
		return value.type === 'call_expression' ? value : undefined;
	}
	const returns = ownDescendants(body, 'return_statement', isJsFunction);
	const value = returns.length === 1 ? returns[0].namedChild(0) : undefined;
	return value && stripTypes(value).type === 'call_expression' ? stripTypes(value) : undefined;
}

/**
 * Whether an async function starts work that others must serve: something it awaits (or returns) that is
 * not the item or a method of it (`async (page) => { await page.close(); }` acts on objects that already
 * exist, as many as there are; `async (job) => job()` runs what the caller handed over), not a file-system
 * call (libuv's four threads run those, a few at a time), not a module or plugin load, and not a function
 * of this file that holds a limiter or does none of these either.
 */
function startsOutsideWork(fn: Node, file: FileContext, depth = 0): boolean {
	const body = fn.childForFieldName('body');
	if (!body) {
		return false;
	}
	return remembered(fn, `startsOutsideWork:${depth}`, () => {
		const params = parameterNames(fn);
		const awaited = ownDescendants(body, 'await_expression', isJsFunction).flatMap((a) => (a.namedChild(0) ? [stripTypes(a.namedChild(0)!)] : []));
		// With no await, the call it returns is the work (`async (id) => load(id)`); after awaits, a returned
		// call may be anything (`return text.trim()`).
		const returned = awaited.length === 0 ? returnedCall(body) : undefined;
		return [...awaited, ...(returned ? [returned] : [])].some((w) => isOutsideWork(w, params, file, depth));
	});
}

function isOutsideWork(value: Node, params: readonly string[], file: FileContext, depth: number): boolean {
	const work = chainRoot(value);
	if (onItem(work, params)) {
		return false;
	}
	if (work.type === 'new_expression') {
		return promiseStartsWork(work);
	}
	if (work.type !== 'call_expression') {
		return true; // a promise made earlier (`const pending = fetch(url)`) or held elsewhere
	}
	const callee = stripTypes(work.childForFieldName('function')!);
	const qualified = qualifiedName(callee, file) ?? '';
	if (isModuleLoad(work) || FILE_SYSTEM.test(qualified) || PLUGIN_LOAD.test(compact(callee.text))) {
		return false;
	}
	if (FAN_OUTS.test(compact(callee.text)) || /^Promise\.(?:race|any)$/.test(compact(callee.text))) {
		// A wait for others: only the awaitables it is handed in a literal are this item's own work.
		const first = argumentsOf(work)[0];
		const listed = first && stripTypes(first).type === 'array' ? stripTypes(first).namedChildren.filter((e): e is Node => !!e) : [];
		return listed.some((e) => isOutsideWork(stripTypes(e), params, file, depth));
	}
	const name = localName(callee);
	const functions = name ? (localFunctions(file).get(name) ?? []) : [];
	if (functions.length === 0) {
		return true;
	}
	if (functions.some((f) => usesLimiter(f, file))) {
		return false; // `await limited(x)`, where `limited` holds a limiter
	}
	return depth >= 2 || functions.some((f) => !f.children.some((c) => c?.type === 'async') || startsOutsideWork(f, file, depth + 1));
}

/**
 * `new Promise((resolve) => https.get(url, …))` starts a request; `new Promise((r) => setTimeout(r, 100))`
 * or one that only listens for an event waits for something already under way.
 */
function promiseStartsWork(construct: Node): boolean {
	if (compact(construct.childForFieldName('constructor')?.text ?? '') !== 'Promise') {
		return true;
	}
	const executor = argumentsOf(construct)[0];
	const params = executor && FUNCTION_VALUES.has(executor.type) ? parameterNames(executor) : [];
	return (
		!!executor &&
		descendantsOf(executor, 'call_expression').some((call) => {
			const callee = compact(call.childForFieldName('function')?.text ?? '');
			return !params.includes(callee) && !WAITS.test(callee);
		})
	);
}

/** `readFile(f).then(parse).catch(…)` → `readFile(f)`: the call a promise chain starts from. */
function chainRoot(value: Node): Node {
	let n = value;
	for (;;) {
		const fn = n.type === 'call_expression' ? n.childForFieldName('function') : undefined;
		const object =
			fn?.type === 'member_expression' && /^(?:then|catch|finally)$/.test(fn.childForFieldName('property')?.text ?? '')
				? fn.childForFieldName('object')
				: undefined;
		if (!object) {
			return n;
		}
		n = stripTypes(object);
	}
}

function isModuleLoad(value: Node): boolean {
	return value.type === 'call_expression' && /^(?:import|require)$/.test(value.childForFieldName('function')?.text ?? '');
}

/** Every name a function's parameters bind, destructured ones too (`({ page }, i)` → `page`, `i`). */
function parameterNames(fn: Node): string[] {
	const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
	if (!params) {
		return [];
	}
	if (params.type === 'identifier') {
		return [params.text];
	}
	return params.namedChildren.flatMap((p) => boundNames(p?.childForFieldName('pattern') ?? p));
}

/** `page.close()`, `item.ready`, `job()`, `item`: the callback's own parameter, or a method or property of it. */
function onItem(value: Node, params: readonly string[]): boolean {
	const target = value.type === 'call_expression' ? stripTypes(value.childForFieldName('function')!) : value;
	const root = target.type === 'identifier' || target.type === 'member_expression' ? /^[\w$]+/.exec(compact(target.text))?.[0] : undefined;
	return !!root && params.includes(root);
}

function calleeLabel(call: Node): string {
	return shorten(compact(call.childForFieldName('function')?.text ?? ''), 32);
}

/** A request (`fetch`, axios, got), or a call of a function of this file that is async or returns a promise. */
function evidentAsyncCall(call: Node, file: FileContext, depth = 0): boolean {
	const fn = call.childForFieldName('function');
	return !!fn && evidentAsyncReference(fn, file, depth);
}

function evidentAsyncReference(reference: Node, file: FileContext, depth = 0): boolean {
	const target = stripTypes(reference);
	const name = localName(target);
	const functions = name ? (localFunctions(file).get(name) ?? []) : [];
	if (functions.length) {
		return functions.some((f) => returnsPromise(f, file, depth) && doesAsyncWork(f, file)) && !functions.some((f) => usesLimiter(f, file));
	}
	if (target.type === 'identifier' && target.text === 'fetch' && !file.facts(createJsFacts).bindings.has('fetch')) {
		return true; // the global fetch
	}
	return REQUESTS.test(qualifiedName(target, file) ?? '');
}

/** `load` in `load(x)`, `this.load(x)`: a name a function of this file may have; not `client.load`. */
function localName(reference: Node): string | undefined {
	if (reference.type === 'identifier') {
		return reference.text;
	}
	if (reference.type === 'member_expression' && reference.childForFieldName('object')?.type === 'this') {
		return reference.childForFieldName('property')?.text;
	}
	return undefined;
}

/** A function that is `async`, typed `Promise<…>`, or returns `new Promise(…)` or a request (one hop further). */
function returnsPromise(fn: Node, file: FileContext, depth: number): boolean {
	if (fn.children.some((c) => c?.type === 'async')) {
		return true;
	}
	if (/^:\s*Promise\s*</.test(fn.childForFieldName('return_type')?.text ?? '')) {
		return true;
	}
	const body = fn.childForFieldName('body');
	if (!body || depth > 0) {
		return false;
	}
	const returned = returnedCall(body);
	if (returned && evidentAsyncCall(returned, file, depth + 1)) {
		return true;
	}
	const returns = body.type === 'statement_block' ? ownDescendants(body, 'return_statement', isJsFunction) : [];
	return returns.some((r) => {
		const value = r.namedChild(0) ? stripTypes(r.namedChild(0)!) : undefined;
		return value?.type === 'new_expression' && compact(value.childForFieldName('constructor')?.text ?? '') === 'Promise';
	});
}

/**
 * Whether a function returning a promise does work that others must serve: a plain function returning a
 * promise is taken at its word (`new Promise` around `https.get`); an `async` one must await or return
 * such work (one that never awaits runs to its end before the next item's call starts; one that only
 * reads files runs on libuv's few threads).
 */
function doesAsyncWork(fn: Node, file: FileContext): boolean {
	return !fn.children.some((c) => c?.type === 'async') || startsOutsideWork(fn, file);
}

/**
 * The functions of this file by name: declarations, methods, functions assigned to a name or a key, and
 * names that alias them. Read once per file.
 */
function localFunctions(file: FileContext): ReadonlyMap<string, readonly Node[]> {
	return remembered(file.root, localFunctions, (root) => {
		const byName = new Map<string, Node[]>();
		const add = (name: string | undefined, fn: Node | null | undefined) => {
			if (name && fn && (isJsFunction(fn) || FUNCTION_VALUES.has(fn.type))) {
				byName.set(name, [...(byName.get(name) ?? []), fn]);
			}
		};
		const aliases: [string, string][] = [];
		for (const n of root.descendantsOfType([
			'function_declaration',
			'method_definition',
			'variable_declarator',
			'pair',
			'public_field_definition',
			'field_definition',
		])) {
			if (!n) {
				continue;
			}
			if (n.type === 'function_declaration' || n.type === 'method_definition') {
				add(n.childForFieldName('name')?.text, n);
			} else if (n.type === 'variable_declarator') {
				const value = n.childForFieldName('value');
				const name = n.childForFieldName('name')?.text;
				if (value?.type === 'identifier' && name) {
					aliases.push([name, value.text]); // `var read_file_default = readFile`
				} else {
					add(name, value);
				}
			} else if (n.type === 'pair') {
				add(n.childForFieldName('key')?.text, n.childForFieldName('value'));
			} else {
				add((n.childForFieldName('name') ?? n.childForFieldName('property'))?.text, n.childForFieldName('value'));
			}
		}
		for (const [alias, target] of aliases) {
			const functions = byName.get(target);
			if (functions && !byName.has(alias)) {
				byName.set(alias, functions);
			}
		}
		return byName;
	});
}

// --- What bounds the work

/**
 * Whether a function runs its work through a limiter: it calls one (`limit(() => …)`, a p-limit or
 * throttle made in this file), or a method that takes a slot of one (`limiter.schedule`, `sem.acquire`,
 * `mutex.runExclusive`, `queue.add` on a p-queue), or queries a pool (`pool.query`).
 */
function usesLimiter(fn: Node, file: FileContext): boolean {
	return remembered(fn, usesLimiter, (f) =>
		f.descendantsOfType('call_expression').some((call) => {
			const callee = call?.childForFieldName('function');
			if (!callee) {
				return false;
			}
			// A limiter handed to the work: `lintFile(path, retrier)`.
			const args = argumentsOf(call!);
			if (args.some((a) => a?.type === 'identifier' && (LIMITER.test(a.text) || isLimiterValue(a.text, file)))) {
				return true;
			}
			if (callee.type === 'identifier') {
				return LIMITER.test(callee.text) || isLimiterValue(callee.text, file);
			}
			if (callee.type !== 'member_expression') {
				return false;
			}
			const object = callee.childForFieldName('object');
			const method = callee.childForFieldName('property')?.text ?? '';
			const receiver = compact(object?.text ?? '');
			if (object?.type === 'identifier' && isLimiterValue(object.text, file)) {
				return true;
			}
			return (LIMITER.test(receiver) && (LIMITER_METHODS.test(method) || /(?:^|[._])pool$/i.test(receiver))) || (QUEUE_NAME.test(receiver) && method === 'add');
		}),
	);
}

/**
 * A name bound to a limiter: one made with a library (`pLimit(4)`, `new Bottleneck(…)`, `new PQueue(…)`,
 * `new Sema(4)`), or anything made with a concurrency option (`new Retrier(check, { concurrency: 100 })`,
 * `new pg.Pool({ max: 10 })`). Read from the file's declarations once, by name: a limiter declared
 * anywhere in the file bounds the calls that use its name.
 */
function isLimiterValue(name: string, file: FileContext): boolean {
	return remembered(file.root, limiterNames, () => limiterNames(file)).has(name);
}

const DECLARATION = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]+)?=\s*(?:await\s+)?(?:new\s+)?([A-Za-z_$][\w$.]*)\s*(?:<[^>(\n]*>\s*)?\(/g;
const LIMITER_CONSTRUCTORS = /^(?:pLimit|pThrottle|Bottleneck|PQueue|Sema|Semaphore|Mutex|Limiter|RateLimiter|throat)$/;

function limiterNames(file: FileContext): ReadonlySet<string> {
	const { text } = file;
	const names = new Set<string>();
	const { bindings } = file.facts(createJsFacts);
	for (const hit of text.matchAll(DECLARATION)) {
		const made = hit[2];
		const head = made.split('.')[0];
		const module = bindings.get(head);
		const qualified = module ? module + made.slice(head.length) : made;
		// The arguments, up to a few hundred characters: where an options object names its cap.
		const args = text.slice(hit.index + hit[0].length, hit.index + hit[0].length + 400);
		if (LIMITER_MODULES.test(qualified) || LIMITER_CONSTRUCTORS.test(made.split('.').pop()!) || CONCURRENCY_OPTION.test(args.split(/\)\s*;|\n\s*\n/)[0])) {
			names.add(hit[1]);
		}
	}
	return names;
}

// --- Collections

/**
 * How often a callback runs over `collection`, read more closely than a `for…of` header: a name bound to a
 * small array literal, a constant-length `Array.from({ length: N })`, one chunk (`items.slice(i, i + 10)`,
 * a `batch`), a configured set (`workers`).
 */
function collectionIterations(collection: Node, at: Node, file: FileContext, depth: number): Iterations {
	const node = stripTypes(collection);
	const input: Iterations = { bound: 'input', source: compact(node.text) };
	if (node.type === 'array' && node.namedChildren.some((c) => c?.type === 'spread_element')) {
		// `[...items]` is as long as `items`; `[...Array(8).keys()]` is eight.
		const spread = node.namedChildCount === 1 ? node.namedChild(0)!.namedChild(0) : undefined;
		return spread && depth < 5 ? collectionIterations(spread, at, file, depth + 1) : input;
	}
	if (node.type === 'object') {
		// `Array.from({ length: n }, …)`
		const length = node.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text === 'length');
		const value = length?.childForFieldName('value');
		return value ? sizeIterations(value) : input;
	}
	const base = iterableIterations(node);
	if (base.bound !== 'input') {
		return base;
	}
	if (node.type === 'call_expression' || node.type === 'new_expression') {
		return callIterations(node, at, file, depth) ?? input;
	}
	const last = node.type === 'member_expression' ? (node.childForFieldName('property')?.text ?? '') : node.type === 'identifier' ? node.text : '';
	if (last && (isConfiguredSet(last, /(?:Names|Ids|Keys|List)$/) || ONE_CHUNK.test(last))) {
		return { bound: 'count' };
	}
	if (node.type !== 'identifier' || depth >= 5) {
		return input;
	}
	if (chunkLoopOf(node)) {
		return { bound: 'count' };
	}
	const value = declaredValue(node.text, at, file);
	return value ? collectionIterations(value, at, file, depth + 1) : input;
}

/** `Array.from({ length: n })`, `Array(n)`, `new Array(n).fill(0)`, `items.slice(i, i + 10)`, `.keys()` of those. */
function callIterations(call: Node, at: Node, file: FileContext, depth: number): Iterations | undefined {
	const fn = stripTypes(call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function')!);
	const args = argumentsOf(call);
	const text = compact(fn.text);
	if (text === 'Array' && args.length === 1) {
		return sizeIterations(args[0]);
	}
	if (text === 'Array.from' && args[0]?.type === 'object' && depth < 5) {
		return collectionIterations(args[0], at, file, depth + 1);
	}
	if (fn.type !== 'member_expression') {
		return undefined;
	}
	const method = fn.childForFieldName('property')?.text ?? '';
	const object = fn.childForFieldName('object');
	if ((method === 'slice' || method === 'splice') && args.length === 2) {
		return { bound: 'count' };
	}
	if (/^(?:map|fill|keys|values|entries|filter|slice|reverse|sort|toSorted|toReversed)$/.test(method) && object && depth < 5) {
		return collectionIterations(object, at, file, depth + 1);
	}
	return undefined;
}

/** `8`, `LIMIT`, `Math.min(LIMIT, items.length)`: a count; `items.length`: the input. */
function sizeIterations(size: Node): Iterations {
	const text = compact(size.text);
	return /^Math\.min\(/.test(text) ? { bound: 'count' } : countIterations(text);
}

/** `for (const group of chunk(items, 10))` around a use of `group`: the loop variable is one chunk. */
function chunkLoopOf(name: Node): boolean {
	for (let n = parentOf(name); n && !isJsFunction(n); n = parentOf(n)) {
		if (n.type !== 'for_in_statement') {
			continue;
		}
		const left = n.childForFieldName('left');
		const right = n.childForFieldName('right');
		if (left && right && left.text.split(/[\s,[\]{}]+/).includes(name.text) && right.type === 'call_expression') {
			return CHUNKING.test(compact(right.childForFieldName('function')?.text ?? ''));
		}
	}
	return false;
}

/**
 * The value a `const`, `let` or `var` named `name` was declared with, in the functions around `at` or at
 * the top of the file (the nearest scope that declares it). Undefined for parameters and anything else.
 * The text says where the declarations are; the tree confirms each.
 */
function declaredValue(name: string, at: Node, file: FileContext): Node | undefined {
	const declarations = declarationOffsets(name, file);
	if (declarations.length === 0) {
		return undefined;
	}
	for (let scope: Node | null = parentOf(at); scope; scope = parentOf(scope)) {
		if (!isJsFunction(scope) && scope.type !== 'program') {
			continue;
		}
		if (isJsFunction(scope) && parameterNames(scope).includes(name)) {
			return undefined;
		}
		const { startIndex, endIndex } = scope;
		const top = scope.type === 'program';
		const inScope = declarations.filter((i) => i >= startIndex && i < endIndex && (top || i < at.startIndex));
		for (let k = inScope.length - 1; k >= 0; k--) {
			const declarator = declaratorAt(inScope[k], name, file);
			if (declarator && owningScope(declarator)?.id === scope.id) {
				return declarator.childForFieldName('value') ?? undefined;
			}
		}
	}
	return undefined;
}

/** Where the text declares `name` with `const`, `let` or `var`, once per file and name. */
function declarationOffsets(name: string, file: FileContext): readonly number[] {
	const byName = remembered(file.root, declarationOffsets, () => new Map<string, number[]>());
	let offsets = byName.get(name);
	if (!offsets) {
		const escaped = name.replace(/\$/g, '\\$');
		offsets = [...file.text.matchAll(new RegExp(String.raw`\b(?:const|let|var)\s+${escaped}(?![\w$])`, 'g'))].map((m) => m.index);
		byName.set(name, offsets);
	}
	return offsets;
}

/** The declarator of `name` in the declaration whose keyword is at `offset` (none in a comment or string). */
function declaratorAt(offset: number, name: string, file: FileContext): Node | undefined {
	const declaration = parentOf(nodeAt(file.root, offset, offset + 3));
	if (declaration?.type !== 'lexical_declaration' && declaration?.type !== 'variable_declaration') {
		return undefined;
	}
	return declaration.namedChildren.find((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name) ?? undefined;
}

/** The function (or the program) whose own variable a declaration declares. */
function owningScope(node: Node): Node | undefined {
	for (let n = parentOf(node); n; n = parentOf(n)) {
		if (isJsFunction(n) || n.type === 'program') {
			return n;
		}
	}
	return undefined;
}

/** A call's arguments, without the comments between them. */
function argumentsOf(call: Node): Node[] {
	return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

function stripTypes(node: Node): Node {
	let n = node;
	while (TYPE_WRAPPERS.has(n.type) && n.namedChild(0)) {
		n = n.namedChild(0)!;
	}
	return n;
}

// --- promises.push(load(x)) in a loop, then Promise.all(promises)

function pushSite(name: Node, file: FileContext): Site | undefined {
	const member = parentOf(name);
	const call = parentOf(member);
	if (member?.type !== 'member_expression' || call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== member.id) {
		return undefined;
	}
	// Pushes are everywhere: the cheap tests first, the file's functions last.
	const array = compact(member.childForFieldName('object')?.text ?? '');
	const pushed = argumentsOf(call)[0];
	const work = pushed ? stripTypes(pushed) : undefined;
	if (!array || !work || work.type !== 'call_expression') {
		return undefined;
	}
	const loop = repeatingLoop(call, work, file);
	if (!loop || !awaitedTogether(array, loop.node) || !(isAsyncIife(work) || evidentAsyncCall(work, file))) {
		return undefined;
	}
	const callee = isAsyncIife(work) ? 'async () => …' : calleeLabel(work);
	return { node: work, callee, instead: INSTEAD, detail: 'its async work', loop };
}

/** `(async () => { … })()`. */
function isAsyncIife(call: Node): boolean {
	const fn = call.childForFieldName('function');
	const inner = fn ? stripTypes(fn) : undefined;
	return !!inner && FUNCTION_VALUES.has(inner.type) && inner.children.some((c) => c?.type === 'async');
}

/**
 * The loop around a push whose iterations each start another call while the earlier ones run: the nearest
 * `for`, `for…of` or array-method callback over an unbounded collection. None when an iteration awaits
 * anything (the loop is paced, or waits for a batch) or the work already goes through a limiter.
 */
function repeatingLoop(push: Node, work: Node, file: FileContext): LoopScope | undefined {
	for (let n = parentOf(push); n; n = parentOf(n)) {
		// A callback that an array method runs inline belongs to the loop of the call around it.
		if (isJsFunction(n) && jsSyntax.functionScope(n, file)?.runs !== 'inline') {
			return undefined;
		}
		const loop = n.type === 'while_statement' || n.type === 'do_statement' ? undefined : jsSyntax.loopScope(n, file);
		if (!loop || !contains(loop.body, push)) {
			continue;
		}
		if (ownDescendants(loop.body, 'await_expression', isJsFunction).some((a) => !contains(work, a))) {
			return undefined; // paced: the iteration waits for something before the next call
		}
		const right =
			n.type === 'for_in_statement'
				? n.childForFieldName('right')
				: n.type === 'call_expression'
					? n.childForFieldName('function')?.childForFieldName('object')
					: undefined;
		const bound = right ? collectionIterations(right, n, file, 0) : loop;
		if (UNBOUNDED_BOUNDS.has(bound.bound)) {
			return { ...loop, bound: bound.bound, count: bound.count, source: bound.source ?? loop.source };
		}
	}
	return undefined;
}

/** `Promise.all(promises)` or `Promise.allSettled([...promises])` after the loop, in the same function. */
function awaitedTogether(array: string, loop: Node): boolean {
	let scope: Node | null = parentOf(loop);
	while (scope && !isJsFunction(scope) && scope.type !== 'program') {
		scope = parentOf(scope);
	}
	if (!scope) {
		return false;
	}
	return scope.descendantsOfType('call_expression').some((c) => {
		if (!c || c.startIndex < loop.endIndex || !FAN_OUTS.test(compact(c.childForFieldName('function')?.text ?? ''))) {
			return false;
		}
		const first = argumentsOf(c)[0];
		const value = first ? stripTypes(first) : undefined;
		const spread =
			value?.type === 'array' && value.namedChildCount === 1 && value.namedChild(0)?.type === 'spread_element' ? value.namedChild(0)!.namedChild(0) : undefined;
		return compact((spread ?? value)?.text ?? '') === array;
	});
}
