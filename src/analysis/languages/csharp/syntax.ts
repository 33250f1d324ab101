import type { Node } from '@vscode/tree-sitter-wasm';
import type { AwaitPoints, FileContext, FunctionScope, SyntaxModel } from '../../languageSupport';
import { callAfter, callBefore, compact, containsAwait, LIMITER_NAME, parentOf, parentSkippingParens, shorten } from '../../syntaxHelpers';
import { originOf } from './declarations';
import { csharpLoopScope } from './loops';
import { callOfName, isCSharpFunction, methodCall, qualifiedCallee } from './symbols';

// --- Function scopes

/** Methods that run a lambda argument right away on the caller's thread: LINQ and collection callbacks. */
const INLINE_METHODS = new Set([
	'Select',
	'SelectMany',
	'Where',
	'OrderBy',
	'OrderByDescending',
	'ThenBy',
	'ThenByDescending',
	'GroupBy',
	'ToDictionary',
	'ToLookup',
	'ToHashSet',
	'Any',
	'All',
	'First',
	'FirstOrDefault',
	'Single',
	'SingleOrDefault',
	'Last',
	'LastOrDefault',
	'Count',
	'LongCount',
	'Sum',
	'Min',
	'Max',
	'MinBy',
	'MaxBy',
	'Average',
	'Aggregate',
	'TakeWhile',
	'SkipWhile',
	'Zip',
	'Join',
	'GroupJoin',
	'DistinctBy',
	'UnionBy',
	'ExceptBy',
	'IntersectBy',
	'CountBy',
	'AggregateBy',
	'ForEach',
	'Sort',
	'RemoveAll',
	'Exists',
	'Find',
	'FindAll',
	'FindIndex',
	'FindLast',
	'FindLastIndex',
	'TrueForAll',
	'ConvertAll',
	'GetOrAdd',
	'AddOrUpdate',
]);
/** Calls that run a delegate argument on another thread. */
const OFFLOAD_CALLS =
	/^(?:Task\.Run|Task\.Factory\.StartNew|ThreadPool\.(?:Unsafe)?QueueUserWorkItem|ThreadPool\.RegisterWaitForSingleObject|Parallel\.(?:For|ForEach|Invoke))$/;
const OFFLOAD_METHODS = new Set(['StartNew', 'ContinueWith', 'QueueUserWorkItem', 'UnsafeQueueUserWorkItem']);
const OFFLOAD_CONSTRUCTORS = /^(?:(?:System\.Threading\.)?Thread|Task|Timer|System\.Threading\.Timer)$/;

/** Minimal API route registrations whose delegate runs once per request. */
const ROUTE_MAPPERS = /^Map(?:Get|Post|Put|Delete|Patch|Methods|Fallback)?$/;
const ROUTE_ATTRIBUTE = /^(?:Http(?:Get|Post|Put|Delete|Patch|Head|Options)|Route)(?:Attribute)?$/;

function isAsyncNode(node: Node): boolean {
	return node.children.some((c) => c?.type === 'modifier' && c.text === 'async') || node.child(0)?.type === 'async';
}

/** The call a delegate is an argument of, and whether it is the object created (`new Thread(…)`). */
function delegateHolder(fn: Node): Node | undefined {
	const argument = parentSkippingParens(fn);
	const list = argument?.type === 'argument' ? parentOf(argument) : undefined;
	return list?.type === 'argument_list' ? (parentOf(list) ?? undefined) : undefined;
}

function delegateRuns(fn: Node, file: FileContext): FunctionScope['runs'] {
	const holder = delegateHolder(fn);
	if (!holder) {
		return 'declared';
	}
	if (holder.type === 'object_creation_expression') {
		return OFFLOAD_CONSTRUCTORS.test(compact(holder.childForFieldName('type')?.text ?? '')) ? 'elsewhere' : 'declared';
	}
	if (holder.type !== 'invocation_expression') {
		return 'declared';
	}
	const call = methodCall(holder);
	if (!call) {
		return 'declared';
	}
	if (OFFLOAD_METHODS.has(call.method) || qualifiedCallee(holder, file, (c) => OFFLOAD_CALLS.test(c))) {
		return 'elsewhere';
	}
	return INLINE_METHODS.has(call.method) && call.receiver ? 'inline' : 'declared';
}

function isRouteDelegate(fn: Node): boolean {
	const holder = delegateHolder(fn);
	const call = holder?.type === 'invocation_expression' ? methodCall(holder) : undefined;
	return !!call && !!call.receiver && ROUTE_MAPPERS.test(call.method);
}

