import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope } from '../../languageSupport';
import { CONFIGURED_SET, counterComparison, limitIterations } from '../../loopHelpers';
import { compact, constantIterations, loopHeader, shorten, tightest, unwrapParens, type Iterations } from '../../syntaxHelpers';
import { boundValue } from './facts';

// --- How many times a Java loop runs

/** Factories that list their elements: `List.of("a", "b")`, `Arrays.asList(…)`, `Stream.of(…)`. */
const LIST_FACTORY = /^(?:List|Set|Stream|EnumSet|ImmutableList|ImmutableSet)\.of$|^Arrays\.asList$/;
/** Sizes of the input: `items.size()`, `args.length`, `stream.count()`. */
/** `list.size()` (the whole limit: its collection is captured) or a size inside it. */
const INPUT_SIZE = /^(.+)\.(?:size\(\)|length)$|\.(?:size|count|length|getLength|getSize)\(\)|\.length\b/;
/** Stream operations that call their lambda once per element. */
const STREAM_OPS = /^(?:map|mapToObj|mapToInt|mapToLong|flatMap|filter|peek|anyMatch|allMatch|noneMatch|forEach|forEachOrdered)$/;
/** Receivers that are evidently a stream. */
const STREAM_SOURCE =
	/(?:\.(?:stream|parallelStream|lines|chars|entrySet\(\)\.stream)\(\)|\b(?:Stream|IntStream|LongStream|Arrays\.stream|StreamSupport\.stream)\b)/;

/** Loop statements, and stream or collection callbacks that run once per element (`items.forEach(x -> …)`). */
export function javaLoopScope(node: Node, file: FileContext): LoopScope | undefined {
	switch (node.type) {
		case 'enhanced_for_statement': {
			const body = node.childForFieldName('body');
			const value = node.childForFieldName('value');
			return body && value ? { node, label: loopHeader(node, body), body, ...collectionIterations(value, file) } : undefined;
		}
		case 'for_statement': {
			const body = node.childForFieldName('body');
			return body ? { node, label: loopHeader(node, body), body, ...forIterations(node, file) } : undefined;
		}
		case 'while_statement': {
			const body = node.childForFieldName('body');
			const condition = node.childForFieldName('condition');
			return body ? { node, label: loopHeader(node, body), body, ...conditionIterations(condition, file) } : undefined;
		}
		case 'do_statement': {
			const body = node.childForFieldName('body');
			const condition = node.childForFieldName('condition');
			return body ? { node, label: `do … while ${shorten(condition?.text ?? '', 40)}`, body, ...conditionIterations(condition, file) } : undefined;
		}
		case 'method_invocation':
			return callbackLoop(node, file);
	}
	return undefined;
}

function forIterations(loop: Node, file: FileContext): Iterations {
	const condition = loop.childForFieldName('condition');
	if (!condition) {
		return { bound: 'infinite' };
	}
	// `for (Iterator<T> it = xs.iterator(); it.hasNext();)`: once per element.
	return comparisonIterations(condition, loop, file) ?? { bound: 'input' };
}

function conditionIterations(condition: Node | null, file: FileContext): Iterations {
	// `while (true)`, `while ((line = in.readLine()) != null)`, `while (running)`: until something says stop.
	return (condition && comparisonIterations(condition, undefined, file)) ?? { bound: 'infinite' };
}

/**
 * The iterations a counter comparison allows: `i < limit`, `i <= limit`, and counting down from a start
 * (`for (int i = list.size() - 1; i >= 0; i--)`); under two conditions (`&&`), the tighter one. Undefined
 * when the condition is not a comparison.
 */
function comparisonIterations(condition: Node, loop: Node | undefined, file: FileContext): Iterations | undefined {
	const inner = unwrapParens(condition);
	const [left, right] = [inner.childForFieldName('left'), inner.childForFieldName('right')];
	if (inner.type === 'binary_expression' && inner.childForFieldName('operator')?.text === '&&' && left && right) {
		const [l, r] = [comparisonIterations(left, loop, file), comparisonIterations(right, loop, file)];
		return l && r ? tightest(l, r) : (l ?? r);
	}
	const comparison = counterComparison(inner);
	if (comparison?.counter.type !== 'identifier') {
		return undefined;
	}
	if (comparison.direction === 'up') {
		return limitIterationsOf(comparison.limit, file);
	}
	const start = loop?.childForFieldName('init')?.descendantsOfType('variable_declarator')[0]?.childForFieldName('value');
	return start ? limitIterationsOf(start, file) : undefined;
}

