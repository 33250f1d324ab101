import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, Site } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { declarationOf, originOf } from './declarations';
import { csharpFacts } from './facts';
import { describe, methodCall, unwrapExpression } from './symbols';

/**
 * Entity Framework Core queries run synchronously in async code: `_db.Products.Where(…).ToList()` sends the
 * query and waits for the database on the calling thread, where `await ….ToListAsync()` would not. The chain
 * must start at a set of a `DbContext` (`_db.Products`, possibly through a local `query`), in a file that
 * uses EF Core; LINQ over lists in memory is not a query.
 */
const EVALUATORS = new Set([
	...['ToList', 'ToArray', 'ToDictionary', 'ToHashSet', 'First', 'FirstOrDefault', 'Single', 'SingleOrDefault', 'Last', 'LastOrDefault'],
	...['Count', 'LongCount', 'Any', 'All', 'Sum', 'Min', 'Max', 'Average', 'Contains', 'Find', 'Load', 'ExecuteDelete', 'ExecuteUpdate'],
]);
export const EF_METHODS: readonly string[] = [...EVALUATORS];
const CONTEXT_TYPE = /(?:DbContext|Context)$/;

export function entityFrameworkSite(call: Node, method: string, receiver: Node, file: FileContext): Site | undefined {
	if (!EVALUATORS.has(method) || ![...csharpFacts(file).namespaces].some((n) => n.startsWith('Microsoft.EntityFrameworkCore'))) {
		return undefined;
	}
	return queryRoot(receiver, file, 0) && !insideQueryLambda(call, file)
		? { node: call, callee: `${describe(receiver)}.${method}`, instead: `\`await ….${method}Async(…)\` (EF Core's async form)` }
		: undefined;
}

/**
 * `context.Items.Select(b => new { Extras = context.Items.Any(…) })`: a lambda given to a query is an
 * expression tree that EF translates to SQL, so the inner `Any` runs in the database, not here.
 */
function insideQueryLambda(call: Node, file: FileContext): boolean {
	for (let p = parentOf(call); p; p = parentOf(p)) {
		if (p.type !== 'lambda_expression') {
			continue;
		}
		const argument = parentOf(p);
		const holder = argument?.type === 'argument' ? parentOf(parentOf(argument)) : undefined;
		const receiver = holder?.type === 'invocation_expression' ? methodCall(holder)?.receiver : undefined;
		if (receiver && queryRoot(receiver, file, 0)) {
			return true;
		}
	}
	return false;
}

/** Whether `expression` is a query over a DbContext's set: `ctx.Set` or calls chained on one. */
function queryRoot(expression: Node, file: FileContext, depth: number): boolean {
	let node = unwrapExpression(expression);
	for (
		let parts = node.type === 'invocation_expression' ? methodCall(node) : undefined;
		parts?.receiver;
		parts = node.type === 'invocation_expression' ? methodCall(node) : undefined
	) {
		node = unwrapExpression(parts.receiver);
	}
	if (node.type === 'identifier' && depth < 2) {
		const value = declarationOf(node.text, node)?.value;
		return !!value && queryRoot(value, file, depth + 1);
	}
	if (node.type !== 'member_access_expression') {
		return false;
	}
	// `_db.Products`, `this._db.Products`, `context.Set<Order>()` (as a call, above): the object is the context.
	const context = node.childForFieldName('expression');
	const type = context ? originOf(context, file)?.type : undefined;
	return (
		!!type && CONTEXT_TYPE.test(type) && !/^(?:HttpContext|SynchronizationContext|ExecutionContext)$/.test(type) && compact(node.text).split('.').length >= 2
	);
}
