import type { Node } from '@vscode/tree-sitter-wasm';
import type { AwaitPoints, FileContext, FunctionScope, SyntaxModel } from '../../languageSupport';
import { callAfter, callBefore, compact, parentOf, parentSkippingParens, shorten } from '../../syntaxHelpers';
import { chainOf, isAwaitedCall, isRustFunction, PARALLEL_ITERATOR } from './calls';
import { resolvePath } from './facts';
import { rustLoopScope } from './loops';

// --- Function scopes

/** Iterator, Option and Result adapters: their closure runs now, on the caller's thread. */
const INLINE_METHODS = new Set([
	'map',
	'for_each',
	'filter',
	'filter_map',
	'flat_map',
	'fold',
	'try_fold',
	'try_for_each',
	'any',
	'all',
	'find',
	'find_map',
	'position',
	'rposition',
	'inspect',
	'take_while',
	'skip_while',
	'map_while',
	'scan',
	'reduce',
	'max_by_key',
	'min_by_key',
	'max_by',
	'min_by',
	'sort_by',
	'sort_by_key',
	'sort_unstable_by',
	'sort_unstable_by_key',
	'sort_by_cached_key',
	'retain',
	'retain_mut',
	'dedup_by',
	'dedup_by_key',
	'partition',
	'and_then',
	'or_else',
	'map_err',
	'map_or',
	'map_or_else',
	'unwrap_or_else',
	'ok_or_else',
	'get_or_insert_with',
	'or_insert_with',
	'or_insert_with_key',
	'and_modify',
	'then',
	'is_some_and',
	'is_ok_and',
	'is_none_or',
	'binary_search_by',
	'binary_search_by_key',
	'chunk_by',
	'for_each_concurrent',
	'scope',
	'with',
]);
/** Functions and methods that run a closure argument on another thread (or a pool of them). */
const OFFLOAD_PATHS = /(?:^|::)(?:spawn_blocking|block_in_place|unblock)$|^(?:std::thread::spawn|rayon::spawn\w*|rayon::join)$/;
const OFFLOAD_METHODS = new Set(['spawn', 'spawn_blocking', 'spawn_fifo', 'execute', 'install', 'block_in_place']);

const ROUTE_ATTRIBUTE = /^(?:(?:actix_web|rocket|ntex)::)?(?:get|post|put|delete|patch|head|route)$/;

function closureRuns(closure: Node, file: FileContext): FunctionScope['runs'] {
	const args = parentSkippingParens(closure);
	const call = args?.type === 'arguments' ? parentOf(args) : undefined;
	const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
	if (!fn) {
		return 'declared';
	}
	const access = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
	if (access?.type === 'field_expression') {
		const method = access.childForFieldName('field')?.text ?? '';
		if (OFFLOAD_METHODS.has(method)) {
			return 'elsewhere';
		}
		if (!INLINE_METHODS.has(method)) {
			return 'declared';
		}
		// rayon: `items.par_iter().for_each(|x| …)` runs on the pool.
		const chain = chainOf(access.childForFieldName('value')!, file);
		return chain.methods.some((m) => PARALLEL_ITERATOR.test(m)) ? 'elsewhere' : 'inline';
	}
	const written = compact(access?.text ?? '');
	const last = written.split('::').pop() ?? '';
	if (resolvePath(file, written).some((p) => OFFLOAD_PATHS.test(p))) {
		return 'elsewhere';
	}
	// `std::thread::scope(|s| …)` and `rayon::scope` run the closure now, then wait.
	return last === 'scope' ? 'inline' : 'declared';
}

function isRouteHandler(fn: Node): boolean {
	for (
		let p = fn.previousNamedSibling;
		p && (p.type === 'attribute_item' || p.type === 'line_comment' || p.type === 'block_comment');
		p = p.previousNamedSibling
	) {
		const attribute = p.namedChildren.find((c) => c?.type === 'attribute');
		const name = attribute?.namedChild(0);
		if (name && ROUTE_ATTRIBUTE.test(compact(name.text)) && attribute!.childForFieldName('arguments')) {
			return true;
		}
	}
	return false;
}

// --- Awaits, local calls, limiters

/** Macros that await what they are given. */
const AWAITING_MACROS = /^(?:(?:tokio|futures)::)?(?:select|join|try_join|select_biased)$/;

/** `.await`, and macros that await (`select!`, `join!`) or hold a `.await`. */
const AWAIT_POINTS: AwaitPoints = {
	types: ['await_expression', 'macro_invocation'],
	awaits: (n) => n.type === 'await_expression' || AWAITING_MACROS.test(compact(n.childForFieldName('macro')?.text ?? '')) || /\.\s*await\b/.test(n.text),
};

const PERMIT_METHODS = /^(?:acquire|acquire_owned|acquire_many|acquire_many_owned|try_acquire|try_acquire_owned|join_next|join_next_with_id)$/;
const WAIT_METHODS = /^(?:join|wait|wait_with_output)$/;

function methodName(call: Node): string | undefined {
	const fn = call.childForFieldName('function');
	const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
	return access?.type === 'field_expression' ? access.childForFieldName('field')?.text : undefined;
}

function receiverText(call: Node): string {
	const fn = call.childForFieldName('function');
	const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
	return compact(access?.childForFieldName('value')?.text ?? '');
}

