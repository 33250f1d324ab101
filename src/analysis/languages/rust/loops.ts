import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope } from '../../languageSupport';
import { limitIterations } from '../../loopHelpers';
import { compact, constantIterations, CPU_COUNT, integerLiteral, type Iterations, loopHeader, parentOf, shorten, tightest } from '../../syntaxHelpers';
import { bindingOf, chainOf, enclosingFunctionItem, PARALLEL_ITERATOR } from './calls';

// --- Loops: how often a loop body runs, from its header

/** Adapters whose closure runs once per item: spawning in them repeats per item. */
const LOOPING_METHODS = new Set(['map', 'for_each', 'filter_map', 'flat_map', 'try_for_each', 'fold', 'try_fold', 'then', 'inspect']);
/** Methods that turn a collection into an iterator: a chain through one of these is a loop. */
const ITERATOR_SOURCES =
	/^(?:iter|into_iter|iter_mut|drain|chars|char_indices|bytes|lines|split\w*|rsplit\w*|chunks\w*|windows|keys|values|values_mut|into_keys|into_values|enumerate|zip|incoming|step_by|rev|skip|take|cycle|flatten|cloned|copied|peekable)$/;

function rangeIterations(range: Node): Iterations {
	const parts = range.children.filter((c): c is Node => !!c);
	const operator = parts.find((c) => c.type === '..' || c.type === '..=');
	const start = parts.find((c) => c.isNamed && operator && c.endIndex <= operator.startIndex);
	const end = parts.find((c) => c.isNamed && operator && c.startIndex >= operator.endIndex);
	if (!end) {
		return { bound: 'infinite' };
	}
	const high = integerLiteral(end.text);
	if (high !== undefined) {
		const low = start ? (integerLiteral(start.text) ?? 0) : 0;
		return constantIterations(Math.max(0, high - low + (operator?.type === '..=' ? 1 : 0)));
	}
	if (CPU_COUNT.test(end.text)) {
		return { bound: 'cpu-count' };
	}
	return { bound: /\.\s*len\s*\(\s*\)/.test(end.text) ? 'input' : 'count' };
}

/** The expression inside parentheses and `&`: `&(items)` → `items`. */
export function unwrap(node: Node): Node {
	let n = node;
	while ((n.type === 'parenthesized_expression' || n.type === 'reference_expression') && n.namedChildCount > 0) {
		n = n.namedChild(n.namedChildCount - 1)!;
	}
	return n;
}

/** How often `for x in <iterable>` (or an iterator chain over it) runs. */
export function iterableIterations(iterable: Node, file: FileContext): Iterations {
	let n = unwrap(iterable);
	if (n.type === 'call_expression') {
		// `data.chunks(chunk_size)` with a computed size is a chosen number of parts (often one per CPU).
		const size = chainArgument(n, /^(?:chunks|chunks_exact|chunks_mut|chunks_exact_mut)$/);
		if (size && integerLiteral(size.text) === undefined) {
			return { bound: 'count' };
		}
		// `jobs.iter().take(8)`: at most that many.
		const taken = integerLiteral(chainArgument(n, /^take$/)?.text ?? '');
		if (taken !== undefined) {
			return constantIterations(taken);
		}
		n = unwrap(chainOf(n, file).root);
		if (n.type === 'call_expression') {
			const fn = compact(n.childForFieldName('function')?.text ?? '');
			return /(?:^|::)(?:repeat|repeat_with)$/.test(fn) ? { bound: 'infinite' } : { bound: 'input' };
		}
	}
	if (n.type === 'range_expression') {
		return rangeIterations(n);
	}
	if (n.type === 'identifier') {
		// `let variants = vec!["a", "b"]; for v in variants`: a literal list is a fixed number of items.
		const value = bindingOf(n.text, n)?.value;
		if (value && (value.type === 'array_expression' || isVecLiteral(value))) {
			return iterableIterations(value, file);
		}
	}
	if (n.type === 'array_expression') {
		return n.children.some((c) => c?.type === ';') ? { bound: 'input' } : constantIterations(n.namedChildCount);
	}
	if (isVecLiteral(n)) {
		const tokens = n.namedChildren.find((c) => c?.type === 'token_tree');
		const items = tokens ? tokens.children.filter((c) => c?.type === ',').length + 1 : 0;
		return tokens && !tokens.children.some((c) => c?.type === ';') ? constantIterations(items) : { bound: 'input' };
	}
	return { bound: 'input' };
}

