import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { contains } from '../../engine';
import { compact, parentOf } from '../../syntaxHelpers';
import { methodCall, simpleTypeName, staticName, unwrapExpression } from './symbols';

// --- Declarations and origins of values: what a receiver evidently is (`new SqlCommand(…)`, `Task<int> t`, `var p = Process.Start(…)`)

const MEMBER_TYPES = new Set([
	'method_declaration',
	'constructor_declaration',
	'destructor_declaration',
	'operator_declaration',
	'conversion_operator_declaration',
	'accessor_declaration',
	'property_declaration',
	'field_declaration',
]);
/** Declarations of types whose members a method can reach. */
export const TYPE_DECLARATIONS: ReadonlySet<string> = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration']);

export interface Declaration {
	/** The declared type as written (`Task<int>`, `SqlCommand`); undefined for `var`. */
	type?: string;
	/** The initializer or assigned value. */
	value?: Node;
	/** For a loop variable or a LINQ lambda parameter: the collection it ranges over. */
	items?: Node;
}

/** The value after `=` in a declarator. */
function declaratorValue(declarator: Node): Node | undefined {
	for (let i = 0; i < declarator.childCount - 1; i++) {
		if (declarator.child(i)?.type === '=') {
			return declarator.child(i + 1) ?? undefined;
		}
	}
	return undefined;
}

function declaredType(declarator: Node): string | undefined {
	const declaration = parentOf(declarator);
	const type = declaration?.type === 'variable_declaration' ? declaration.childForFieldName('type') : undefined;
	return type && type.type !== 'implicit_type' ? type.text : undefined;
}

/** The outermost member (method, constructor, accessor) around `node`: where its locals live. */
function enclosingMember(node: Node): Node | undefined {
	let member: Node | undefined;
	for (let p: Node | null = parentOf(node); p; p = parentOf(p)) {
		if (MEMBER_TYPES.has(p.type)) {
			member = p;
		}
		if (TYPE_DECLARATIONS.has(p.type)) {
			break;
		}
		if (p.type === 'global_statement') {
			return parentOf(p) ?? undefined;
		}
	}
	return member;
}

/**
 * How `name` was declared where `at` uses it: the last local declaration, assignment or parameter of that
 * name in the enclosing member before `at`, else a field, property or primary-constructor parameter of the
 * enclosing types. `this.` and a leading `@` are ignored.
 */
export function declarationOf(name: string, at: Node): Declaration | undefined {
	const bare = name.replace(/^this\./, '').replace(/^@/, '');
	if (!/^\w+$/.test(bare)) {
		return undefined;
	}
	const member = name.startsWith('this.') ? undefined : enclosingMember(at);
	if (member) {
		const local = localDeclaration(member, bare, at);
		if (local) {
			return local;
		}
	}
	for (let p: Node | null = parentOf(at); p; p = parentOf(p)) {
		if (TYPE_DECLARATIONS.has(p.type)) {
			const field = memberDeclaration(p, bare);
			if (field) {
				return field;
			}
		}
	}
	return undefined;
}

function localDeclaration(member: Node, name: string, at: Node): Declaration | undefined {
	let best: { index: number; declaration: Declaration } | undefined;
	const consider = (index: number, declaration: Declaration) => {
		if (index <= at.startIndex && (!best || index >= best.index)) {
			best = { index, declaration };
		}
	};
	const found = member.descendantsOfType([
		'variable_declarator',
		'parameter',
		'declaration_pattern',
		'assignment_expression',
		'foreach_statement',
		'implicit_parameter',
	]);
	for (const n of found) {
		if (!n) {
			continue;
		}
		switch (n.type) {
			case 'variable_declarator':
				if (n.childForFieldName('name')?.text === name) {
					consider(n.startIndex, { type: declaredType(n), value: declaratorValue(n) });
				}
				break;
			case 'parameter':
				if (n.childForFieldName('name')?.text === name) {
					consider(-1, { type: n.childForFieldName('type')?.text });
				}
				break;
			case 'declaration_pattern':
				if (n.childForFieldName('name')?.text === name) {
					consider(n.startIndex, { type: n.childForFieldName('type')?.text });
				}
				break;
			case 'assignment_expression': {
				const left = n.childForFieldName('left')?.text.replace(/^this\./, '');
				if (left === name && n.childForFieldName('operator')?.text === '=') {
					const value = n.childForFieldName('right') ?? undefined;
					// An assignment keeps the declared type; only its value is new.
					consider(n.startIndex, { type: best?.declaration.type, value });
				}
				break;
			}
			case 'foreach_statement':
				if (n.childForFieldName('left')?.text === name && contains(n, at)) {
					const type = n.childForFieldName('type');
					consider(n.startIndex, { type: type && type.type !== 'implicit_type' ? type.text : undefined, items: n.childForFieldName('right') ?? undefined });
				}
				break;
			case 'implicit_parameter': {
				const lambda = parentOf(n);
				if (n.text === name && lambda && contains(lambda, at)) {
					consider(n.startIndex, { items: lambdaSource(lambda) });
				}
				break;
			}
		}
	}
	return best?.declaration;
}

