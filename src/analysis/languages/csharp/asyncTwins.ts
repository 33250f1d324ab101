import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, Site } from '../../languageSupport';
import { place } from '../../engine';
import { descendantsOf, parentOf, remembered } from '../../syntaxHelpers';
import { declarationOf, originOf, TYPE_DECLARATIONS } from './declarations';
import { csharpFacts } from './facts';
import { describe, methodCall } from './symbols';
import { csharpSyntax } from './syntax';

/**
 * A call to `X(…)` in async code where the type it is called on also declares `XAsync` (VSTHRD103): the
 * author of that type says the synchronous one blocks and offers the awaitable twin. Only types declared in
 * this file are known; a twin that returns `void`, is `[Obsolete]`, or is private to another type is no
 * alternative.
 */
interface TwinMethod {
	/** The class, struct or interface that declares it. */
	owner: string;
	/** Its parameter types as written, without a trailing `CancellationToken`. */
	parameters: string[];
	/** The type it extends, for an extension method (`this Foo foo`). */
	extends?: string;
	isPrivate: boolean;
}

interface Twins {
	/** `Foo` → the declarations of `FooAsync` that can stand in for it. */
	bySyncName: Map<string, TwinMethod[]>;
	/** Type name → the names of its base types declared in this file. */
	bases: Map<string, string[]>;
	/** `Type.Method` → the parameter types of each synchronous overload the type declares. */
	syncOverloads: Map<string, string[][]>;
}

