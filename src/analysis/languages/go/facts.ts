import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { boundValue as boundValueIn, type NameBindings } from '../../loopHelpers';
import { closest, codeMatches, parentOf } from '../../syntaxHelpers';

// --- Facts about one Go file, computed on first use

export interface GoFacts {
	/**
	 * Names declared as an `errgroup.Group` or a `sync.WaitGroup` (variables, parameters, struct fields):
	 * `g` → errgroup after `g, ctx := errgroup.WithContext(ctx)`. Both have a `Go` method that starts a goroutine.
	 */
	groups: Set<string>;
}

/** `var g errgroup.Group`, `wg *sync.WaitGroup` (parameter or field), `g errgroup.Group` in a struct. */
const TYPED_NAME = /\b(\w+)[ \t]+\*?(errgroup\.Group|sync\.WaitGroup|conc\.WaitGroup)\b/g;
/** `g, ctx := errgroup.WithContext(ctx)`, `g := new(errgroup.Group)`, `wg := &sync.WaitGroup{}`. */
const CONSTRUCTED_NAME =
	/\b(\w+)(?:[ \t]*,[ \t]*\w+)?[ \t]*:?=[ \t]*(?:&|new\()?[ \t]*(errgroup\.WithContext|errgroup\.Group|sync\.WaitGroup|conc\.WaitGroup)\b/g;

export function createGoFacts(root: Node, text: string): GoFacts {
	const groups = new Set<string>();
	for (const pattern of [TYPED_NAME, CONSTRUCTED_NAME]) {
		for (const hit of codeMatches(root, text, pattern)) {
			groups.add(hit[1]);
		}
	}
	return { groups };
}

// --- Finding what a name was bound to

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const TOP_LEVEL_FUNCTION = new Set(['function_declaration', 'method_declaration']);

/** True for Go's function-like nodes: declarations, methods and function literals. */
export const isGoFunction = (n: Node): boolean => FUNCTION_TYPES.has(n.type);

/** The top-level function or method around `node`: where its local names are declared. */
export function enclosingDeclaration(node: Node): Node | undefined {
	return closest(parentOf(node), TOP_LEVEL_FUNCTION);
}

/** `n := len(items)`, `var urls = []string{…}`, `const workers = 4` in the function, else at package level. */
const GO_BINDINGS: NameBindings = {
	localScope: enclosingDeclaration,
	assignment: (name) => new RegExp(`\\b${name}[ \\t]*(?:[\\w.*\\[\\] \\t]*)?:?=(?!=)`, 'g'),
	valueAt,
	fileLevel: (file) => file.facts(topLevelValues),
};

/** The expression a single name was last given before `at`; undefined for anything less direct. */
export const boundValue = (name: string, at: Node, file: FileContext): Node | undefined => boundValueIn(name, at, file, GO_BINDINGS);

/** Package-level `var x = …` and `const x = …` with a single name: what loop bounds may refer to (a file fact). */
function topLevelValues(root: Node): Map<string, Node> {
	const values = new Map<string, Node>();
	for (const declaration of root.namedChildren) {
		if (declaration?.type !== 'const_declaration' && declaration?.type !== 'var_declaration') {
			continue;
		}
		for (const spec of declaration.descendantsOfType(['const_spec', 'var_spec'])) {
			const names = spec?.childrenForFieldName('name') ?? [];
			const value = spec?.childForFieldName('value');
			if (names.length === 1 && names[0] && value?.namedChildCount === 1 && !values.has(names[0].text)) {
				values.set(names[0].text, value.namedChild(0)!);
			}
		}
	}
	return values;
}

/** When `name` is the only name declared or assigned by its statement, the value it receives. */
function valueAt(name: Node, text: string): Node | undefined {
	if (name.type !== 'identifier' || name.text !== text) {
		return undefined;
	}
	const list = parentOf(name);
	const statement = list?.type === 'expression_list' ? parentOf(list) : list;
	if (!statement || (list?.type === 'expression_list' && list.namedChildCount !== 1)) {
		return undefined;
	}
	if (statement.type === 'short_var_declaration' || statement.type === 'assignment_statement') {
		if (statement.childForFieldName('left')?.id !== list?.id) {
			return undefined;
		}
		const right = statement.childForFieldName('right');
		return right?.namedChildCount === 1 ? (right.namedChild(0) ?? undefined) : undefined;
	}
	if (statement.type === 'var_spec' || statement.type === 'const_spec') {
		if (statement.childrenForFieldName('name').length !== 1) {
			return undefined;
		}
		const value = statement.childForFieldName('value');
		return value?.namedChildCount === 1 ? (value.namedChild(0) ?? undefined) : undefined;
	}
	return undefined;
}

/** The declared type of a parameter of the enclosing function named `name`: `int` in `func f(n int)`. */
export function parameterType(name: string, at: Node): string | undefined {
	for (let n: Node | null = parentOf(at); n; n = parentOf(n)) {
		if (!isGoFunction(n)) {
			continue;
		}
		for (const param of n.childForFieldName('parameters')?.namedChildren ?? []) {
			if (param?.childrenForFieldName('name').some((p) => p?.text === name)) {
				return param.childForFieldName('type')?.text;
			}
		}
	}
	return undefined;
}
