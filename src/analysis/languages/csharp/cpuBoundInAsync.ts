import { heavyLoopSite, type LoopJudge } from '../../heavyLoops';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, LoopScope, Site } from '../../languageSupport';
import { integerLiteral, isLargeCount, ownDescendants, parentOf } from '../../syntaxHelpers';
import { originOf } from './declarations';
import { csharpLoopScope, implicitLoop } from './loops';
import { csharpSyntax } from './syntax';
import { callOfName, isCSharpFunction, methodCall, qualifiedCallee } from './symbols';

const OFFLOAD = '`await Task.Run(() => …)` to move it to the thread pool';

/** Key derivation and password hashing: tens to hundreds of milliseconds of CPU per call, by design. */
const HEAVY_STATIC = /^(?:Rfc2898DeriveBytes\.Pbkdf2|KeyDerivation\.Pbkdf2|BCrypt\.(?:HashPassword|Verify|EnhancedHashPassword|EnhancedVerify|HashString))$/;
/** `GetBytes` on these runs the whole key derivation. */
const KDF_TYPES = /^(?:Rfc2898DeriveBytes|Argon2id|Argon2i|Argon2d|PasswordDeriveBytes)$/;
const HASHING_STATIC = /^(?:SHA1|SHA256|SHA384|SHA512|SHA3_256|SHA3_512|MD5|HMACSHA1|HMACSHA256|HMACSHA384|HMACSHA512)\.HashData$/;

const EXPLICIT_LOOPS = ['for_statement', 'foreach_statement'];
const ALL_LOOPS = ['for_statement', 'foreach_statement', 'while_statement', 'do_statement'];

export const cpuBoundInAsync: Detector = {
	ruleId: 'cpu-bound-in-async',
	mode: 'in-async',
	trigger: /\b(?:for|foreach|while|do)\b|\b(?:Pbkdf2|HashPassword|Verify|EnhancedHashPassword|EnhancedVerify|HashString|GetBytes|Range)(?=\s*\()/g,
	detect(node, file) {
		if (/^(?:for|foreach|while|do)$/.test(node.type)) {
			const parent = parentOf(node);
			const loop = parent ? csharpLoopScope(parent, file) : undefined;
			return loop && loop.node.id === parentOf(node)!.id ? heavyLoopSite(loop, file, JUDGE) : undefined;
		}
		const call = callOfName(node);
		const parts = call ? methodCall(call) : undefined;
		if (!call || !parts || parts.method !== node.text) {
			return undefined;
		}
		if (parts.method === 'Range') {
			return hugeRange(call, file);
		}
		const name = qualifiedCallee(call, file, (c) => HEAVY_STATIC.test(c));
		if (name) {
			return { node: call, callee: name, instead: OFFLOAD, detail: /Pbkdf2/.test(name) ? 'key derivation' : 'password hashing' };
		}
		const type = parts.method === 'GetBytes' && parts.receiver ? originOf(parts.receiver, file)?.type : undefined;
		return type && KDF_TYPES.test(type) ? { node: call, callee: `${type}.GetBytes`, instead: OFFLOAD, detail: 'key derivation' } : undefined;
	},
};

/** `Enumerable.Range(0, 10_000_000).Select(…).Sum()`: a LINQ chain over a huge literal range. */
function hugeRange(call: Node, file: FileContext): Site | undefined {
	if (!qualifiedCallee(call, file, (c) => c === 'Enumerable.Range')) {
		return undefined;
	}
	const count = integerLiteral(call.childForFieldName('arguments')?.namedChildren[1]?.text ?? '');
	const access = parentOf(call);
	const isConsumed =
		access?.type === 'member_access_expression' && access.childForFieldName('expression')?.id === call.id && parentOf(access)?.type === 'invocation_expression';
	if (!isLargeCount(count) || !isConsumed) {
		return undefined;
	}
	return {
		node: call,
		callee: `Enumerable.Range(…).${access.childForFieldName('name')?.text}`,
		instead: OFFLOAD,
		detail: `${count!.toLocaleString('en-US')} iterations`,
	};
}

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	if (loop.bound !== 'input') {
		return undefined;
	}
	if (EXPLICIT_LOOPS.includes(loop.node.type) && hasIndependentInnerLoop(loop, file)) {
		return 'nested loops over the input';
	}
	const hashes = ownDescendants(loop.body, 'invocation_expression', isCSharpFunction).some(
		(call) => methodCall(call)?.method === 'ComputeHash' || qualifiedCallee(call, file, (c) => HASHING_STATIC.test(c)) !== undefined,
	);
	return hashes ? 'hashing on every iteration' : undefined;
}

/**
 * An inner for/foreach (or `.ForEach`) over the input whose header does not use the outer item: `foreach (a in
 * points) foreach (b in points)` is quadratic; `foreach (order in orders) foreach (line in order.Lines)` only
 * walks a nested structure once.
 */
function hasIndependentInnerLoop(outer: LoopScope, file: FileContext): boolean {
	const inner = [
		// The body itself counts when it is a loop statement: `foreach (…) foreach (…) {…}`.
		...ownDescendants(outer.body, EXPLICIT_LOOPS, isCSharpFunction).map((n) => csharpLoopScope(n, file)),
		...ownDescendants(outer.body, 'invocation_expression', isCSharpFunction)
			.filter((c) => methodCall(c)?.method === 'ForEach')
			.map((c) => implicitLoop(c, file)),
	];
	return inner.some((loop) => {
		if (!loop || loop.bound !== 'input') {
			return false;
		}
		// What the inner loop runs over: `j = i + 1` in the initializer still walks the whole input.
		const over = loop.node.childForFieldName('right') ?? loop.node.childForFieldName('condition');
		const header = over?.text ?? loop.node.text.slice(0, loop.body.startIndex - loop.node.startIndex);
		const local = boundNames(outer, loop.node);
		return !header.split(/[^\w]+/).some((word) => local.has(word));
	});
}

/** The outer loop's variables and the locals declared in its body before `before`. */
function boundNames(outer: LoopScope, before: Node): Set<string> {
	const names = new Set<string>();
	const left = outer.node.childForFieldName('left');
	for (const id of left?.descendantsOfType('identifier') ?? []) {
		if (id) {
			names.add(id.text);
		}
	}
	const scopes = [outer.node.childForFieldName('initializer'), outer.body];
	for (const scope of scopes) {
		for (const declarator of scope?.descendantsOfType('variable_declarator') ?? []) {
			if (declarator && declarator.startIndex < before.startIndex) {
				names.add(declarator.childForFieldName('name')?.text ?? '');
			}
		}
	}
	return names;
}

/** How this language's loops are judged for heaviness (see heavyLoops.ts). */
const JUDGE: LoopJudge = {
	syntax: csharpSyntax,
	loopScope: (n, f) => (ALL_LOOPS.includes(n.type) ? csharpLoopScope(n, f) : undefined),
	heaviness,
	instead: OFFLOAD,
};