/** Walks out of `?`, `.unwrap()`, `.expect(…)` around a spawn: `thread::spawn(f).unwrap()` → the whole. */
function outerValue(spawn: Node): Node {
	let n = spawn;
	for (;;) {
		const parent = parentOf(n);
		if (parent?.type === 'try_expression' || parent?.type === 'parenthesized_expression') {
			n = parent;
			continue;
		}
		if (
			parent?.type === 'field_expression' &&
			/^(?:unwrap|expect)$/.test(parent.childForFieldName('field')?.text ?? '') &&
			parentOf(parent)?.type === 'call_expression'
		) {
			n = parentOf(parent)!;
			continue;
		}
		return n;
	}
}

/** `.join()`, `.wait()` or `.await` right on the spawned handle: the iteration waits for it. */
function waitedInPlace(spawn: Node): boolean {
	const value = outerValue(spawn);
	const parent = parentOf(value);
	if (parent?.type === 'await_expression') {
		return true;
	}
	return parent?.type === 'field_expression' && WAIT_METHODS.test(parent.childForFieldName('field')?.text ?? '');
}

function assignedName(spawn: Node): string | undefined {
	const value = outerValue(spawn);
	const parent = parentOf(value);
	if (parent?.type === 'let_declaration' && parent.childForFieldName('value')?.id === value.id) {
		const pattern = parent.childForFieldName('pattern');
		return pattern?.type === 'identifier' ? pattern.text : pattern?.type === 'mut_pattern' ? pattern.namedChild(pattern.namedChildCount - 1)?.text : undefined;
	}
	return undefined;
}

/** The file's free functions and its methods (in `impl` and `trait` blocks), by name. */
function functionKinds(root: Node): { free: Set<string>; methods: Set<string> } {
	const kinds = { free: new Set<string>(), methods: new Set<string>() };
	for (const fn of root.descendantsOfType('function_item')) {
		const owner = parentOf(fn)?.type === 'declaration_list' ? parentOf(parentOf(fn))?.type : undefined;
		const name = fn?.childForFieldName('name')?.text;
		if (name) {
			(owner === 'impl_item' || owner === 'trait_item' ? kinds.methods : kinds.free).add(name);
		}
	}
	return kinds;
}

export const rustSyntax: SyntaxModel = {
	isFunction: isRustFunction,
	awaitPoints: AWAIT_POINTS,
	functionScope(node, file) {
		switch (node.type) {
			case 'function_item': {
				const name = node.childForFieldName('name')?.text ?? '';
				const isAsync = node.namedChildren.some((c) => c?.type === 'function_modifiers' && /\basync\b/.test(c.text));
				return { node, name, label: `${isAsync ? 'async fn' : 'fn'} ${name}`, isAsync, runs: 'declared', isHandler: isRouteHandler(node) };
			}
			case 'closure_expression': {
				const isAsync = node.children.some((c) => c?.type === 'async');
				const params = node.childForFieldName('parameters')?.text ?? '||';
				return {
					node,
					label: shorten(`${isAsync ? 'async ' : ''}${node.children.some((c) => c?.type === 'move') ? 'move ' : ''}${params} …`),
					isAsync,
					runs: closureRuns(node, file),
					isHandler: false,
				};
			}
			case 'async_block':
				return {
					node,
					label: node.children.some((c) => c?.type === 'move') ? 'async move { … }' : 'async { … }',
					isAsync: true,
					runs: 'declared',
					isHandler: false,
				};
		}
		return undefined;
	},
	loopScope: rustLoopScope,
	isAwaited: isAwaitedCall,
	localCallOf(name, file) {
		// A bare `name(…)` calls a free function; `self.name(…)` and `Self::name(…)` call a method: a method
		// and a free function of the same name (`impl Drop { fn drop }` vs `drop(x)`) are different functions.
		const parent = parentOf(name);
		if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === name.id) {
			return file.facts(functionKinds).free.has(name.text) ? parent : undefined;
		}
		const isMethodCall =
			(parent?.type === 'scoped_identifier' && parent.childForFieldName('path')?.text === 'Self') ||
			(parent?.type === 'field_expression' && parent.childForFieldName('value')?.type === 'self');
		const call = isMethodCall ? parentOf(parent) : undefined;
		return call?.type === 'call_expression' && call.childForFieldName('function')?.id === parent!.id && file.facts(functionKinds).methods.has(name.text)
			? call
			: undefined;
	},
	spawnLimiter(spawn, within) {
		// A permit (`sem.acquire_owned().await`), a `join_next()` that keeps a JoinSet small, or a
		// no-argument `.join()` on an earlier handle, before the spawn in the same iteration.
		const zeroArgumentJoin = (call: Node) => methodName(call) === 'join' && call.childForFieldName('arguments')?.namedChildCount === 0;
		if (callBefore(within, spawn, 'call_expression', (call) => PERMIT_METHODS.test(methodName(call) ?? '') || zeroArgumentJoin(call))) {
			return 'a permit acquired (or a handle joined) before the spawn';
		}
		// `for t in threads { t.join() }` later in the same iteration waits for this round of threads.
		if (callAfter(within, spawn, 'call_expression', zeroArgumentJoin)) {
			return 'joined in the same iteration';
		}
		if (waitedInPlace(spawn)) {
			return 'waited for in the same iteration';
		}
		const handle = assignedName(spawn);
		if (!handle) {
			return undefined;
		}
		const joined =
			callAfter(within, spawn, 'call_expression', (call) => WAIT_METHODS.test(methodName(call) ?? '') && receiverText(call) === handle) ||
			callAfter(within, spawn, 'await_expression', (a) => compact(a.namedChild(0)?.text ?? '') === handle);
		return joined ? 'joined in the same iteration' : undefined;
	},
};
