import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { closest, compact, parentOf, parentSkippingParens } from '../../syntaxHelpers';
import { resolvePath, rustFacts } from './facts';

// --- Calls in Rust code: path calls, method calls, calls written inside macro token trees

const FUNCTION_TYPES = new Set(['function_item', 'closure_expression', 'async_block']);
export const isRustFunction = (n: Node) => FUNCTION_TYPES.has(n.type);
const FUNCTION_ITEM = new Set(['function_item']);

/** The `fn` item around `node` (closures and async blocks inside it included). */
export function enclosingFunctionItem(node: Node): Node | undefined {
	return closest(parentOf(node), FUNCTION_ITEM);
}

/** Rayon's parallel iterators: `par_iter()`, `into_par_iter()`. Their closures run on the pool. */
export const PARALLEL_ITERATOR = /^(?:par_\w+|into_par_iter)$/;

/** One call, however it is written. */
export interface CallInfo {
	/** The node the finding reports: the call expression (or, in a macro, the call's first token). */
	node: Node;
	/** The callee path as written, for path calls: `thread::sleep`, `Command::new`. */
	path?: string;
	/** The method name, for method calls: `output` in `cmd.output()`. */
	method?: string;
	receiver?: Node;
	/** The argument list (`arguments`, or a `token_tree` inside a macro). */
	args?: Node;
	/** `.await` follows the call. */
	awaited: boolean;
	/** What is called on the result right away: `join` in `thread::spawn(f).join()`, `await`. */
	chained?: string;
}

const PATH_TYPES = new Set(['scoped_identifier', 'generic_function', 'scoped_type_identifier', 'generic_type']);

/**
 * The call whose callee contains `name` (any segment of a path, or a method name), or undefined. Inside
 * a macro's token tree (`println!("{}", fs::read_to_string(p)?)`) a path followed by `( … )` counts too.
 */
export function callAt(name: Node): CallInfo | undefined {
	if (parentOf(name)?.type === 'token_tree') {
		return tokenTreeCall(name);
	}
	let callee = name;
	for (let up = parentOf(callee); up && PATH_TYPES.has(up.type); up = parentOf(callee)) {
		callee = up;
	}
	if (parentOf(callee)?.type === 'field_expression' && callee.type === 'field_identifier') {
		callee = parentOf(callee)!;
		const call = parentOf(callee)?.type === 'generic_function' ? parentOf(parentOf(callee)) : parentOf(callee);
		const fn = call?.childForFieldName('function');
		if (call?.type !== 'call_expression' || (fn?.id !== callee.id && fn?.childForFieldName('function')?.id !== callee.id)) {
			return undefined;
		}
		return {
			node: call,
			method: name.text,
			receiver: callee.childForFieldName('value') ?? undefined,
			args: call.childForFieldName('arguments') ?? undefined,
			awaited: isAwaitedCall(call),
			chained: chainedOn(call),
		};
	}
	const call = parentOf(callee);
	if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== callee.id) {
		return undefined;
	}
	const path = callee.type === 'generic_function' ? callee.childForFieldName('function')?.text : callee.text;
	if (!path || callee.childForFieldName('function')?.type === 'field_expression') {
		return undefined;
	}
	return { node: call, path, args: call.childForFieldName('arguments') ?? undefined, awaited: isAwaitedCall(call), chained: chainedOn(call) };
}

/** The method called on a call's result, past `?` and `.unwrap()`/`.expect(…)`: `join` in `spawn(f).unwrap().join()`. */
function chainedOn(call: Node): string | undefined {
	let n = call;
	for (;;) {
		const parent = parentSkippingParens(n);
		if (parent?.type === 'await_expression') {
			return 'await';
		}
		if (parent?.type === 'try_expression') {
			n = parent;
			continue;
		}
		if (parent?.type === 'field_expression' && parentOf(parent)?.type === 'call_expression') {
			const field = parent.childForFieldName('field')?.text;
			if (field === 'unwrap' || field === 'expect') {
				n = parentOf(parent)!;
				continue;
			}
			return field;
		}
		return undefined;
	}
}

export function isAwaitedCall(call: Node): boolean {
	return parentSkippingParens(call)?.type === 'await_expression';
}

/** `a::b::c( … )` inside a token tree: the path tokens before a parenthesized token tree. */
function tokenTreeCall(name: Node): CallInfo | undefined {
	let last = name;
	while (last.nextSibling?.type === '::' && last.nextSibling.nextSibling?.type === 'identifier') {
		last = last.nextSibling.nextSibling;
	}
	const args = last.nextSibling;
	if (args?.type !== 'token_tree' || args.child(0)?.type !== '(') {
		return undefined;
	}
	let first = name;
	while (first.previousSibling?.type === '::' && first.previousSibling.previousSibling?.type === 'identifier') {
		first = first.previousSibling.previousSibling;
	}
	if (first.previousSibling?.type === '.' || insideMacroDefinition(name) || insideTokenClosure(first)) {
		return undefined;
	}
	const path = parentOf(name)!.text.slice(first.startIndex - parentOf(name)!.startIndex, last.endIndex - parentOf(name)!.startIndex);
	const chained = args.nextSibling?.type === '.' ? args.nextSibling.nextSibling?.text : undefined;
	return { node: first, path, args, awaited: chained === 'await', chained };
}

