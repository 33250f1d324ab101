import type { Node } from '@vscode/tree-sitter-wasm';
import type { FunctionScope, SyntaxModel } from '../../languageSupport';
import { compact, parentOf, shorten } from '../../syntaxHelpers';
import { isGoFunction } from './facts';
import { spawnLimiter } from './limiters';
import { goLoopScope, isPerItemCallback } from './loops';

// --- Function scopes

/** Callees that run a function literal argument on another goroutine. */
const OFFLOAD_CALLEES = /\.(?:Go|TryGo|Submit|SubmitErr)$|^time\.AfterFunc$/;
/** Callees that run a function literal argument right away, on the caller's goroutine. */
const INLINE_CALLEES = /^(?:sort\.(?:Slice|SliceStable|Search)|slices\.\w+Func|strings\.\w+Func|strings\.Map|bytes\.\w+Func)$|\.(?:Do|Run)$/;

/** Single-parameter request contexts of the common web frameworks: gin, echo, fiber, fasthttp. */
const FRAMEWORK_CONTEXT = /^(?:\*gin\.Context|echo\.Context|\*fiber\.Ctx|\*fasthttp\.RequestCtx)$/;

function literalRuns(literal: Node): FunctionScope['runs'] {
	const parent = parentOf(literal);
	if (parent?.type === 'call_expression' && parent.childForFieldName('function')?.id === literal.id) {
		// `go func() {…}()` runs on a new goroutine; `func() {…}()` and `defer func() {…}()` on this one.
		return parentOf(parent)?.type === 'go_statement' ? 'elsewhere' : 'inline';
	}
	const call = parent?.type === 'argument_list' ? parentOf(parent) : undefined;
	if (call?.type !== 'call_expression') {
		return 'declared';
	}
	const callee = compact(call.childForFieldName('function')?.text ?? '');
	if (OFFLOAD_CALLEES.test(callee)) {
		return 'elsewhere';
	}
	return INLINE_CALLEES.test(callee) || isPerItemCallback(call) ? 'inline' : 'declared';
}

/**
 * A function that serves one request: `(w http.ResponseWriter, r *http.Request)` parameters (which covers
 * `ServeHTTP`, `http.HandleFunc` literals, chi and gorilla routes) or a framework context parameter.
 */
function isHandler(fn: Node): boolean {
	const types: string[] = [];
	for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
		const type = compact(param?.childForFieldName('type')?.text ?? '');
		types.push(...Array<string>(Math.max(1, param?.childrenForFieldName('name').length ?? 1)).fill(type));
	}
	const httpHandler = types.some((t) => /^\w+\.ResponseWriter$/.test(t)) && types.some((t) => /^\*\w+\.Request$/.test(t));
	return httpHandler || (types.length === 1 && FRAMEWORK_CONTEXT.test(types[0]));
}

function header(fn: Node): string {
	const body = fn.childForFieldName('body');
	const params = fn.childForFieldName('parameters');
	const end = fn.type === 'func_literal' ? body : params;
	return shorten(fn.text.slice(0, (end?.startIndex ?? fn.endIndex) - fn.startIndex).trim());
}

function functionScope(node: Node): FunctionScope | undefined {
	if (!isGoFunction(node)) {
		return undefined;
	}
	const name = node.childForFieldName('name')?.text;
	return {
		node,
		name,
		label: header(node),
		isAsync: false,
		runs: node.type === 'func_literal' ? literalRuns(node) : 'declared',
		isHandler: isHandler(node),
	};
}

// --- The model: Go has goroutines but no async functions, so the await questions always answer no.

export const goSyntax: SyntaxModel = {
	isFunction: isGoFunction,
	awaitPoints: { types: [] },
	functionScope,
	loopScope: goLoopScope,
	isAwaited: () => false,
	localCallOf(name) {
		const call = parentOf(name);
		return name.type === 'identifier' && call?.type === 'call_expression' && call.childForFieldName('function')?.id === name.id ? call : undefined;
	},
	spawnLimiter,
};
