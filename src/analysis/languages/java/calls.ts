import type { Node } from '@vscode/tree-sitter-wasm';
import { compact, parentOf, parentSkippingParens } from '../../syntaxHelpers';
import type { JavaFacts } from './facts';

// --- Recognizing Java calls and constructions from the word a trigger hit

/** The `new T(…)` whose type name is `name` (`Thread`, `java.lang.Thread`, `Worker<T>`). */
export function creationOf(name: Node): Node | undefined {
	let type: Node = name;
	for (let p = parentOf(type); p; p = parentOf(type)) {
		const last = p.type === 'scoped_type_identifier' && p.lastNamedChild?.id === type.id;
		const generic = p.type === 'generic_type' && p.firstNamedChild?.id === type.id;
		if (!last && !generic) {
			break;
		}
		type = p;
	}
	const creation = parentOf(type);
	return creation?.type === 'object_creation_expression' && creation.childForFieldName('type')?.id === type.id ? creation : undefined;
}

/** The method call whose name is this identifier: `start` in `pb.start()`. */
export function invocationOf(name: Node): Node | undefined {
	const call = parentOf(name);
	return name.type === 'identifier' && call?.type === 'method_invocation' && call.childForFieldName('name')?.id === name.id ? call : undefined;
}

/** The receiver text of a method call without whitespace: `Runtime.getRuntime()`; '' for a bare call. */
export function receiverText(call: Node): string {
	return compact(call.childForFieldName('object')?.text ?? '');
}

/** `Executors.newFixedThreadPool(…)`, the fully qualified form, or a bare call after a static import. */
export function isExecutorsCall(call: Node, facts: JavaFacts): boolean {
	const receiver = receiverText(call);
	if (receiver) {
		return receiver === 'Executors' || receiver === 'java.util.concurrent.Executors';
	}
	return facts.staticExecutors.has('*') || facts.staticExecutors.has(call.childForFieldName('name')?.text ?? '');
}

/**
 * Follows a builder chain up from `start` (`new ProcessBuilder(…).directory(d).start()`) to the call named
 * by `ends`; undefined when the chain stops before one.
 */
export function chainEnd(start: Node, ends: RegExp): Node | undefined {
	let n = start;
	for (
		let parent = parentSkippingParens(n);
		parent?.type === 'method_invocation' && parent.childForFieldName('object')?.id === n.id;
		parent = parentSkippingParens(n)
	) {
		n = parent;
		if (ends.test(n.childForFieldName('name')?.text ?? '')) {
			return n;
		}
	}
	return undefined;
}

/** The arguments of a call or construction, without comments. */
export function argumentsOf(call: Node): Node[] {
	return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'line_comment' && a.type !== 'block_comment');
}
