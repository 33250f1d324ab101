import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { parentOf, unwrapParens } from '../../syntaxHelpers';
import { isCall, methodCall, receiverName, qualifiedCallee } from './calls';
import { isDeclared, type DeclaredKind } from './facts';

// --- Recognising std::future values and thread handles, for waits and joins

const CONTAINER_ACCESS = /^(?:back|front|at)$/;

/**
 * Whether `expr` evidently holds a `kind` value: a name declared with that type (or bound to a call
 * that returns one), an element of a container of them (`futs[i]`, `futs.back()`, the variable of a
 * range-for over them), or for futures a call that returns one (`std::async(…)`, `p.get_future()`).
 */
export function holds(expr: Node, kind: 'future' | 'thread', file: FileContext): boolean {
	const node = unwrapParens(expr);
	const container: DeclaredKind = kind === 'future' ? 'future-container' : 'thread-container';
	if (node.type === 'identifier' || node.type === 'field_expression') {
		const name = receiverName(node);
		return !!name && (isDeclared(file, kind, name, node) || (node.type === 'identifier' && iteratesOver(node, container, file)));
	}
	if (node.type === 'subscript_expression') {
		const name = receiverName(node.childForFieldName('argument') ?? node);
		return !!name && isDeclared(file, container, name, node);
	}
	if (!isCall(node)) {
		return false;
	}
	const method = methodCall(node);
	if (method && CONTAINER_ACCESS.test(method.method)) {
		const name = receiverName(method.receiver);
		return !!name && isDeclared(file, container, name, node);
	}
	if (kind === 'thread') {
		return false;
	}
	return (method !== undefined && /^(?:get_future|share)$/.test(method.method)) || !!qualifiedCallee(node, file, (q) => q === 'std::async');
}

export function isFutureExpression(expr: Node, file: FileContext): boolean {
	return holds(expr, 'future', file);
}

/** `f` in `for (auto& f : futures) f.get();` when `futures` is declared as a container of `kind`. */
function iteratesOver(name: Node, kind: DeclaredKind, file: FileContext): boolean {
	for (let p = parentOf(name); p && p.type !== 'function_definition' && p.type !== 'lambda_expression'; p = parentOf(p)) {
		if (p.type !== 'for_range_loop') {
			continue;
		}
		const variable = p.childForFieldName('declarator')?.descendantsOfType('identifier')[0];
		const iterable = p.childForFieldName('right');
		if (variable?.text === name.text) {
			const container = iterable ? receiverName(iterable) : undefined;
			return !!container && isDeclared(file, kind, container, p);
		}
	}
	return false;
}
