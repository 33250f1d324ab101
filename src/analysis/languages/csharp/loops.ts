import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope } from '../../languageSupport';
import { counterComparison, limitIterations } from '../../loopHelpers';
import { constantIterations, integerLiteral, type Iterations, loopHeader, parentOf, shorten, tightest } from '../../syntaxHelpers';
import { declarationOf } from './declarations';
import { describe, methodCall, qualifiedCallee, unwrapExpression } from './symbols';

// --- Loops: how often a loop body runs, from its header

/** Methods that implicitly loop over their receiver (or first argument, for `Array.ForEach`): per-item spawning in them repeats. */
const LOOPING_METHODS = new Set(['ForEach', 'Select', 'SelectMany', 'ConvertAll', 'Aggregate']);

function countIterations(limit: Node | null | undefined): Iterations {
	if (!limit) {
		return { bound: 'infinite' };
	}
	return limitIterations(limit.text, /\.\s*(?:Length|Count|LongLength)\b|\.\s*Count\s*\(/);
}

/** `i < n`, `i <= n`, `n > i`, `i >= 0` (counting down from an initializer); see counterComparison. */
function comparisonIterations(condition: Node | null, initializer?: Node | null): Iterations | undefined {
	const comparison = condition ? counterComparison(unwrapExpression(condition)) : undefined;
	if (!comparison) {
		return undefined;
	}
	if (comparison.direction === 'up') {
		return countIterations(comparison.limit);
	}
	// `for (var i = items.Count - 1; i >= 0; i--)` counts down from the initializer.
	const start = initializer?.descendantsOfType('variable_declarator')[0];
	const from = start ? start.namedChildren[start.namedChildCount - 1] : undefined;
	return from && integerLiteral(comparison.limit.text) !== undefined
		? countIterations(from.type === 'binary_expression' ? from.childForFieldName('left') : from)
		: countIterations(comparison.counter);
}

/** How often a `foreach` (or a LINQ method) over `iterable` runs: a literal list is its length. */
export function iterationsOver(iterable: Node | null, file: FileContext): Iterations {
	if (!iterable) {
		return { bound: 'input' };
	}
	const n = unwrapExpression(iterable);
	const initializer = n.type === 'initializer_expression' ? n : n.namedChildren.find((c) => c?.type === 'initializer_expression');
	if (initializer && /array_creation|collection_expression|object_creation|initializer_expression/.test(n.type)) {
		return constantIterations(initializer.namedChildCount);
	}
	if (n.type === 'collection_expression') {
		return constantIterations(n.namedChildCount);
	}
	if (n.type === 'identifier') {
		// `var names = new[] { "reader", "writer" }; foreach (var name in names)`: a literal list is a fixed count.
		const value = declarationOf(n.text, n)?.value;
		const literal = value ? unwrapExpression(value) : undefined;
		if (
			literal &&
			(/array_creation|collection_expression|initializer_expression/.test(literal.type) ||
				(literal.type === 'object_creation_expression' && literal.childForFieldName('initializer')))
		) {
			return iterationsOver(literal, file);
		}
	}
	if (n.type === 'invocation_expression' && qualifiedCallee(n, file, (c) => /^Enumerable\.(?:Range|Repeat)$/.test(c))) {
		const args = n.childForFieldName('arguments')?.namedChildren ?? [];
		return countIterations(args[1]?.namedChild(0) ?? args[1]);
	}
	return { bound: 'input' };
}

function whileIterations(condition: Node | null): Iterations {
	if (condition && unwrapExpression(condition).type === 'boolean_literal') {
		return condition.text.includes('false') ? constantIterations(0) : { bound: 'infinite' };
	}
	const c = condition ? unwrapExpression(condition) : undefined;
	if (c?.type === 'binary_expression' && c.childForFieldName('operator')?.text === '&&') {
		// `while (running && started < limit)`: the tightest conjunct bounds the loop.
		return tightest(whileIterations(c.childForFieldName('left')), whileIterations(c.childForFieldName('right')));
	}
	// `while (true)`, `while (!token.IsCancellationRequested)`, `while ((line = reader.ReadLine()) != null)`.
	return comparisonIterations(condition) ?? { bound: 'infinite' };
}

/** `items.ForEach(x => …)`, `Array.ForEach(items, x => …)`, `items.Select(x => …)`: the delegate is the body. */
export function implicitLoop(call: Node, file: FileContext): LoopScope | undefined {
	const parts = methodCall(call);
	if (!parts || !LOOPING_METHODS.has(parts.method)) {
		return undefined;
	}
	const args = call.childForFieldName('arguments')?.namedChildren ?? [];
	const body = args
		.map((a) => a?.namedChild(0))
		.reverse()
		.find((a) => a?.type === 'lambda_expression' || a?.type === 'anonymous_method_expression');
	if (!body) {
		return undefined;
	}
	const source = parts.receiver && !/^(?:Array|Parallel)$/.test(parts.receiver.text) ? parts.receiver : args[0]?.namedChild(0);
	if (!source || source.id === body.id) {
		return undefined;
	}
	return { node: call, label: shorten(`${describe(source)}.${parts.method}(…)`), ...iterationsOver(source, file), body, implicit: true };
}

export function csharpLoopScope(node: Node, file: FileContext): LoopScope | undefined {
	const body = node.childForFieldName('body');
	switch (node.type) {
		case 'for_statement':
			if (!body) {
				return undefined;
			}
			return {
				node,
				label: loopHeader(node, body),
				body,
				...(comparisonIterations(node.childForFieldName('condition'), node.childForFieldName('initializer')) ?? { bound: 'infinite' }),
			};
		case 'foreach_statement':
			return body ? { node, label: loopHeader(node, body), body, ...iterationsOver(node.childForFieldName('right'), file) } : undefined;
		case 'while_statement':
			return body ? { node, label: loopHeader(node, body), body, ...whileIterations(node.childForFieldName('condition')) } : undefined;
		case 'do_statement':
			return body
				? {
						node,
						label: `do … while (${shorten(node.childForFieldName('condition')?.text ?? '', 30)})`,
						body,
						...whileIterations(node.childForFieldName('condition')),
					}
				: undefined;
		case 'argument': {
			// The engine asks each ancestor of a site; the delegate's argument is the one inside the call.
			const call = parentOf(node)?.type === 'argument_list' ? parentOf(parentOf(node)) : undefined;
			const loop = call?.type === 'invocation_expression' ? implicitLoop(call, file) : undefined;
			return loop && parentOf(loop.body)?.id === node.id ? loop : undefined;
		}
	}
	return undefined;
}
