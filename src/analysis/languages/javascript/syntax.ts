import type { Node } from '@vscode/tree-sitter-wasm';
import type { AwaitPoints, FileContext, FunctionScope, LoopScope, SyntaxModel } from '../../languageSupport';
import { limitIterations } from '../../loopHelpers';
import {
	boundNames,
	callAfter,
	callBefore,
	closest,
	compact,
	constantIterations,
	type Iterations,
	LIMITER_NAME,
	loopHeader,
	nodeAt,
	parentOf,
	parentSkippingParens,
	shorten,
	unwrapParens,
} from '../../syntaxHelpers';

const IMPORT_STATEMENT = new Set(['import_statement']);
const CALL_EXPRESSION = new Set(['call_expression']);
const IMPORT_REQUIRE_CLAUSE = new Set(['import_require_clause']);

// --- Facts: what each local name refers to in Node's modules

export interface JsFacts {
	/** Local name → qualified name: `fs` → `fs`, `rfs` → `fs.readFileSync`, `fsp` → `fs.promises`. */
	bindings: Map<string, string>;
	/** Local name → a module of the workspace (`./db`) and, unless it is the whole module, the member it names. */
	relative: Map<string, { module: string; member?: string }>;
}

/** Binds `local` to `member` (or all) of `module`, as a qualified name and, for a relative module, as a workspace module. */
function bind(facts: JsFacts, local: string, module: string, member?: string) {
	facts.bindings.set(local, member ? `${module}.${member}` : module);
	if (isRelative(module)) {
		facts.relative.set(local, { module, member });
	}
}

const IMPORT = /\bimport\s[^;]*?\bfrom\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The specifiers of the text's `import … from` and `require(…)`, as the facts read them. */
export function importedSpecifiers(text: string): string[] {
	return [...text.matchAll(IMPORT)].map((hit) => hit[1] ?? hit[2]);
}

/** `./db`, `../lib/db`: a file of the workspace, not a package. */
export const isRelative = (specifier: string) => /^\.\.?(?:\/|$)/.test(specifier);

/** `node:fs` → `fs`, `fs/promises` → `fs.promises` (the same object); a relative specifier stays as written. */
export function normalizeModule(specifier: string): string {
	return isRelative(specifier) ? specifier : specifier.replace(/^node:/, '').replace(/\/promises$/, '.promises');
}

export function createJsFacts(root: Node, text: string): JsFacts {
	const facts: JsFacts = { bindings: new Map(), relative: new Map() };
	for (const hit of text.matchAll(IMPORT)) {
		const module = normalizeModule(hit[1] ?? hit[2]);
		const at = nodeAt(root, hit.index, hit.index + 6);
		if (hit[1]) {
			const statement = closest(at, IMPORT_STATEMENT);
			if (statement) {
				bindImport(statement, module, facts);
			}
		} else {
			const call = closest(at, CALL_EXPRESSION);
			const clause = call ? undefined : closest(at, IMPORT_REQUIRE_CLAUSE);
			if (call) {
				bindRequire(call, module, facts);
			} else if (clause) {
				// TypeScript's `import fs = require('fs')`.
				const name = clause.namedChildren.find((c) => c?.type === 'identifier');
				if (name) {
					bind(facts, name.text, module);
				}
			}
		}
	}
	return facts;
}

function bindImport(statement: Node, module: string, facts: JsFacts) {
	const clause = statement.namedChildren.find((c) => c?.type === 'import_clause');
	for (const part of clause?.namedChildren ?? []) {
		if (!part) {
			continue;
		}
		if (part.type === 'identifier') {
			// A default import is the module object for Node's built-ins, and its default export otherwise.
			bind(facts, part.text, module, isRelative(module) ? 'default' : undefined);
		} else if (part.type === 'namespace_import') {
			const name = part.namedChildren.find((c) => c?.type === 'identifier');
			if (name) {
				bind(facts, name.text, module);
			}
		} else if (part.type === 'named_imports') {
			for (const spec of part.namedChildren) {
				const imported = spec?.childForFieldName('name')?.text;
				if (spec && imported) {
					bind(facts, spec.childForFieldName('alias')?.text ?? imported, module, imported);
				}
			}
		}
	}
}

