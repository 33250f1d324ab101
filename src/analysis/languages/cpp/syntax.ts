import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, FunctionScope, SyntaxModel } from '../../languageSupport';
import { compact, descendantsOf, LIMITER_NAME, ownDescendants, parentOf, parentSkippingParens, remembered, shorten } from '../../syntaxHelpers';
import { argumentsOf, calleeName, callOf, isCall, isCoAwaited, methodCall, plainName, receiverName, qualifiedCallee } from './calls';
import { isDeclared } from './facts';
import { isFutureExpression } from './futures';
import { cppLoopScope } from './loops';

// --- Scopes: functions, lambdas and C++20 coroutines

/** A function or lambda: the boundary of "this function's own code". */
export const isCppFunction = (n: Node) => n.type === 'lambda_expression' || (n.type === 'function_definition' && !isMacroBlock(n));

/** `co_await`, `co_return` or `co_yield` in a body makes the function a coroutine. */
export const COROUTINE_KEYWORD = /\bco_(?:await|return|yield)\b/;
const COROUTINE_NODES = ['co_await_expression', 'co_return_statement', 'co_yield_statement'];
/** Synchronous generators (`std::generator<T>`) yield to their caller's loop; they are not async code. */
const SYNC_GENERATOR = /generator\b/i;

/** Types a request handler takes: cpp-httplib, Crow, Drogon, Beast, Pistache, cpprestsdk, Qt HTTP server. */
const REQUEST_TYPE = /(?:^|::)(?:Request|HttpRequest|HttpRequestPtr|http_request|QHttpServerRequest)$|(?:^|::)http::request<|^crow::request$/;

/** Callees that run a lambda argument right away on the caller's thread: the standard algorithms. */
const INLINE_CALLEES =
	/^std::(?:ranges::)?(?:for_each|for_each_n|transform|generate|generate_n|sort|stable_sort|partial_sort|nth_element|find_if|find_if_not|any_of|all_of|none_of|count_if|remove_if|copy_if|replace_if|partition|stable_partition|accumulate|reduce|transform_reduce|inclusive_scan|exclusive_scan|max_element|min_element|minmax_element|adjacent_find|unique|lower_bound|upper_bound|equal_range|binary_search|visit|invoke|apply|erase_if|call_once)$/;
/** Callees that run a lambda argument on another thread: thread constructors, std::async, executors. */
const OFFLOAD_CALLEES = /^(?:std::(?:j?thread|async)|boost::thread|(?:boost::)?asio::(?:post|dispatch|defer)|QtConcurrent::run|QThread::create)$/;
const OFFLOAD_METHODS = /^(?:post|dispatch|defer|submit|enqueue|execute|push_task|detach_task|submit_task|create_thread|emplace_back|emplace|start|run)$/;

/** The declarator inside `int* Foo::bar(…) const` that names the function. */
function functionDeclarator(def: Node): Node | undefined {
	let d = def.childForFieldName('declarator');
	while (d && d.type !== 'function_declarator') {
		d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => !!c && /declarator$/.test(c.type)) ?? null;
	}
	return d ?? undefined;
}

/** The name one-hop calls use (`bar` for `Foo::bar`) and the name shown (`Foo::bar`). */
function functionNames(declarator: Node | undefined): { name?: string; shown: string } {
	const written = declarator?.childForFieldName('declarator');
	if (!written) {
		return { shown: 'function' };
	}
	let last = written;
	while (last.type === 'qualified_identifier' && last.childForFieldName('name')) {
		last = last.childForFieldName('name')!;
	}
	const name = last.type === 'identifier' || last.type === 'field_identifier' ? last.text : undefined;
	return { name, shown: compact(written.text) };
}

/** A coroutine: its own body (not a nested lambda) suspends or returns with `co_`, and it is no plain generator. */
function isCoroutine(fn: Node): boolean {
	const body = fn.childForFieldName('body');
	if (!body || !COROUTINE_KEYWORD.test(body.text)) {
		return false;
	}
	const signature = fn.text.slice(0, body.startIndex - fn.startIndex);
	if (SYNC_GENERATOR.test(signature) && !/async/i.test(signature)) {
		return false;
	}
	return ownDescendants(body, COROUTINE_NODES, isCppFunction).length > 0;
}