/** Element-wise LINQ and `List<T>` methods: their lambda's parameter is one item of the receiver. */
const ELEMENT_METHODS =
	/^(?:ForEach|Select|SelectMany|Where|Any|All|First|FirstOrDefault|Single|SingleOrDefault|Last|LastOrDefault|Count|Sum|Min|Max|OrderBy|OrderByDescending|GroupBy|ToDictionary|TakeWhile|SkipWhile|Find|FindAll|Exists|TrueForAll|ConvertAll|RemoveAll)$/;

/** `tasks` in `tasks.ForEach(t => …)` or `Array.ForEach(tasks, t => …)`: what a lambda's single parameter ranges over. */
function lambdaSource(lambda: Node | null): Node | undefined {
	const argument = parentOf(lambda);
	const call = argument?.type === 'argument' ? parentOf(parentOf(argument)) : undefined;
	const parts = call?.type === 'invocation_expression' ? methodCall(call) : undefined;
	if (!parts?.receiver || !ELEMENT_METHODS.test(parts.method)) {
		return undefined;
	}
	return parts.receiver.text === 'Array' ? (call!.childForFieldName('arguments')?.namedChild(0)?.namedChild(0) ?? undefined) : parts.receiver;
}

function memberDeclaration(typeDeclaration: Node, name: string): Declaration | undefined {
	for (const child of typeDeclaration.namedChildren) {
		if (child?.type === 'parameter_list') {
			const parameter = child.namedChildren.find((p) => p?.childForFieldName('name')?.text === name);
			if (parameter) {
				return { type: parameter.childForFieldName('type')?.text };
			}
		}
	}
	for (const member of typeDeclaration.childForFieldName('body')?.namedChildren ?? []) {
		if (member?.type === 'field_declaration') {
			const declaration = member.namedChildren.find((c) => c?.type === 'variable_declaration');
			const declarator = declaration?.namedChildren.find((d) => d?.type === 'variable_declarator' && d.childForFieldName('name')?.text === name);
			if (declarator) {
				return { type: declaredType(declarator), value: declaratorValue(declarator) };
			}
		} else if (member?.type === 'property_declaration' && member.childForFieldName('name')?.text === name) {
			return { type: member.childForFieldName('type')?.text, value: member.childForFieldName('value') ?? undefined };
		}
	}
	return undefined;
}

/** The item type of a collection type: `Thread` for `List<Thread>`, `Thread[]`, `IEnumerable<Thread>`. */
function elementType(collection: string | undefined): string | undefined {
	const text = collection ? compact(collection) : '';
	const array = /^(.+)\[\]$/.exec(text);
	if (array) {
		return array[1];
	}
	const generic =
		/^[\w.]*(?:List|IEnumerable|ICollection|IReadOnlyList|IReadOnlyCollection|IList|HashSet|ISet|Queue|Stack|ConcurrentBag|ConcurrentQueue|Collection)<(.+)>$/.exec(
			text,
		);
	return generic?.[1];
}

/** Where a value comes from: its declared or constructed type, or the call that produced it. */
export interface Origin {
	/** Simple type name without namespace or type arguments: `Task`, `SqlCommand`. */
	type?: string;
	/** The type as written, with type arguments: `List<Task<int>>`. */
	typeText?: string;
	/** The producing call, class-qualified when static (`Process.Start`), else as written (`conn.CreateCommand`). */
	call?: string;
	/** The producing call's method name: `CreateCommand`. */
	method?: string;
	/** The producing call was awaited (`var reader = await cmd.ExecuteReaderAsync()`). */
	awaited?: boolean;
	/** The value is one item of a collection (a `foreach` variable, a LINQ lambda parameter). */
	element?: boolean;
}

export function originOf(expression: Node, file: FileContext, depth = 0): Origin | undefined {
	const node = unwrapExpression(expression);
	const typed = (text: string | undefined, extra: Partial<Origin> = {}): Origin | undefined =>
		text ? { type: simpleTypeName(text), typeText: text, ...extra } : undefined;
	switch (node.type) {
		case 'object_creation_expression':
			return typed(node.childForFieldName('type')?.text);
		case 'cast_expression':
			return typed(node.childForFieldName('type')?.text);
		case 'as_expression':
			return typed(node.childForFieldName('right')?.text);
		case 'invocation_expression': {
			const parts = methodCall(node);
			if (!parts) {
				return undefined;
			}
			const fn = node.childForFieldName('function')!;
			const qualified = fn.type === 'member_access_expression' ? staticName(fn, file) : undefined;
			return { call: qualified ?? compact(fn.text), method: parts.method };
		}
		case 'await_expression': {
			const inner = node.namedChild(0);
			const origin = inner ? originOf(inner, file, depth) : undefined;
			return origin ? { ...origin, awaited: true } : undefined;
		}
		case 'identifier':
		case 'member_access_expression': {
			if (depth > 3 || (node.type === 'member_access_expression' && node.childForFieldName('expression')?.text !== 'this')) {
				return undefined;
			}
			const declaration = declarationOf(node.text, node);
			if (!declaration) {
				return undefined;
			}
			if (declaration.type) {
				return typed(declaration.type);
			}
			if (declaration.items) {
				const element = elementType(originOf(declaration.items, file, depth + 1)?.typeText);
				return element ? typed(element, { element: true }) : undefined;
			}
			return declaration.value ? originOf(declaration.value, file, depth + 1) : undefined;
		}
	}
	return undefined;
}