/** `const fs = require('fs')`, `const { execSync: run } = require('child_process')`, `require('fs').promises`. */
function bindRequire(call: Node, module: string, facts: JsFacts) {
	let value: Node = call;
	const members: string[] = [];
	for (let up = parentOf(value); up?.type === 'member_expression' && up.childForFieldName('object')?.id === value.id; up = parentOf(value)) {
		members.push(up.childForFieldName('property')?.text ?? '');
		value = up;
	}
	const member = members.join('.') || undefined;
	const declarator = parentOf(value);
	if (declarator?.type !== 'variable_declarator' || declarator.childForFieldName('value')?.id !== value.id) {
		return;
	}
	const name = declarator.childForFieldName('name');
	const inner = (key: string) => (member ? `${member}.${key}` : key);
	if (name?.type === 'identifier') {
		bind(facts, name.text, module, member);
	} else if (name?.type === 'object_pattern') {
		for (const prop of name.namedChildren) {
			if (prop?.type === 'shorthand_property_identifier_pattern') {
				bind(facts, prop.text, module, inner(prop.text));
			} else if (prop?.type === 'pair_pattern') {
				const key = prop.childForFieldName('key')?.text;
				const local = prop.childForFieldName('value');
				if (key && local?.type === 'identifier') {
					bind(facts, local.text, module, inner(key));
				}
			}
		}
	}
}

/**
 * The qualified name of a call's or `new`'s callee, if `accept` takes it: `fs.readFileSync` for
 * `readFileSync(…)` after `import { readFileSync } from 'node:fs'`; undefined when the head name is not
 * bound to a module.
 */
export function qualifiedCallee(call: Node, file: FileContext, accept: (qualified: string) => boolean = () => true): string | undefined {
	const callee = call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
	const name = callee ? qualifiedName(callee, file) : undefined;
	return name !== undefined && accept(name) ? name : undefined;
}

export function qualifiedName(expression: Node, file: FileContext): string | undefined {
	const target = unwrapParens(expression);
	if (target.type === 'identifier') {
		return file.facts(createJsFacts).bindings.get(target.text);
	}
	if (target.type === 'member_expression') {
		const object = target.childForFieldName('object');
		const property = target.childForFieldName('property')?.text;
		if (!object || !property) {
			return undefined;
		}
		if (object.type === 'call_expression' && object.childForFieldName('function')?.text === 'require') {
			const spec = object.childForFieldName('arguments')?.namedChild(0);
			return spec?.type === 'string' ? `${normalizeModule(spec.text.slice(1, -1))}.${property}` : undefined;
		}
		const head = qualifiedName(object, file);
		return head ? `${head}.${property}` : undefined;
	}
	return undefined;
}

const CALLS = new Set(['call_expression', 'new_expression']);

/** The call (or `new`) whose callee ends with this name: `readFileSync` in `fs.readFileSync(p)` → the call. */
export function callOf(name: Node): Node | undefined {
	let callee: Node = name;
	const member = parentOf(name);
	if (member?.type === 'member_expression' && member.childForFieldName('property')?.id === name.id) {
		callee = member;
	}
	const call = parentOf(callee);
	if (!call || !CALLS.has(call.type)) {
		return undefined;
	}
	const field = call.type === 'new_expression' ? 'constructor' : 'function';
	return call.childForFieldName(field)?.id === callee.id ? call : undefined;
}

// --- Scopes

const FUNCTION_TYPES = new Set([
	'function_declaration',
	'generator_function_declaration',
	'function_expression',
	'function',
	'generator_function',
	'arrow_function',
	'method_definition',
]);
export const isJsFunction = (n: Node) => FUNCTION_TYPES.has(n.type);

/** Array methods that call their callback right away, once per element. */
const ITERATING = new Set([
	'forEach',
	'map',
	'flatMap',
	'filter',
	'reduce',
	'reduceRight',
	'some',
	'every',
	'find',
	'findIndex',
	'findLast',
	'findLastIndex',
	'sort',
	'toSorted',
]);
const ROUTE_METHODS = /\.(?:get|post|put|patch|delete|del|all|use|head|options|route|handle|on)$/;
const SERVER_FACTORIES = /(?:^|\.)create(?:Secure)?Server$/;
const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** `function load`, `save()`, `handler` (a named arrow), `(req, res) =>` or `function (req, res)` when anonymous. */
function functionLabel(fn: Node, name: string | undefined): string {
	if (name) {
		return fn.type === 'method_definition' ? `${name}()` : fn.type === 'arrow_function' ? name : `function ${name}`;
	}
	const written = shorten(compact(fn.childForFieldName('parameters')?.text ?? fn.childForFieldName('parameter')?.text ?? '()').replace(/,/g, ', '), 24);
	const params = written.startsWith('(') ? written : `(${written})`;
	return fn.type === 'arrow_function' ? `${params} =>` : `function ${params}`;
}