function takesRequest(parameters: Node | null | undefined): boolean {
	return (parameters?.namedChildren ?? []).some((p) => {
		const type = p?.childForFieldName('type');
		return !!type && REQUEST_TYPE.test(compact(type.text));
	});
}

/** Where a lambda's body runs: inline (an algorithm, an immediate call), elsewhere (a thread), or later. */
function lambdaRuns(lambda: Node, file: FileContext): FunctionScope['runs'] {
	const parent = parentSkippingParens(lambda);
	if (parent && isCall(parent) && parent.childForFieldName('function')?.id === lambda.id) {
		return 'inline';
	}
	if (parent?.type !== 'argument_list' && parent?.type !== 'initializer_list') {
		return 'declared';
	}
	const holder = parentOf(parent);
	if (!holder) {
		return 'declared';
	}
	if (isCall(holder)) {
		if (qualifiedCallee(holder, file, (q) => INLINE_CALLEES.test(q))) {
			return 'inline';
		}
		const method = methodCall(holder)?.method;
		return qualifiedCallee(holder, file, (q) => OFFLOAD_CALLEES.test(q)) || (method && OFFLOAD_METHODS.test(method)) ? 'elsewhere' : 'declared';
	}
	// `std::thread t([&] { … })`, `new std::thread([&] { … })`, `std::jthread{[&] { … }}`.
	const typeNode = holder.type === 'init_declarator' ? parentOf(holder)?.childForFieldName('type') : holder.childForFieldName('type');
	return typeNode && /(?:^|::)j?thread$/.test(plainName(typeNode)) ? 'elsewhere' : 'declared';
}

/** `server.Post("/jobs", …)` for a handler lambda registered on a route. */
function handlerLabel(lambda: Node): string {
	const call = parentOf(lambda)?.type === 'argument_list' ? parentOf(parentOf(lambda)) : undefined;
	const fn = call && isCall(call) ? call.childForFieldName('function') : undefined;
	if (!call || !fn) {
		return 'request handler';
	}
	const route = argumentsOf(call).find((a) => /string_literal/.test(a.type));
	return shorten(`${compact(fn.text)}(${route ? `${route.text}, ` : ''}…)`);
}

function functionScope(node: Node, file: FileContext): FunctionScope | undefined {
	if (node.type === 'function_definition' && !isMacroBlock(node)) {
		const declarator = functionDeclarator(node);
		const { name, shown } = functionNames(declarator);
		const isAsync = isCoroutine(node);
		return {
			node,
			name,
			label: isAsync ? `coroutine ${shown}` : `${shown}()`,
			isAsync,
			runs: 'declared',
			isHandler: takesRequest(declarator?.childForFieldName('parameters')),
		};
	}
	if (node.type === 'lambda_expression') {
		const isAsync = isCoroutine(node);
		const parameters = node.childForFieldName('declarator')?.childForFieldName('parameters');
		const isHandler = takesRequest(parameters);
		return { node, label: isAsync ? 'coroutine lambda' : isHandler ? handlerLabel(node) : 'lambda', isAsync, runs: lambdaRuns(node, file), isHandler };
	}
	return undefined;
}

/**
 * A function definition inside a function body is a macro invocation followed by a block that the grammar
 * mistook for one (`BOOST_FOREACH(auto& x, items) { … }`, `Q_FOREACH(…) { … }`): the block runs in place.
 */
function isMacroBlock(def: Node): boolean {
	return parentOf(def)?.type === 'compound_statement';
}