function attributeNames(member: Node): string[] {
	return member.namedChildren
		.filter((c): c is Node => c?.type === 'attribute_list')
		.flatMap((list) => list.namedChildren.map((a) => (a?.type === 'attribute' ? (a.childForFieldName('name')?.text.split('.').pop() ?? '') : '')));
}

/**
 * A controller action or hub method: a route attribute (`[HttpPost]`), or any public instance method of a
 * class deriving from `Controller`, `ControllerBase` or a SignalR `Hub` (conventional routing) unless `[NonAction]`.
 */
function isRequestHandler(method: Node): boolean {
	const attributes = attributeNames(method);
	if (attributes.some((a) => ROUTE_ATTRIBUTE.test(a))) {
		return true;
	}
	const modifiers = method.namedChildren.filter((c) => c?.type === 'modifier').map((c) => c!.text);
	if (!modifiers.includes('public') || modifiers.includes('static') || attributes.some((a) => /^NonAction(?:Attribute)?$/.test(a))) {
		return false;
	}
	const owner = parentOf(method)?.type === 'declaration_list' ? parentOf(parentOf(method)) : undefined;
	const bases = owner?.namedChildren.find((c) => c?.type === 'base_list')?.namedChildren ?? [];
	return bases.some((b) => /^(?:Controller|ControllerBase|ApiController|Hub)$/.test(b?.text.replace(/<.*$/, '').split('.').pop() ?? ''));
}

/** `Task`, `Task<int>`, `ValueTask<T>`: a method returning one is async code to its callers, `async` or not. */
const TASK_TYPE = /^(?:System\.Threading\.Tasks\.)?(?:Task|ValueTask)(?:<.+>)?$/;

function methodScope(node: Node): FunctionScope {
	const name = node.childForFieldName('name')?.text ?? '';
	const returns = node.childForFieldName(node.type === 'method_declaration' ? 'returns' : 'type');
	// Its callers await it and go on as if the thread were free: blocking inside holds theirs.
	const isAsync = isAsyncNode(node) || TASK_TYPE.test(compact(returns?.text ?? ''));
	const label = shorten(`${isAsyncNode(node) ? 'async ' : ''}${returns ? compact(returns.text) + ' ' : ''}${name}`);
	return { node, name, label, isAsync, runs: 'declared', isHandler: node.type === 'method_declaration' && isRequestHandler(node) };
}

/** `Func<int, Task<int>> f = a => …`: a lambda declared as returning a task is async code to whoever awaits it. */
function declaredAsTaskFunc(lambda: Node): boolean {
	const declarator = parentOf(lambda);
	const declaration = declarator?.type === 'variable_declarator' ? parentOf(declarator) : undefined;
	const type = declaration?.type === 'variable_declaration' ? compact(declaration.childForFieldName('type')?.text ?? '') : '';
	return /^(?:System\.)?Func<(?:.*,)?(?:System\.Threading\.Tasks\.)?(?:Value)?Task(?:<.*>)?>$/.test(type);
}

function delegateScope(node: Node, file: FileContext): FunctionScope {
	const isAsync = isAsyncNode(node) || (node.type === 'lambda_expression' && declaredAsTaskFunc(node));
	const kind = node.type === 'lambda_expression' ? `${node.childForFieldName('parameters')?.text ?? ''} => …` : 'delegate { … }';
	return { node, label: shorten(`${isAsyncNode(node) ? 'async ' : ''}${kind}`), isAsync, runs: delegateRuns(node, file), isHandler: isRouteDelegate(node) };
}

// --- Awaits, local calls, limiters

function isAwaitedNode(node: Node): boolean {
	const parent = parentSkippingParens(node);
	if (parent?.type === 'await_expression') {
		return true;
	}
	// `await task.ConfigureAwait(false)`
	if (
		parent?.type === 'member_access_expression' &&
		parent.childForFieldName('name')?.text === 'ConfigureAwait' &&
		parentOf(parent)?.type === 'invocation_expression'
	) {
		return isAwaitedNode(parentOf(parent)!);
	}
	return false;
}

const AWAITING_STATEMENTS = ['foreach_statement', 'using_statement', 'local_declaration_statement'];

/** `await`, `await foreach`, `await using`. */
const AWAIT_POINTS: AwaitPoints = {
	types: ['await_expression', ...AWAITING_STATEMENTS],
	awaits: (n) => n.type === 'await_expression' || n.child(0)?.type === 'await',
};

