import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { climbUntil, compact, parentOf, parentSkippingParens, remembered } from '../../syntaxHelpers';
import { resolveName, createCppFacts } from './facts';

// --- Reading calls, constructions and names in tree-sitter-cpp trees

/** Node types that are a name, possibly qualified or with template arguments: `std::this_thread::sleep_for`. */
const NAME_WRAPPERS = new Set(['qualified_identifier', 'template_function', 'template_type']);

/**
 * The whole (qualified) name that `part` is the last segment of: `thread` in `std::thread` → the
 * `std::thread` node. Stops at the first parent that is not a name.
 */
export function wholeName(part: Node): Node {
	let node = part;
	for (let up = parentOf(node); up && NAME_WRAPPERS.has(up.type) && up.childForFieldName('name')?.id === node.id; up = parentOf(node)) {
		node = up;
	}
	return node;
}

/** A name as written without whitespace, template arguments or a leading `::`: `::std::make_unique<T>` → `std::make_unique`. */
export function plainName(name: Node): string {
	return compact(name.text).replace(/<.*>$/, '').replace(/^::/, '');
}

export function isCall(node: Node | null | undefined): boolean {
	return node?.type === 'call_expression';
}

/** The call whose callee ends with `part` (a name segment or the method name): `sleep_for` → the call. */
export function callOf(part: Node): Node | undefined {
	let callee = wholeName(part);
	const field = parentOf(callee);
	if (field?.type === 'field_expression' && field.childForFieldName('field')?.id === callee.id) {
		callee = field;
	}
	const call = parentOf(callee);
	return call && isCall(call) && call.childForFieldName('function')?.id === callee.id ? call : undefined;
}

/** The written name of a free-function call (`std::async`, `::sleep`), undefined for method calls and lambdas. */
export function calleeName(call: Node): string | undefined {
	const fn = call.childForFieldName('function');
	return fn && (fn.type === 'identifier' || NAME_WRAPPERS.has(fn.type)) ? plainName(fn) : undefined;
}

/**
 * The qualified name of a free-function call that `accept` takes, resolving `using` declarations, `using
 * namespace` (one candidate per namespace) and namespace aliases. Undefined for method calls and lambdas.
 */
export function qualifiedCallee(call: Node, file: FileContext, accept: (qualified: string) => boolean = () => true): string | undefined {
	const written = calleeName(call);
	return written === undefined ? undefined : resolveName(written, file, accept);
}

/** A method call's receiver and method name: `workers_.emplace_back(…)` → `workers_`, `emplace_back`. */
export function methodCall(call: Node): { receiver: Node; method: string } | undefined {
	const fn = call.childForFieldName('function');
	if (fn?.type !== 'field_expression') {
		return undefined;
	}
	const receiver = fn.childForFieldName('argument');
	const method = fn.childForFieldName('field');
	return receiver && method ? { receiver, method: method.text } : undefined;
}

/** The name a receiver goes by: `this->workers_` → `workers_`, `pool.threads` → `threads`, `&sem` → `sem`. */
export function receiverName(receiver: Node): string | undefined {
	const text = compact(receiver.text).replace(/^&/, '');
	const match = /(\w+)$/.exec(text);
	return match && /^(?:(?:this|\(\*this\))(?:->|\.))?[\w.>-]*$/.test(text) ? match[1] : undefined;
}

/** The arguments of a call, construction or `new` (named children only). */
export function argumentsOf(node: Node): Node[] {
	const args = node.childForFieldName('arguments') ?? node.childForFieldName('value') ?? (node.type === 'argument_list' ? node : undefined);
	return (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

/** A bare C function (`sleep`, `::fork`) that no function of this file shadows. */
export function isLibraryFunction(call: Node, names: ReadonlySet<string>, file: FileContext): string | undefined {
	const name = calleeName(call)?.replace(/^std::/, '');
	if (name === undefined || !names.has(name) || file.facts(createCppFacts).definesFunction(name)) {
		return undefined;
	}
	return name;
}

/** `co_await x` (through parentheses). */
export function isCoAwaited(node: Node): boolean {
	return parentSkippingParens(node)?.type === 'co_await_expression';
}

/** Short text for messages: the receiver of a method, cut to a readable length. */
export function shortText(node: Node): string {
	const text = compact(node.text).replace(/\((?!\)).*\)$/, '(…)');
	return text.length > 24 ? '…' : text;
}

/** Whether the site sits in a parse error that is not contained by an intact function (macro-heavy code). */
export function inBrokenCode(node: Node): boolean {
	const known = remembered(node.tree.rootNode, inBrokenCode, () => new Map<number, boolean>());
	return (
		node.hasError ||
		climbUntil(parentOf(node), known, (p) =>
			p.type === 'ERROR' ? true : p.type === 'function_definition' || p.type === 'lambda_expression' ? false : undefined,
		)
	);
}