/**
 * Whether a token sits in a closure written inside a macro (`assert_ok!(spawn_blocking(|| { … }))`): the
 * macro is not parsed, so where such a closure runs is unknown, and its calls are left alone.
 */
function insideTokenClosure(token: Node): boolean {
	for (let n: Node | null = token; n && parentOf(n)?.type === 'token_tree'; n = parentOf(n)) {
		for (let p = n.previousSibling; p; p = p.previousSibling) {
			if (p.type === '|' || p.type === '||') {
				return true;
			}
			if (p.type === ';' || p.type === ',') {
				break;
			}
		}
	}
	return false;
}

function insideMacroDefinition(node: Node): boolean {
	for (let p = parentOf(node); p; p = parentOf(p)) {
		if (p.type === 'macro_definition') {
			return true;
		}
		if (p.type !== 'token_tree' && p.type !== 'macro_invocation' && p.type !== 'macro_rule') {
			return false;
		}
	}
	return false;
}

/** The full paths a path call may name (see `resolvePath`). */
function calleePaths(info: CallInfo, file: FileContext): string[] {
	return info.path ? resolvePath(file, info.path) : [];
}

// --- Method chains and bindings

/** The start of a method chain and the methods called on it, innermost first. */
export interface Chain {
	root: Node;
	/** The resolved path of the root when it is a path call: `std::process::Command::new`. */
	rootPaths: string[];
	methods: string[];
}

const WRAPPERS = new Set(['try_expression', 'await_expression', 'parenthesized_expression', 'reference_expression', 'unary_expression']);

/** `Command::new("ls").arg("-l").output()` → root `Command::new("ls")`, methods `arg`, `output`. */
export function chainOf(expression: Node, file: FileContext, depth = 0): Chain {
	const methods: string[] = [];
	let n = expression;
	for (;;) {
		if (WRAPPERS.has(n.type) && n.namedChild(0)) {
			n = n.namedChild(n.type === 'reference_expression' ? n.namedChildCount - 1 : 0)!;
			continue;
		}
		if (n.type === 'call_expression') {
			const fn = n.childForFieldName('function');
			const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
			if (access?.type === 'field_expression') {
				methods.unshift(access.childForFieldName('field')?.text ?? '');
				n = access.childForFieldName('value')!;
				continue;
			}
			const path = fn?.type === 'generic_function' ? fn.childForFieldName('function')?.text : fn?.text;
			return { root: n, rootPaths: path ? resolvePath(file, path) : [], methods };
		}
		if (n.type === 'identifier' && depth < 3) {
			const binding = bindingOf(n.text, n);
			if (binding?.value) {
				const inner = chainOf(binding.value, file, depth + 1);
				return { ...inner, methods: [...inner.methods, ...methods] };
			}
			if (binding?.type) {
				return { root: n, rootPaths: resolvePath(file, binding.type.replace(/<.*$/, '')).map((p) => `type:${p}`), methods };
			}
		}
		return { root: n, rootPaths: [], methods };
	}
}

export interface Binding {
	/** The declared type, as written (`Receiver<Job>`). */
	type?: string;
	value?: Node;
}

/**
 * The `let` (or parameter) that binds `name` where `at` uses it: the last one before `at` in the enclosing
 * function item, including closures and blocks inside it. Tuple patterns bind every name in them to the
 * whole value (`let (tx, rx) = mpsc::channel()`).
 */
export function bindingOf(name: string, at: Node): Binding | undefined {
	const fn = enclosingFunctionItem(at);
	if (!fn) {
		return undefined;
	}
	let best: { index: number; binding: Binding } | undefined;
	for (const n of fn.descendantsOfType(['let_declaration', 'parameter'])) {
		if (!n || n.startIndex > at.startIndex || (best && n.startIndex < best.index)) {
			continue;
		}
		const pattern = n.childForFieldName('pattern');
		if (!pattern || !bindsName(pattern, name)) {
			continue;
		}
		best = { index: n.startIndex, binding: { type: n.childForFieldName('type')?.text, value: n.childForFieldName('value') ?? undefined } };
	}
	return best?.binding;
}