const ACQUIRE_METHODS = new Set(['Wait', 'WaitAsync', 'WaitOne']);
const LIMITER_TYPES = /^(?:SemaphoreSlim|Semaphore)$/;
const JOIN_METHODS = new Set(['Join', 'WaitForExit', 'WaitForExitAsync', 'Wait']);

/** `t` in `var t = new Thread(…)` or `t = Process.Start(…)`: the name the spawned handle is kept under. */
function assignedName(spawn: Node): string | undefined {
	let value = spawn;
	for (
		let up = parentOf(value);
		up && (up.type === 'parenthesized_expression' || (up.type === 'postfix_unary_expression' && up.text.endsWith('!')));
		up = parentOf(value)
	) {
		value = up;
	}
	const parent = parentOf(value);
	if (parent?.type === 'variable_declarator') {
		return parent.childForFieldName('name')?.text;
	}
	if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === value.id) {
		return parent.childForFieldName('left')?.text;
	}
	return undefined;
}

/** `Process.Start(…).WaitForExit()`: the spawn is waited for in the same expression. */
function waitedInPlace(spawn: Node): boolean {
	let n = spawn;
	for (let up = parentOf(n); up && (up.type === 'parenthesized_expression' || up.type === 'postfix_unary_expression'); up = parentOf(n)) {
		n = up;
	}
	const access = parentOf(n);
	return (
		(access?.type === 'member_access_expression' &&
			access.childForFieldName('expression')?.id === n.id &&
			JOIN_METHODS.has(access.childForFieldName('name')?.text ?? '')) ||
		(access?.type === 'conditional_access_expression' && /^\?\s*\.\s*(?:WaitForExit|Join)/.test(access.text.slice(n.endIndex - access.startIndex)))
	);
}

/** Whether the file's top-level statements await anything (which makes them an async `Main`). */
function hasTopLevelAwait(root: Node): boolean {
	return root.namedChildren.some((c) => c?.type === 'global_statement' && containsAwait(c, csharpSyntax));
}

export const csharpSyntax: SyntaxModel = {
	isFunction: isCSharpFunction,
	awaitPoints: AWAIT_POINTS,
	functionScope(node, file) {
		switch (node.type) {
			case 'method_declaration':
			case 'local_function_statement':
				return methodScope(node);
			case 'lambda_expression':
			case 'anonymous_method_expression':
				return delegateScope(node, file);
			case 'global_statement':
				// Top-level statements compile into `Main`, which is `async Task Main` when any of them awaits.
				return { node, label: 'top-level statements', isAsync: file.facts(hasTopLevelAwait), runs: 'declared', isHandler: false };
			case 'constructor_declaration':
			case 'destructor_declaration':
			case 'operator_declaration':
			case 'conversion_operator_declaration':
			case 'accessor_declaration':
				return { node, label: shorten(node.text.split(/[{=;]/)[0]), isAsync: false, runs: 'declared', isHandler: false };
		}
		return undefined;
	},
	loopScope: csharpLoopScope,
	isAwaited: isAwaitedNode,
	localCallOf(name) {
		const call = callOfName(name);
		if (!call) {
			return undefined;
		}
		const parts = methodCall(call);
		return parts && (!parts.receiver || parts.receiver.text === 'this') ? call : undefined;
	},
	spawnLimiter(spawn, within, file) {
		const acquired = callBefore(within, spawn, 'invocation_expression', (call) => {
			const parts = methodCall(call);
			if (!parts?.receiver || !ACQUIRE_METHODS.has(parts.method)) {
				return false;
			}
			return (
				LIMITER_NAME.test(compact(parts.receiver.text)) ||
				/(?:^|[._])(?:gate|concurrency)\w*$/i.test(parts.receiver.text) ||
				LIMITER_TYPES.test(originOf(parts.receiver, file)?.type ?? '')
			);
		});
		if (acquired) {
			return 'a semaphore acquired before the spawn';
		}
		if (waitedInPlace(spawn)) {
			return 'waited for in the same iteration';
		}
		const handle = assignedName(spawn);
		const joined =
			handle &&
			callAfter(within, spawn, 'invocation_expression', (call) => {
				const parts = methodCall(call);
				return !!parts?.receiver && JOIN_METHODS.has(parts.method) && compact(parts.receiver.text).replace(/!$/, '') === handle;
			});
		return joined ? 'joined in the same iteration' : undefined;
	},
};
