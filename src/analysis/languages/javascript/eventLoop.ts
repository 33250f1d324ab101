import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, FunctionScope } from '../../languageSupport';
import { codeMatches, nodeAt, parentOf, remembered } from '../../syntaxHelpers';
import { callOf, calleeText, callTakingArgument, createJsFacts, isJsFunction, jsSyntax, paramNames } from './syntax';

/**
 * Node runs every callback of a server on one event loop: a request handler that is not `async` blocks the
 * other requests exactly as an async one does. This module says which functions those are.
 *
 * Request handlers count wherever they are (a route file need not start the server); listeners and timers
 * only in a module that starts a server, since in a CLI or build script nothing else is waiting; nothing in
 * a `worker_threads` worker, whose own thread is the right place for blocking work.
 */

/**
 * Text that any event-loop callback's file contains besides `async`: a request handler's parameters, a route
 * path, a server factory, `listen` or `serve`, a route decorator, a Next.js route export.
 */
export const EVENT_LOOP_MARKER = new RegExp(
	[
		/\b(?:req|request)\s*(?::\s*[\w.<>[\]]+\s*)?,\s*(?:res|response|reply)\b/,
		/\.\s*(?:get|post|put|patch|delete|del|all|use|head|options|route|handle)\s*\(\s*['"`]\//,
		/\.\s*on\s*\(\s*['"](?:request|connection)/,
		/\.\s*use\s*\(\s*(?:async\s*)?\(?\s*ctx\b/,
		/\.\s*route\s*\(/,
		/create(?:Secure)?Server|WebSocketServer|\.\s*(?:listen|serve)\s*\(/,
		/@(?:Get|Post|Put|Patch|Delete|All|Head|Options|SubscribeMessage)\s*\(/,
		/\bexport\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/,
	]
		.map((r) => r.source)
		.join('|'),
);

/** Nest's route and gateway decorators. */
const NEST_HANDLER = /^@nestjs\/(?:common\.(?:Get|Post|Put|Patch|Delete|All|Head|Options)|websockets\.SubscribeMessage)$/;
/** Events whose listeners run once per chunk or message of a connection. */
const STREAM_EVENTS = /^['"`](?:data|message|line|upgrade|stream)['"`]$/;
const TIMERS = /^(?:setInterval|setTimeout|setImmediate|timers\.(?:setInterval|setTimeout|setImmediate))$/;
/** Calls that start or run a server: `http.createServer(…)`, `app.listen(…)`, `Deno.serve(…)`, `new WebSocketServer(…)`. */
const SERVER_CALL = /\b(?:create(?:Secure)?Server|listen|serve|WebSocketServer)\b/g;

const code = (s: string) => `\`${s}\``;

/**
 * What makes Node run this (not async) function on the event loop of a server, as a phrase for messages
 * (`the request handler \`(req, res) =>\``), or undefined. A callback passed on inside such a function
 * (`req.on('end', …)`, `fs.readFile(p, …)`) runs there too.
 */
export function eventLoopRole(fn: FunctionScope, file: FileContext): string | undefined {
	return remembered(fn.node, eventLoopRole, () => {
		const { server, worker } = serverFacts(file);
		if (worker) {
			return undefined;
		}
		if (fn.isHandler || isFrameworkHandler(fn.node, file)) {
			return `the request handler ${code(fn.label)}`;
		}
		const call = callTakingArgument(fn.node);
		if (!call) {
			return undefined;
		}
		const callee = calleeText(call);
		const event = call.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
		if (server && /\.(?:on|once|addListener)$/.test(callee) && STREAM_EVENTS.test(event)) {
			return `the ${code(event.slice(1, -1))} listener ${code(fn.label)}`;
		}
		if (server && TIMERS.test(callee)) {
			return `the ${code(callee)} callback ${code(fn.label)} of a server`;
		}
		const outer = enclosingRole(fn.node, file);
		return outer ? `a callback inside ${outer.replace(/^a callback inside /, '')}` : undefined;
	});
}

/** The role of the function around `fn`, looking through callbacks that run inline (forEach, map). */
function enclosingRole(fn: Node, file: FileContext): string | undefined {
	for (let n = parentOf(fn); n; n = parentOf(n)) {
		const scope = isJsFunction(n) ? jsSyntax.functionScope(n, file) : undefined;
		if (scope && scope.runs !== 'inline') {
			return eventLoopRole(scope, file);
		}
	}
	return undefined;
}

/** Koa middleware `(ctx) =>`, a `handler` in a route object (Hapi, Fastify), a Nest route method, Bun/Deno serve. */
function isFrameworkHandler(fn: Node, file: FileContext): boolean {
	const call = callTakingArgument(fn);
	if (call) {
		const callee = calleeText(call);
		return (callee.endsWith('.use') && paramNames(fn)[0] === 'ctx') || callee === 'Deno.serve';
	}
	const holder = parentOf(fn);
	const key =
		holder?.type === 'pair' ? holder.childForFieldName('key')?.text : fn.type === 'method_definition' ? fn.childForFieldName('name')?.text : undefined;
	if (key === 'handler' || key === 'fetch') {
		const object = holder?.type === 'pair' ? parentOf(holder) : holder;
		const routeCall = object?.type === 'object' ? callTakingObject(object) : undefined;
		const callee = routeCall ? calleeText(routeCall) : '';
		return key === 'handler' ? /\.route$/.test(callee) : callee === 'Bun.serve' || callee === 'Deno.serve';
	}
	return fn.type === 'method_definition' && decoratorNames(fn).some((d) => NEST_HANDLER.test(file.facts(createJsFacts).bindings.get(d) ?? ''));
}

/** The call an object literal is an argument of, directly or as an element of an array argument. */
function callTakingObject(object: Node): Node | undefined {
	const holder = parentOf(object);
	return holder?.type === 'array' ? callTakingArgument(holder) : callTakingArgument(object);
}

/** `Get` for `@Get(':id')` and `@Get()` before a method. */
function decoratorNames(method: Node): string[] {
	const names: string[] = [];
	for (let d = method.previousNamedSibling; d?.type === 'decorator'; d = d.previousNamedSibling) {
		const expression = d.namedChild(0);
		const callee = expression?.type === 'call_expression' ? expression.childForFieldName('function') : expression;
		if (callee?.type === 'identifier') {
			names.push(callee.text);
		}
	}
	return names;
}

interface ServerFacts {
	/** The module starts or runs a server. */
	server: boolean;
	/** The module is a `worker_threads` worker. */
	worker: boolean;
}

function serverFacts(file: FileContext): ServerFacts {
	return remembered(file.root, serverFacts, () => {
		const bindings = [...file.facts(createJsFacts).bindings.values()];
		const worker =
			bindings.some((q) => /^worker_threads\.(?:parentPort|workerData)$/.test(q)) ||
			(bindings.includes('worker_threads') && codeMatches(file.root, file.text, /\.\s*(?:parentPort|workerData)\b/g).length > 0);
		const server = codeMatches(file.root, file.text, SERVER_CALL).some((hit) => {
			const call = callOf(nodeAt(file.root, hit.index, hit.index + hit[0].length));
			if (!call) {
				return false;
			}
			const callee = calleeText(call);
			return hit[0] === 'serve' ? /^(?:Deno|Bun)\.serve$/.test(callee) : hit[0] !== 'listen' || callee.endsWith('.listen');
		});
		return { server, worker };
	});
}
