import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { csharpFacts } from './facts';

// --- What a name in C# code refers to: static classes, local variables, fields, their types and origins

/**
 * The namespace each well-known class lives in. A call spelled with another prefix (`MyApp.File.ReadAllText`)
 * is some other class; a bare class name (`File.ReadAllText`) is the framework one unless the file declares
 * its own type of that name.
 */
const HOME_NAMESPACE: Record<string, string> = {
	File: 'System.IO',
	Directory: 'System.IO',
	Thread: 'System.Threading',
	Monitor: 'System.Threading',
	WaitHandle: 'System.Threading',
	ThreadPool: 'System.Threading',
	Task: 'System.Threading.Tasks',
	Parallel: 'System.Threading.Tasks',
	Process: 'System.Diagnostics',
	Console: 'System',
	Environment: 'System',
	Dns: 'System.Net',
	WebRequest: 'System.Net',
	Enumerable: 'System.Linq',
	BCrypt: 'BCrypt.Net',
	Rfc2898DeriveBytes: 'System.Security.Cryptography',
	KeyDerivation: 'Microsoft.AspNetCore.Cryptography.KeyDerivation',
	SHA1: 'System.Security.Cryptography',
	SHA256: 'System.Security.Cryptography',
	SHA384: 'System.Security.Cryptography',
	SHA512: 'System.Security.Cryptography',
	MD5: 'System.Security.Cryptography',
	HMACSHA256: 'System.Security.Cryptography',
	HMACSHA512: 'System.Security.Cryptography',
	HMACSHA1: 'System.Security.Cryptography',
};

/** Node types that declare a function body of their own. */
export const FUNCTION_TYPES = new Set([
	'method_declaration',
	'local_function_statement',
	'constructor_declaration',
	'destructor_declaration',
	'operator_declaration',
	'conversion_operator_declaration',
	'accessor_declaration',
	'lambda_expression',
	'anonymous_method_expression',
]);
export const isCSharpFunction = (n: Node) => FUNCTION_TYPES.has(n.type);

/** The text of a name without type arguments: `Run<int>` → `Run`. */
function plainName(node: Node): string {
	return node.type === 'generic_name' ? (node.namedChild(0)?.text ?? node.text) : node.text;
}

/** The parts of a method call: `reader.ReadToEnd()` → receiver `reader`, method `ReadToEnd`. */
export interface MethodCall {
	method: string;
	receiver?: Node;
}

/** The call whose callee ends with this name node (`Sleep` in `Thread.Sleep(1)`, `Foo` in `x?.Foo()`). */
export function callOfName(name: Node): Node | undefined {
	let callee: Node = name;
	const parent = parentOf(name);
	if (parent?.type === 'generic_name') {
		callee = parent;
	}
	const holder = parentOf(callee);
	if (holder?.type === 'invocation_expression' && holder.childForFieldName('function')?.id === callee.id) {
		return holder;
	}
	if ((holder?.type === 'member_access_expression' || holder?.type === 'member_binding_expression') && holder.childForFieldName('name')?.id === callee.id) {
		const call = parentOf(holder);
		if (call?.type === 'invocation_expression' && call.childForFieldName('function')?.id === holder.id) {
			return call;
		}
	}
	return undefined;
}

export function methodCall(call: Node): MethodCall | undefined {
	const fn = call.childForFieldName('function');
	if (!fn) {
		return undefined;
	}
	if (fn.type === 'identifier' || fn.type === 'generic_name') {
		return { method: plainName(fn) };
	}
	const name = fn.childForFieldName('name');
	if (!name) {
		return undefined;
	}
	if (fn.type === 'member_access_expression') {
		return { method: plainName(name), receiver: fn.childForFieldName('expression') ?? undefined };
	}
	if (fn.type === 'member_binding_expression') {
		// `x?.Foo()`: the receiver is the condition of the enclosing conditional access.
		let p = parentOf(call);
		while (p && p.type !== 'conditional_access_expression') {
			p = parentOf(p);
		}
		return { method: plainName(name), receiver: p?.childForFieldName('condition') ?? undefined };
	}
	return undefined;
}

