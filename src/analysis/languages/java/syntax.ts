import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, FunctionScope, SyntaxModel } from '../../languageSupport';
import { compact, parentOf, shorten } from '../../syntaxHelpers';
import { isJavaFunction, createJavaFacts } from './facts';
import { spawnLimiter } from './limiters';
import { javaLoopScope } from './loops';

// --- Function scopes

/** Methods that run a lambda argument on another thread: executors, thread builders, async futures, Swing. */
const OFFLOAD_METHODS =
	/^(?:submit|execute|schedule\w*|invokeAll|invokeAny|\w+Async|invokeLater|invokeAndWait|start|startVirtualThread|unstarted|fork|newThread)$/;
/** Methods that run a lambda argument right away, on the caller's thread: collections, streams, Optional. */
const INLINE_METHODS =
	/^(?:forEach|forEachOrdered|forEachRemaining|map\w*|flatMap\w*|filter|peek|reduce|collect|anyMatch|allMatch|noneMatch|sorted|sort|min|max|removeIf|replaceAll|compute\w*|merge|ifPresent\w*|orElseGet|orElseThrow|takeWhile|dropWhile|comparing\w*|thenComparing\w*|assert\w+)$/;

/** Annotations that make a method run once per request or message. */
const HANDLER_ANNOTATIONS =
	/^(?:GetMapping|PostMapping|PutMapping|DeleteMapping|PatchMapping|RequestMapping|GET|POST|PUT|DELETE|PATCH|KafkaListener|RabbitListener|JmsListener|SqsListener|MessageMapping)$/;
const SERVLET_METHODS = /^(?:do(?:Get|Post|Put|Delete|Patch|Head|Options|Trace)|service)$/;
const SERVLET_PARAMETER = /^(?:Http)?Servlet(?:Request|Response)$/;
/** Route registrations whose lambda serves each request: `server.createContext("/", exchange -> …)`, Javalin/Spark `get("/x", ctx -> …)`. */
const ROUTE_METHODS = /^(?:get|post|put|delete|patch)$/;

function lambdaRuns(lambda: Node, file: FileContext): FunctionScope['runs'] {
	const args = parentOf(lambda);
	const call = args?.type === 'argument_list' ? parentOf(args) : undefined;
	if (call?.type === 'object_creation_expression') {
		const type = compact(call.childForFieldName('type')?.text ?? '').replace(/<.*$/, '');
		return /^(?:java\.lang\.)?Thread$/.test(type) || file.facts(createJavaFacts).threadClasses.has(type) ? 'elsewhere' : 'declared';
	}
	if (call?.type !== 'method_invocation') {
		return 'declared';
	}
	const method = call.childForFieldName('name')?.text ?? '';
	if (OFFLOAD_METHODS.test(method)) {
		return 'elsewhere';
	}
	return INLINE_METHODS.test(method) ? 'inline' : 'declared';
}

function isHandlerLambda(lambda: Node): boolean {
	const args = parentOf(lambda);
	const call = args?.type === 'argument_list' ? parentOf(args) : undefined;
	if (call?.type !== 'method_invocation') {
		return false;
	}
	const method = call.childForFieldName('name')?.text ?? '';
	const first = args?.namedChild(0);
	return (
		method === 'createContext' ||
		(ROUTE_METHODS.test(method) && first?.type === 'string_literal' && /^"\//.test(first.text) && args?.lastNamedChild?.id === lambda.id)
	);
}

function isHandlerMethod(method: Node, name: string): boolean {
	const modifiers = method.namedChildren.find((c) => c?.type === 'modifiers');
	const annotated = modifiers?.namedChildren.some(
		(a) => (a?.type === 'annotation' || a?.type === 'marker_annotation') && HANDLER_ANNOTATIONS.test(a.childForFieldName('name')?.text.split('.').pop() ?? ''),
	);
	if (annotated) {
		return true;
	}
	const types = (method.childForFieldName('parameters')?.namedChildren ?? []).map(
		(p) =>
			compact(p?.childForFieldName('type')?.text ?? '')
				.split('.')
				.pop() ?? '',
	);
	if (SERVLET_METHODS.test(name) && types.some((t) => SERVLET_PARAMETER.test(t))) {
		return true;
	}
	// `HttpHandler.handle(HttpExchange)` (JDK server), Netty's `channelRead(ChannelHandlerContext, Object)`.
	return (name === 'handle' && types[0] === 'HttpExchange') || (/^channelRead0?$|^messageReceived$/.test(name) && types[0] === 'ChannelHandlerContext');
}

function className(node: Node): string | undefined {
	for (let n = parentOf(node); n; n = parentOf(n)) {
		if (/^(?:class|enum|record|interface)_declaration$/.test(n.type)) {
			return n.childForFieldName('name')?.text;
		}
		if (n.type === 'object_creation_expression') {
			return undefined;
		}
	}
	return undefined;
}

function functionScope(node: Node, file: FileContext): FunctionScope | undefined {
	if (node.type === 'lambda_expression') {
		const params = node.childForFieldName('parameters')?.text ?? '()';
		return { node, label: `${shorten(params, 32)} -> …`, isAsync: false, runs: lambdaRuns(node, file), isHandler: isHandlerLambda(node) };
	}
	if (!isJavaFunction(node)) {
		return undefined;
	}
	const name = node.childForFieldName('name')?.text ?? '';
	const owner = className(node);
	return { node, name, label: owner && owner !== name ? `${owner}.${name}` : name, isAsync: false, runs: 'declared', isHandler: isHandlerMethod(node, name) };
}

// --- The model: Java has threads but no async functions, so the await questions always answer no.

export const javaSyntax: SyntaxModel = {
	isFunction: isJavaFunction,
	awaitPoints: { types: [] },
	functionScope,
	loopScope: javaLoopScope,
	isAwaited: () => false,
	localCallOf(name) {
		const call = parentOf(name);
		if (call?.type !== 'method_invocation' || call.childForFieldName('name')?.id !== name.id) {
			return undefined;
		}
		const receiver = call.childForFieldName('object');
		return !receiver || receiver.type === 'this' ? call : undefined;
	},
	spawnLimiter,
};