function twinsOf(file: FileContext): Twins {
	return remembered(file.root, twinsOf, () => {
		const bySyncName = new Map<string, TwinMethod[]>();
		const bases = new Map<string, string[]>();
		const syncOverloads = new Map<string, string[][]>();
		if (!/\w+Async\s*[<(]/.test(file.text)) {
			return { bySyncName, bases, syncOverloads };
		}
		for (const type of descendantsOf(file.root, [...TYPE_DECLARATIONS])) {
			const owner = type.childForFieldName('name')?.text ?? '';
			const baseList = type.namedChildren.find((c) => c?.type === 'base_list');
			bases.set(
				owner,
				(baseList?.namedChildren ?? []).map((b) => (b?.text ?? '').replace(/<.*$/, '').split('.').pop() ?? ''),
			);
			const body = type.childForFieldName('body');
			for (const method of body?.namedChildren ?? []) {
				const name = method?.type === 'method_declaration' ? method.childForFieldName('name')?.text : undefined;
				if (!method || !name) {
					continue;
				}
				if (!/.Async$/.test(name)) {
					const key = `${owner}.${name}`;
					syncOverloads.set(key, [...(syncOverloads.get(key) ?? []), parameterTypes(method)]);
					continue;
				}
				if (!isAlternative(method)) {
					continue;
				}
				const modifiers = method.namedChildren.filter((c) => c?.type === 'modifier').map((c) => c!.text);
				const first = method.childForFieldName('parameters')?.namedChild(0);
				const isExtension = !!first && first.namedChildren.some((c) => c?.type === 'modifier' && c.text === 'this');
				const twin: TwinMethod = {
					owner,
					parameters: parameterTypes(method).filter((t, i, all) => !(i === all.length - 1 && /^(?:System\.Threading\.)?CancellationToken$/.test(t))),
					extends: isExtension ? first.childForFieldName('type')?.text.replace(/<.*$/, '') : undefined,
					isPrivate:
						modifiers.includes('private') || (type.type !== 'interface_declaration' && !modifiers.some((m) => /^(?:public|internal|protected)$/.test(m))),
				};
				const sync = name.slice(0, -'Async'.length);
				bySyncName.set(sync, [...(bySyncName.get(sync) ?? []), twin]);
			}
		}
		return { bySyncName, bases, syncOverloads };
	});
}

function parameterTypes(method: Node): string[] {
	return (method.childForFieldName('parameters')?.namedChildren ?? [])
		.filter((p) => p?.type === 'parameter')
		.map((p) => (p!.childForFieldName('type')?.text ?? '').replace(/\s+/g, ''));
}

/**
 * A twin stands in for the overload the call reaches when it takes the same parameters (plus, at most, a
 * `CancellationToken`): `Throws(Action)` and `ThrowsAsync(Func<Task>)` are different methods. When the
 * type's synchronous overloads are not in this file, nothing contradicts the twin.
 */
function sameSignature(twin: TwinMethod, method: string, syncOverloads: Map<string, string[][]>): boolean {
	const overloads = syncOverloads.get(`${twin.owner}.${method}`);
	const own = callParameters(twin);
	return !overloads || overloads.some((o) => o.length === own.length && o.every((t, i) => t === own[i]));
}

/** The parameters a call passes: an extension method's `this` parameter is its receiver. */
function callParameters(twin: TwinMethod): string[] {
	return twin.extends ? twin.parameters.slice(1) : twin.parameters;
}

/** An awaitable, current twin: not `void`, not `[Obsolete]`. */
function isAlternative(method: Node): boolean {
	const returns = method.childForFieldName('returns')?.text ?? '';
	const obsolete = method.namedChildren.some((c) => c?.type === 'attribute_list' && /\bObsolete\b/.test(c.text));
	return returns !== 'void' && !obsolete;
}

/** The names with a twin in this file: the extra trigger words. */
export function twinTrigger(file: FileContext): RegExp | undefined {
	const names = [...twinsOf(file).bySyncName.keys()];
	return names.length ? new RegExp(`\\b(?:${names.join('|')})(?=\\s*[(<])`, 'g') : undefined;
}

/** The site when `call` (of `method`) has an async twin on the type it is called on. */
export function asyncTwinSite(call: Node, method: string, file: FileContext): Site | undefined {
	const { bySyncName, bases, syncOverloads } = twinsOf(file);
	const twins = bySyncName.get(method);
	// Direct calls only: a sync method that calls `Foo` rightly uses the sync API, so its callers are not told.
	if (!twins || enclosingMethodName(call) === `${method}Async` || !place(call, csharpSyntax, file).fn?.isAsync) {
		return undefined;
	}
	const argumentCount = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a?.type === 'argument').length;
	const receiver = methodCall(call)?.receiver;
	const here = enclosingTypeName(call);
	// A type and its bases declared in this file; broken code may declare a cycle, so each is visited once.
	const reachable = (type: string | undefined) => {
		const seen = new Set<string>();
		for (let level = type ? [type] : []; level.length; level = level.flatMap((x) => bases.get(x) ?? []).filter((x) => !seen.has(x))) {
			level.forEach((x) => seen.add(x));
		}
		return [...seen];
	};
	let types: string[];
	const staticType = receiver?.text.split('.').pop() ?? '';
	if (!receiver || receiver.type === 'this_expression' || receiver.type === 'base_expression' || receiver.text === 'this' || receiver.text === 'base') {
		// `using static` classes count when they declare the method called (else it is someone else's Foo).
		const imported = [...csharpFacts(file).staticClasses].filter((c) => !bases.has(c) || syncOverloads.has(`${c}.${method}`));
		types = [...reachable(here), ...imported];
	} else if (/^[\w.]+$/.test(receiver.text) && bases.has(staticType) && !(receiver.type === 'identifier' && isVariable(receiver))) {
		types = reachable(staticType); // a static call on a class of this file, `Util.Foo()` or `Ns.Util.Foo()`
	} else {
		const origin = originOf(receiver, file);
		types = reachable(origin?.type);
	}
	const twin = twins.find(
		(t) =>
			((types.includes(t.owner) && (!t.isPrivate || t.owner === here)) || (t.extends !== undefined && types.includes(t.extends) && !t.isPrivate)) &&
			callParameters(t).length === argumentCount &&
			sameSignature(t, method, syncOverloads),
	);
	if (!twin) {
		return undefined;
	}
	const target = receiver ? `${describe(receiver)}.` : '';
	return { node: call, callee: `${target}${method}`, instead: `\`await ${target}${method}Async(…)\`, the awaitable twin that \`${twin.owner}\` declares` };
}

function enclosingMethodName(node: Node): string | undefined {
	for (let p = parentOf(node); p; p = parentOf(p)) {
		if (p.type === 'method_declaration' || p.type === 'local_function_statement') {
			return p.childForFieldName('name')?.text;
		}
	}
	return undefined;
}

function enclosingTypeName(node: Node): string | undefined {
	for (let p = parentOf(node); p; p = parentOf(p)) {
		if (TYPE_DECLARATIONS.has(p.type)) {
			return p.childForFieldName('name')?.text;
		}
	}
	return undefined;
}

/** A local, parameter or field of that name hides the class of the same name. */
function isVariable(name: Node): boolean {
	return declarationOf(name.text, name) !== undefined;
}