/** `co_await asio::post(pool, …)`, `co_await pool.schedule()`, `co_await resume_background()`: a hop onto a pool thread. */
const POOL_HOP =
	/\b(?:post|dispatch|defer|schedule|resume_on|transfer|continue_on)\s*\([^()]*pool|\b(?:\w*pool|tp|\w*workers?|\w*background|cpu)\w*\s*(?:\.|->)\s*schedule\s*\(|\bresume_background\s*\(|\bswitch_to\s*\(/i;

/**
 * Whether the coroutine around `node` has moved itself onto a thread pool before it: blocking there is
 * what the pool is for (it is the fix the messages suggest), so nothing is flagged after the hop.
 */
export function resumedOnPool(node: Node): boolean {
	let fn = parentOf(node);
	while (fn && !isCppFunction(fn)) {
		fn = parentOf(fn);
	}
	const body = fn?.childForFieldName('body');
	if (!body || !POOL_HOP.test(body.text)) {
		return false;
	}
	return ownDescendants(body, 'co_await_expression', isCppFunction).some((a) => a.endIndex <= node.startIndex && POOL_HOP.test(a.text));
}

// --- What bounds a spawn in a loop body

const JOIN_FUNCTIONS = /^(?:pthread_join|thrd_join|uv_thread_join|WaitForSingleObject|WaitForMultipleObjects|WaitForSingleObjectEx|waitpid|wait)$/;
const SEMAPHORE_FUNCTIONS = /^(?:sem_wait|sem_timedwait|WaitForSingleObject|WaitForSingleObjectEx)$/;

function isLimiterName(name: Node | undefined, file: FileContext, at: Node): boolean {
	const plain = name ? receiverName(name) : undefined;
	return !!plain && (LIMITER_NAME.test(plain) || isDeclared(file, 'semaphore', plain, at));
}

/** `sem.acquire()`, `sem_wait(&sem)`, `cv.wait(lock, [&] { return running < max; })` before the spawn. */
function acquiresBefore(spawn: Node, within: Node, file: FileContext): boolean {
	return callsThat(within, isAcquire, file).some((call) => call.endIndex <= spawn.startIndex);
}

function isAcquire(call: Node, file: FileContext): boolean {
	const method = methodCall(call);
	if (method) {
		if (method.method === 'acquire') {
			return isLimiterName(method.receiver, file, call);
		}
		// A condition variable waited on with a predicate: a hand-rolled limit on threads in flight.
		return method.method === 'wait' && argumentsOf(call).length === 2 && /(?:cv|cond|condition)\w*$/i.test(method.receiver.text);
	}
	const name = calleeName(call)?.replace(/^::/, '');
	return !!name && SEMAPHORE_FUNCTIONS.test(name) && isLimiterName(argumentsOf(call)[0], file, call);
}

/** A join (or a wait for the child process or the future) after the spawn in the same iteration. */
function joinsAfter(spawn: Node, within: Node, file: FileContext): boolean {
	return callsThat(within, isJoin, file).some((call) => call.startIndex >= spawn.endIndex);
}

/**
 * The calls in `within` that pass `test`, read once per body: every spawn in a body asks, and the file is
 * the tree's own, so the answer holds for all of them.
 */
function callsThat(within: Node, test: (call: Node, file: FileContext) => boolean, file: FileContext): readonly Node[] {
	return remembered(within, test, (w) => descendantsOf(w, 'call_expression').filter((call) => test(call, file)));
}

function isJoin(call: Node, file: FileContext): boolean {
	const method = methodCall(call);
	if (method) {
		return method.method === 'join' || ((method.method === 'get' || method.method === 'wait') && isFutureExpression(method.receiver, file));
	}
	const name = calleeName(call);
	if (!name || !JOIN_FUNCTIONS.test(name)) {
		return false;
	}
	// `waitpid(-1, &status, WNOHANG)` reaps finished children without waiting for one.
	return !/\bWNOHANG\b/.test(call.text) && (name !== 'wait' || argumentsOf(call).length <= 1);
}

export const cppSyntax: SyntaxModel = {
	isFunction: isCppFunction,
	awaitPoints: { types: ['co_await_expression', 'co_yield_statement'] },
	functionScope,
	loopScope: cppLoopScope,
	isAwaited: isCoAwaited,
	localCallOf(name) {
		const call = callOf(name);
		if (!call) {
			return undefined;
		}
		const fn = call.childForFieldName('function');
		if (fn?.type === 'identifier') {
			return call;
		}
		const method = methodCall(call);
		return method && /^(?:this|\(\*this\))$/.test(compact(method.receiver.text)) ? call : undefined;
	},
	spawnLimiter(spawn, within, file) {
		if (acquiresBefore(spawn, within, file)) {
			return 'a semaphore acquired before the spawn';
		}
		return joinsAfter(spawn, within, file) ? 'joined in the same iteration' : undefined;
	},
};