function bindsName(pattern: Node, name: string): boolean {
	if (pattern.type === 'identifier') {
		return pattern.text === name;
	}
	// `Some(x)` binds `x`, not `Some`; `Point { x, .. }` binds `x`.
	return pattern
		.descendantsOfType('identifier')
		.some((id) => id?.text === name && parentOf(id)?.type !== 'scoped_identifier' && parentOf(id)?.childForFieldName('type')?.id !== id.id);
}

/** How a receiver reads in a message: `rx`, `thread::spawn(|| 2)`, `Command::new(…)…`, or `…` when long. */
export function describeReceiver(node: Node): string {
	const text = node.text.replace(/\s+/g, ' ').trim();
	if (text.length <= 28) {
		return text;
	}
	if (node.type === 'call_expression') {
		let root = node;
		for (let fn = root.childForFieldName('function'); fn; fn = root.childForFieldName('function')) {
			const access = fn.type === 'generic_function' ? fn.childForFieldName('function') : fn;
			const value = access?.type === 'field_expression' ? access.childForFieldName('value') : undefined;
			if (value?.type !== 'call_expression') {
				break;
			}
			root = value;
		}
		const path = pathOfCall(root);
		if (path) {
			return `${compact(path).split('::').slice(-2).join('::')}(…)${root.id === node.id ? '' : '…'}`;
		}
	}
	return '…';
}

// --- Triggers

/**
 * A trigger for the local names this file gives to wanted paths (`use std::thread::sleep as nap;`,
 * `use reqwest::blocking::Client;`) that the detector's own words miss.
 */
export function aliasTrigger(file: FileContext, wanted: (full: string) => boolean, words: ReadonlySet<string>): RegExp | undefined {
	const names: string[] = [];
	for (const [local, full] of rustFacts(file).uses) {
		if (!words.has(local) && wanted(full)) {
			names.push(local);
		}
	}
	return names.length ? new RegExp(`\\b(?:${names.join('|')})\\b(?=\\s*(?:::|\\(|!))`, 'g') : undefined;
}

/**
 * The resolved path of a path call that `accept` takes, through `use` items, renames and globs (one candidate
 * per glob). The call is a CallInfo, not a node: calls inside a macro's tokens have no call node.
 */
export function qualifiedCallee(info: CallInfo, file: FileContext, accept: (full: string) => boolean = () => true): string | undefined {
	return calleePaths(info, file).find(accept);
}

/** The callee path of a call written as a path (`thread::spawn(…)`, `spawn::<T>(…)`); undefined for methods. */
export function pathOfCall(call: Node): string | undefined {
	let fn = call.childForFieldName('function');
	if (fn?.type === 'generic_function') {
		fn = fn.childForFieldName('function');
	}
	return fn && (fn.type === 'identifier' || fn.type === 'scoped_identifier') ? fn.text : undefined;
}

/** Path calls written inside a macro's arguments: `fs::read(p)` in `println!("{:?}", fs::read(p))`. */
export function macroPathCalls(macro: Node): CallInfo[] {
	const calls: CallInfo[] = [];
	for (const id of macro.descendantsOfType('identifier')) {
		if (id && parentOf(id)?.type === 'token_tree' && id.nextSibling?.type === 'token_tree') {
			const call = tokenTreeCall(id);
			if (call) {
				calls.push(call);
			}
		}
	}
	return calls;
}

/**
 * What a loop variable or closure parameter ranges over: `handles` for `h` in `for h in handles` or
 * `handles.into_iter().for_each(|h| …)`; undefined for other names.
 */
export function itemsOf(name: Node): Node | undefined {
	for (let p = parentOf(name); p && p.type !== 'function_item'; p = parentOf(p)) {
		if (p.type === 'for_expression' && p.childForFieldName('pattern')?.text === name.text) {
			return p.childForFieldName('value') ?? undefined;
		}
		if (p.type === 'closure_expression') {
			const params = p.childForFieldName('parameters')?.namedChildren ?? [];
			const call = parentOf(p)?.type === 'arguments' ? parentOf(parentOf(p)) : undefined;
			const access = call?.childForFieldName('function');
			if (params.length === 1 && params[0]?.text === name.text && access?.type === 'field_expression') {
				return access.childForFieldName('value') ?? undefined;
			}
		}
	}
	return undefined;
}

/** The variable at the root of an expression: `handles` in `handles.drain(..)`, `&mut handles`. */
export function rootIdentifier(expression: Node): Node | undefined {
	let n: Node | null = expression;
	while (n && n.type !== 'identifier') {
		if (n.type === 'call_expression') {
			const fn = n.childForFieldName('function');
			n = fn?.type === 'field_expression' ? fn.childForFieldName('value') : null;
		} else if (WRAPPERS.has(n.type) || n.type === 'field_expression') {
			n = n.type === 'field_expression' ? n.childForFieldName('value') : n.namedChild(n.namedChildCount - 1);
		} else {
			return undefined;
		}
	}
	return n ?? undefined;
}
