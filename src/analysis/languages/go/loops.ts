import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope } from '../../languageSupport';
import { CONFIGURED_SET, counterComparison, limitIterations } from '../../loopHelpers';
import { compact, constantIterations, CPU_COUNT, integerLiteral, loopHeader, shorten, type Iterations } from '../../syntaxHelpers';
import { boundValue, parameterType } from './facts';

// --- How many times a Go loop runs

/** Names of counts, for `for i := range n` (Go 1.22 ranges over an int): `n`, `numWorkers`, `poolSize`. */
const COUNT_NAME =
	/^(?:n|num\w*|max\w*|\w*(?:Count|count|Size|size|Concurrency|concurrency|Parallelism|parallelism|Limit|limit|Procs|procs|Threads|threads|N))$/;
const INT_TYPE = /^u?int(?:8|16|32|64)?$/;
/** Calls whose channel delivers forever: a range over them is a ticker loop. */
const TICKER = /^(?:time\.Tick|\w+\.C)$/;

/** `for` statements, and callbacks that Go runs once per item (`filepath.WalkDir`, `sync.Map.Range`). */
export function goLoopScope(node: Node, file: FileContext): LoopScope | undefined {
	if (node.type === 'call_expression') {
		return callbackLoop(node);
	}
	if (node.type !== 'for_statement') {
		return undefined;
	}
	const body = node.childForFieldName('body');
	if (!body) {
		return undefined;
	}
	const label = loopHeader(node, body);
	const clause = node.namedChildren.find((c) => c && c.id !== body.id && c.type !== 'comment');
	return { node, label: label === 'for' ? 'for { … }' : label, body, ...loopIterations(clause ?? undefined, file) };
}

function loopIterations(clause: Node | undefined, file: FileContext): Iterations {
	if (!clause) {
		return { bound: 'infinite' };
	}
	if (clause.type === 'range_clause') {
		return rangeIterations(clause, file);
	}
	if (clause.type === 'for_clause') {
		const condition = clause.childForFieldName('condition');
		return condition ? conditionIterations(condition, clause.childForFieldName('initializer'), file) : { bound: 'infinite' };
	}
	// `for scanner.Scan()`, `for it.Next()`: once per item of a stream; `for !done`: until told to stop.
	return clause.type === 'call_expression' ? { bound: 'input' } : conditionIterations(clause, null, file);
}

function conditionIterations(condition: Node, initializer: Node | null, file: FileContext): Iterations {
	const comparison = counterComparison(condition);
	if (!comparison) {
		return { bound: 'infinite' };
	}
	if (comparison.direction === 'up') {
		return limitIterationsOf(comparison.limit, file);
	}
	// Counting down: `for i := len(items) - 1; i >= 0; i--` runs as often as the start says.
	const start = initializer?.type === 'short_var_declaration' ? initializer.childForFieldName('right')?.namedChild(0) : undefined;
	return limitIterationsOf(start ?? comparison.counter, file);
}

/** `len(items)` (the whole limit: its collection is captured) or a `len`/`cap` inside it. */
const INPUT_SIZE = /^(?:len|cap)\((.+)\)$|\b(?:len|cap)\(/;

/** How many iterations a limit expression allows, following a name to the value it was given. */
function limitIterationsOf(limit: Node, file: FileContext, depth = 0): Iterations {
	const iterations = limitIterations(limit.text, INPUT_SIZE);
	const value = iterations.bound === 'count' && limit.type === 'identifier' && depth < 2 ? boundValue(limit.text, limit, file) : undefined;
	return value ? limitIterationsOf(value, file, depth + 1) : iterations;
}

function rangeIterations(clause: Node, file: FileContext): Iterations {
	const right = clause.childForFieldName('right');
	if (!right) {
		return { bound: 'input' };
	}
	const names = clause.childForFieldName('left')?.namedChildCount ?? 0;
	return collectionIterations(right, names, file);
}

function collectionIterations(collection: Node, names: number, file: FileContext, depth = 0): Iterations {
	const text = compact(collection.text);
	const literal = integerLiteral(text);
	if (literal !== undefined) {
		return constantIterations(literal);
	}
	if (collection.type === 'composite_literal') {
		const elements = collection.childForFieldName('body')?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 0;
		return constantIterations(elements);
	}
	if (CPU_COUNT.test(text)) {
		return { bound: 'cpu-count' };
	}
	if (TICKER.test(text) || (collection.type === 'call_expression' && /^time\.Tick$/.test(compact(collection.childForFieldName('function')?.text ?? '')))) {
		return { bound: 'infinite' };
	}
	if (CONFIGURED_SET.test(text)) {
		return { bound: 'count' };
	}
	if (collection.type === 'identifier') {
		const value = depth < 2 ? boundValue(collection.text, collection, file) : undefined;
		if (value) {
			return collectionIterations(value, names, file, depth + 1);
		}
		const type = parameterType(collection.text, collection);
		if (type !== undefined) {
			return INT_TYPE.test(type) ? { bound: 'count' } : { bound: 'input' };
		}
		// `for i := range n` over an int reads like a count; `for _, x := range xs` is a collection.
		if (names <= 1 && COUNT_NAME.test(collection.text)) {
			return { bound: 'count' };
		}
	}
	if (collection.type === 'selector_expression' && names <= 1 && COUNT_NAME.test(collection.childForFieldName('field')?.text ?? '')) {
		return { bound: 'count' };
	}
	return { bound: 'input' };
}

// --- Callbacks that run once per item

/** Walkers and ranges that call a function literal once per file or entry: an implicit loop over the input. */
const PER_ITEM_CALLEES = /^(?:filepath\.Walk|filepath\.WalkDir|fs\.WalkDir|afero\.Walk)$|\.Range$/;

function callbackLoop(call: Node): LoopScope | undefined {
	const callee = compact(call.childForFieldName('function')?.text ?? '');
	const args = call.childForFieldName('arguments');
	if (!args || !PER_ITEM_CALLEES.test(callee) || !args.namedChildren.some((a) => a?.type === 'func_literal')) {
		return undefined;
	}
	return { node: call, label: `${shorten(callee, 32)}(…)`, bound: 'input', body: args, implicit: true };
}

/** True when a function literal passed to `call` runs once per item, right away. */
export function isPerItemCallback(call: Node): boolean {
	return PER_ITEM_CALLEES.test(compact(call.childForFieldName('function')?.text ?? ''));
}