/** How many iterations a limit expression allows: a literal, the CPU count, the input's size, a count. */
export function limitIterationsOf(limit: Node, file: FileContext, depth = 0): Iterations {
	const expr = unwrapParens(limit);
	const text = compact(expr.text);
	// `threads.length` of `new Thread[n]` is `n`.
	const array = /(?:^|\.)(\w+)\.length$/.exec(text);
	const created = array && depth < 2 ? boundValue(array[1], expr, file) : undefined;
	if (created?.type === 'array_creation_expression') {
		const size = created.childForFieldName('dimensions')?.namedChild(0);
		const initializer = created.childForFieldName('value');
		if (size) {
			return limitIterationsOf(size, file, depth + 1);
		}
		return initializer ? constantIterations(initializer.namedChildCount) : { bound: 'input' };
	}
	const iterations = limitIterations(text, INPUT_SIZE);
	const value = iterations.bound === 'count' && expr.type === 'identifier' && depth < 2 ? boundValue(expr.text, expr, file) : undefined;
	return value ? limitIterationsOf(value, file, depth + 1) : iterations;
}

function collectionIterations(collection: Node, file: FileContext, depth = 0): Iterations {
	const expr = unwrapParens(collection);
	const text = compact(expr.text);
	if (expr.type === 'method_invocation') {
		const callee = `${compact(expr.childForFieldName('object')?.text ?? '')}.${expr.childForFieldName('name')?.text ?? ''}`;
		const args = expr.childForFieldName('arguments')?.namedChildren ?? [];
		if (LIST_FACTORY.test(callee) && (args.length > 1 || /literal/.test(args[0]?.type ?? ''))) {
			return constantIterations(args.length);
		}
		// `for (Mode m : Mode.values())`: the constants of an enum.
		if (/^[A-Z]\w*\.values$/.test(callee) && args.length === 0) {
			return { bound: 'count' };
		}
		return { bound: 'input' };
	}
	if (expr.type === 'array_creation_expression') {
		const initializer = expr.childForFieldName('value');
		const size = expr.childForFieldName('dimensions')?.namedChild(0);
		return initializer ? constantIterations(initializer.namedChildCount) : size ? limitIterationsOf(size, file) : { bound: 'input' };
	}
	if (expr.type === 'array_initializer') {
		return constantIterations(expr.namedChildCount);
	}
	if (CONFIGURED_SET.test(text)) {
		return { bound: 'count' };
	}
	if (expr.type === 'identifier' || expr.type === 'field_access') {
		const name = expr.type === 'identifier' ? expr.text : (expr.childForFieldName('field')?.text ?? '');
		const value = depth < 2 ? boundValue(name, expr, file) : undefined;
		if (value) {
			return collectionIterations(value, file, depth + 1);
		}
		// An unresolved constant (`HOSTS`) is fixed in the code, not the input.
		if (/^[A-Z][A-Z0-9_]*$/.test(name)) {
			return { bound: 'count' };
		}
	}
	return { bound: 'input' };
}

// --- Callbacks that run once per item: `items.forEach(x -> …)`, `urls.stream().map(u -> …)`

function callbackLoop(call: Node, file: FileContext): LoopScope | undefined {
	const method = call.childForFieldName('name')?.text ?? '';
	const receiver = call.childForFieldName('object');
	const args = call.childForFieldName('arguments');
	if (!receiver || !args || !STREAM_OPS.test(method) || !args.namedChildren.some((a) => a?.type === 'lambda_expression')) {
		return undefined;
	}
	const chain = compact(receiver.text);
	if (!/^forEach/.test(method) && !STREAM_SOURCE.test(chain)) {
		return undefined;
	}
	return { node: call, label: `${shorten(chain, 32)}.${method}(…)`, bound: chainIterations(receiver, file).bound, body: args, implicit: true };
}

/** The size of what a stream chain or collection streams: `IntStream.range(0, n)`, `List.of(…)`, `items`. */
function chainIterations(receiver: Node, file: FileContext): Iterations {
	let root = receiver;
	for (let n: Node | null = receiver; n && n.type === 'method_invocation'; n = n.childForFieldName('object')) {
		root = n;
		const callee = `${compact(n.childForFieldName('object')?.text ?? '')}.${n.childForFieldName('name')?.text ?? ''}`;
		const args = n.childForFieldName('arguments')?.namedChildren ?? [];
		if (/^(?:IntStream|LongStream)\.range(?:Closed)?$/.test(callee) && args[1]) {
			return limitIterationsOf(args[1], file);
		}
		if (/^Arrays\.stream$/.test(callee) && args[0]) {
			return collectionIterations(args[0], file);
		}
	}
	if (root.type === 'method_invocation' && /^(?:stream|parallelStream)$/.test(root.childForFieldName('name')?.text ?? '')) {
		root = root.childForFieldName('object') ?? root;
	}
	return collectionIterations(root, file);
}