/**
 * The class-qualified name of a static call, `Class.Method`, that `accept` takes (any, without it), resolving
 * aliases (`using F = System.IO.File`), full qualification (`global::System.IO.File.ReadAllText`) and `using
 * static` imports: a bare `ReadAllText` has one candidate per `using static` class. Undefined for instance calls.
 */
export function qualifiedCallee(call: Node, file: FileContext, accept: (qualified: string) => boolean = () => true): string | undefined {
	const fn = call.childForFieldName('function');
	if (fn?.type === 'identifier' || fn?.type === 'generic_name') {
		const name = plainName(fn);
		const facts = csharpFacts(file);
		return facts.localMethods.has(name) ? undefined : [...facts.staticClasses].map((c) => `${c}.${name}`).find(accept);
	}
	const qualified = fn?.type === 'member_access_expression' ? staticName(fn, file) : undefined;
	return qualified !== undefined && accept(qualified) ? qualified : undefined;
}

/** `Class.Member` for a member access on a class (not on a variable), normalized as in `qualifiedCallee`. */
export function staticName(access: Node, file: FileContext): string | undefined {
	const facts = csharpFacts(file);
	const text = compact(access.text)
		.replace(/^global::/, '')
		.replace(/<[^<>]*(?:<[^<>]*>[^<>]*)*>/g, '');
	let parts = text.split('.');
	if (parts.some((p) => !/^@?\w+$/.test(p)) || parts.length < 2) {
		return undefined;
	}
	const alias = facts.aliases.get(parts[0]);
	if (alias) {
		parts = [...alias.split('.'), ...parts.slice(1)];
	}
	const member = parts[parts.length - 1];
	const cls = parts[parts.length - 2];
	const prefix = parts.slice(0, -2).join('.');
	const home = HOME_NAMESPACE[cls];
	if (prefix === '') {
		if (facts.localTypes.has(cls) || (!home && !/^[A-Z]/.test(cls))) {
			return undefined;
		}
		return `${cls}.${member}`;
	}
	if (home === prefix || (cls === 'BCrypt' && prefix === 'BCrypt.Net')) {
		return `${cls}.${member}`;
	}
	return home ? undefined : `${prefix}.${cls}.${member}`;
}

/** `System.Collections.Generic.List<Task<int>>?` → `List`. */
export function simpleTypeName(type: string): string {
	const withoutArgs = compact(type).replace(/\?$/, '').replace(/<.*$/, '').replace(/\[.*$/, '');
	return withoutArgs
		.split('.')
		.pop()!
		.replace(/^global::/, '');
}

/** Unwraps parentheses and the null-forgiving `!`. */
export function unwrapExpression(node: Node): Node {
	let n = node;
	for (;;) {
		if ((n.type === 'parenthesized_expression' && n.namedChildCount === 1) || (n.type === 'postfix_unary_expression' && n.text.endsWith('!'))) {
			n = n.namedChild(0)!;
		} else {
			return n;
		}
	}
}

/** How a receiver reads in a message: `reader`, `new StreamReader(…)`, `GetAsync(…)`, or `…` when long. */
export function describe(node: Node): string {
	const n = unwrapExpression(node);
	if (n.type === 'object_creation_expression') {
		return `new ${simpleTypeName(n.childForFieldName('type')?.text ?? '')}(…)`;
	}
	if (n.type === 'invocation_expression') {
		const fn = compact(n.childForFieldName('function')?.text ?? '');
		return fn.length <= 28 ? `${fn}(…)` : `…${fn.slice(fn.lastIndexOf('.'))}(…)`;
	}
	const text = compact(n.text);
	return text.length <= 28 && !text.includes('(') ? text : '…';
}