/** The first argument of the first call to a method matching `method` in an iterator chain: `8` in `.take(8)`. */
function chainArgument(call: Node, method: RegExp): Node | undefined {
	for (let n: Node | null | undefined = call; n?.type === 'call_expression'; ) {
		const fn = n.childForFieldName('function');
		const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
		if (access?.type !== 'field_expression') {
			return undefined;
		}
		if (method.test(access.childForFieldName('field')?.text ?? '')) {
			return n.childForFieldName('arguments')?.namedChild(0) ?? undefined;
		}
		n = unwrap(access.childForFieldName('value')!);
	}
	return undefined;
}

function isVecLiteral(node: Node): boolean {
	return node.type === 'macro_invocation' && node.childForFieldName('macro')?.text === 'vec';
}

function whileIterations(condition: Node | null): Iterations {
	if (!condition) {
		return { bound: 'infinite' };
	}
	if (condition.type === 'let_condition' || condition.type === 'let_chain') {
		// `while let Some(job) = rx.recv().await`, `while let Some(node) = stack.pop()`: once per item.
		return { bound: 'input' };
	}
	const c = unwrap(condition);
	if (c.type === 'binary_expression' && c.childForFieldName('operator')?.text === '&&') {
		// `while queue.len() > idle * 5 && threads < limit`: the tightest conjunct bounds the loop.
		return tightest(whileIterations(c.childForFieldName('left')), whileIterations(c.childForFieldName('right')));
	}
	if (c.type === 'binary_expression' && /^<=?$/.test(c.childForFieldName('operator')?.text ?? '')) {
		return limitIterations(c.childForFieldName('right')!.text, /\.\s*len\s*\(/);
	}
	return { bound: 'infinite' };
}

/** `items.iter().for_each(|x| …)`, `urls.into_iter().map(|u| tokio::spawn(…))`: the closure is the body. */
export function implicitLoop(call: Node, file: FileContext): LoopScope | undefined {
	const fn = call.childForFieldName('function');
	const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
	const method = access?.type === 'field_expression' ? access.childForFieldName('field')?.text : undefined;
	if (!method || !LOOPING_METHODS.has(method)) {
		return undefined;
	}
	const body = call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'closure_expression');
	if (!body) {
		return undefined;
	}
	const receiver = access!.childForFieldName('value')!;
	const chain = chainOf(receiver, file);
	const root = unwrap(chain.root);
	const isIterator =
		chain.methods.some((m) => ITERATOR_SOURCES.test(m)) ||
		root.type === 'range_expression' ||
		/(?:^|::)(?:stream::)?iter$/.test(compact(root.childForFieldName('function')?.text ?? ''));
	if (!isIterator || chain.methods.some((m) => PARALLEL_ITERATOR.test(m))) {
		return undefined;
	}
	const label = shorten(`${compact(receiver.text).slice(0, 36)}.${method}(…)`);
	return { node: call, label, body, implicit: true, ...iterableIterations(receiver, file) };
}

function inPollFunction(node: Node): boolean {
	return /^poll(?:_|$)/.test(enclosingFunctionItem(node)?.childForFieldName('name')?.text ?? '');
}

export function rustLoopScope(node: Node, file: FileContext): LoopScope | undefined {
	const body = node.childForFieldName('body');
	switch (node.type) {
		case 'for_expression': {
			const value = node.childForFieldName('value');
			return body && value ? { node, label: loopHeader(node, body), body, ...iterableIterations(value, file) } : undefined;
		}
		case 'while_expression':
			return body ? { node, label: loopHeader(node, body), body, ...whileIterations(node.childForFieldName('condition')) } : undefined;
		case 'loop_expression':
			// In `fn poll_…` a `loop` is a state machine that returns on its first pending step, not an event loop.
			return body ? { node, label: 'loop', body, bound: inPollFunction(node) ? 'count' : 'infinite' } : undefined;
		case 'arguments': {
			// The engine asks each ancestor of a site; the closure's argument list is the one inside the call.
			const parent = parentOf(node);
			const loop = parent?.type === 'call_expression' ? implicitLoop(parent, file) : undefined;
			return loop && parentOf(loop.body)?.id === node.id ? loop : undefined;
		}
	}
	return undefined;
}