function functionName(fn: Node): string | undefined {
	const own = fn.childForFieldName('name');
	if (own) {
		return own.text;
	}
	const parent = parentOf(fn);
	if (parent?.type === 'variable_declarator' || parent?.type === 'assignment_expression') {
		const target = parent.childForFieldName(parent.type === 'variable_declarator' ? 'name' : 'left');
		return target?.text.split('.').pop();
	}
	if (parent?.type === 'pair' || parent?.type === 'public_field_definition' || parent?.type === 'field_definition') {
		return parent.childForFieldName(parent.type === 'pair' ? 'key' : 'name')?.text ?? parent.childForFieldName('property')?.text;
	}
	return undefined;
}

/** The call this function is passed to, directly as an argument. */
export function callTakingArgument(fn: Node): Node | undefined {
	const holder = parentOf(fn);
	const call = parentOf(holder);
	return holder?.type === 'arguments' && call && CALLS.has(call.type) ? call : undefined;
}

export function calleeText(call: Node): string {
	return compact(call.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function')?.text ?? '');
}

function runsWhere(fn: Node): FunctionScope['runs'] {
	const call = callTakingArgument(fn);
	if (!call) {
		return 'declared';
	}
	const callee = calleeText(call);
	// `new Promise(executor)` runs the executor synchronously; array methods run callbacks right away.
	return (call.type === 'new_expression' && callee === 'Promise') || ITERATING.has(callee.split('.').pop() ?? '') ? 'inline' : 'declared';
}

/** The names a function's parameters bind (the pattern's text for destructuring). */
export function paramNames(fn: Node): string[] {
	const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
	if (!params) {
		return [];
	}
	if (params.type === 'identifier') {
		return [params.text];
	}
	return params.namedChildren.map((p) => (p?.childForFieldName('pattern') ?? p)?.text ?? '');
}

function isHandler(fn: Node, name: string | undefined): boolean {
	const [first, second] = paramNames(fn);
	if (/^(?:req|request)$/.test(first ?? '') && /^(?:res|response|reply)$/.test(second ?? '')) {
		return true;
	}
	if (name && HTTP_EXPORTS.has(name) && parentOf(fn)?.type === 'export_statement') {
		return true;
	}
	const call = callTakingArgument(fn);
	if (!call) {
		return false;
	}
	const callee = calleeText(call);
	if (SERVER_FACTORIES.test(callee)) {
		return true;
	}
	const event = call.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
	return ROUTE_METHODS.test(callee) && (callee.endsWith('.on') ? /^['"](?:request|connection)['"]$/.test(event) : /^['"`]\//.test(event));
}

// --- Loops

function forIterations(node: Node): Iterations {
	const condition = node.childForFieldName('condition');
	const text = condition?.type === 'empty_statement' ? '' : (condition?.text ?? '').replace(/;$/, '').trim();
	if (text === '' || text === 'true') {
		return { bound: 'infinite' };
	}
	const comparison = /^[\w.]+\s*<=?\s*(.+)$/.exec(text);
	if (!comparison) {
		return { bound: 'infinite' };
	}
	return countIterations(comparison[1]);
}

/** Iterations of a counter loop up to `limit` (the text of `i < limit`). */
export const countIterations = (limit: string) => limitIterations(limit, /\.(?:length|size)\b/);

/** How often a `for…of` (or an array method) over `iterable` runs: an array literal is its length. */
export function iterableIterations(iterable: Node | null): Iterations {
	const target = iterable ? unwrapParens(iterable) : undefined;
	return target?.type === 'array' ? constantIterations(target.namedChildCount) : { bound: 'input', source: target?.text };
}

function forVariables(node: Node): string[] {
	const init = node.childForFieldName('initializer');
	return init ? init.descendantsOfType('variable_declarator').flatMap((d) => boundNames(d?.childForFieldName('name'))) : [];
}

function whileIterations(node: Node): Iterations {
	const condition = node.childForFieldName('condition');
	const text = (condition ? unwrapParens(condition).text : '').trim();
	if (text === 'true' || text === '1') {
		return { bound: 'infinite' };
	}
	const comparison = /^[\w.]+\s*<=?\s*(.+)$/.exec(text);
	return comparison ? countIterations(comparison[1]) : { bound: 'infinite' };
}

/** `items.forEach(x => …)`: an implicit loop whose body is the callback. */
function iteratingCall(node: Node): LoopScope | undefined {
	const fn = node.childForFieldName('function');
	if (fn?.type !== 'member_expression' || !ITERATING.has(fn.childForFieldName('property')?.text ?? '')) {
		return undefined;
	}
	const callback = node.childForFieldName('arguments')?.namedChildren.find((a) => a && isJsFunction(a));
	if (!callback) {
		return undefined;
	}
	const receiver = fn.childForFieldName('object');
	return { node, label: shorten(`${compact(fn.text)}(…)`), ...iterableIterations(receiver), body: callback, implicit: true };
}

/** `await` and `for await`. */
const AWAIT_POINTS: AwaitPoints = {
	types: ['await_expression', 'for_in_statement'],
	awaits: (n) => n.type === 'await_expression' || n.children.some((c) => c?.type === 'await'),
	word: /\bawait\b/,
};

export const jsSyntax: SyntaxModel = {
	isFunction: isJsFunction,
	awaitPoints: AWAIT_POINTS,
	functionScope(node) {
		if (!FUNCTION_TYPES.has(node.type)) {
			return undefined;
		}
		const name = functionName(node);
		const isAsync = node.children.some((c) => c?.type === 'async');
		const label = `${isAsync ? 'async ' : ''}${functionLabel(node, name)}`;
		return { node, name, label, isAsync, runs: runsWhere(node), isHandler: isHandler(node, name) };
	},
	loopScope(node) {
		switch (node.type) {
			case 'for_statement': {
				const body = node.childForFieldName('body');
				return body ? { node, label: loopHeader(node, body), ...forIterations(node), body, variables: forVariables(node) } : undefined;
			}
			case 'for_in_statement': {
				const body = node.childForFieldName('body');
				return body
					? {
							node,
							label: loopHeader(node, body),
							...iterableIterations(node.childForFieldName('right')),
							body,
							variables: boundNames(node.childForFieldName('left')),
						}
					: undefined;
			}
			case 'while_statement':
			case 'do_statement': {
				const body = node.childForFieldName('body');
				return body
					? {
							node,
							label: node.type === 'while_statement' ? loopHeader(node, body) : `do … while ${shorten(node.childForFieldName('condition')?.text ?? '')}`,
							...whileIterations(node),
							body,
						}
					: undefined;
			}
			case 'call_expression':
				return iteratingCall(node);
			default:
				return undefined;
		}
	},
	isAwaited(node) {
		return parentSkippingParens(node)?.type === 'await_expression';
	},
	localCallOf(name) {
		const call = callOf(name);
		if (!call || call.type !== 'call_expression') {
			return undefined;
		}
		const fn = call.childForFieldName('function');
		return fn?.type === 'identifier' || (fn?.type === 'member_expression' && fn.childForFieldName('object')?.type === 'this') ? call : undefined;
	},
	spawnLimiter(spawn, within) {
		for (let n: Node | null = spawn; n && n.id !== within.id; n = parentOf(n)) {
			if (n.type === 'await_expression') {
				return 'awaited before the next one starts';
			}
		}
		const acquired = callBefore(within, spawn, 'call_expression', (call) => {
			const fn = call.childForFieldName('function');
			return (
				fn?.type === 'member_expression' &&
				/^(?:acquire|wait|take)$/.test(fn.childForFieldName('property')?.text ?? '') &&
				LIMITER_NAME.test(compact(fn.childForFieldName('object')?.text ?? ''))
			);
		});
		if (acquired) {
			return 'a permit acquired before the spawn';
		}
		const handle = declaredName(spawn);
		const named = handle ? new RegExp(`\\b${handle}\\b`) : undefined;
		const waited = named && callAfter(within, spawn, 'await_expression', (a) => named.test(a.text));
		return waited ? 'awaited in the same iteration' : undefined;
	},
};

/** `w` in `const w = new Worker(…)`. */
function declaredName(node: Node): string | undefined {
	const parent = parentSkippingParens(node);
	if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === node.id) {
		const name = parent.childForFieldName('name');
		return name?.type === 'identifier' ? name.text : undefined;
	}
	return undefined;
}
