import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { boundValue as boundValueIn, type NameBindings } from '../../loopHelpers';
import { closest, codeMatches, parentOf } from '../../syntaxHelpers';

// --- Facts about one Java file, computed on first use

export interface JavaFacts {
	/** Classes in this file that extend `Thread`, directly or through another class of the file. */
	threadClasses: Set<string>;
	/** False when the file declares or imports its own `Thread` (not `java.lang.Thread`). */
	threadIsJavaLang: boolean;
	/** `Timer` is `java.util.Timer` (one background thread each), not `javax.swing.Timer`. */
	timerIsUtil: boolean;
	/** `import static java.util.concurrent.Executors.*` (or the one method): bare `newCachedThreadPool()`. */
	staticExecutors: Set<string>;
	/** Variables declared as a `ProcessBuilder`: their `start()` launches a process. */
	processBuilders: Set<string>;
	/** Variables holding `Runtime.getRuntime()`: their `exec(…)` launches a process. */
	runtimes: Set<string>;
}

const EXTENDS = /\bclass\s+(\w+)(?:\s*<[^{]*?>)?\s+extends\s+([\w.]+)/g;
const STATIC_EXECUTORS = /\bimport\s+static\s+java\.util\.concurrent\.Executors\.(\*|\w+)\s*;/g;
const PROCESS_BUILDER_VARIABLE = /\b(?:ProcessBuilder|var)\s+(\w+)\s*=\s*new\s+ProcessBuilder\b|\bProcessBuilder\s+(\w+)\s*[=;,)]/g;
const RUNTIME_VARIABLE = /\b(?:Runtime|var)\s+(\w+)\s*=\s*Runtime\s*\.\s*getRuntime\s*\(/g;
const OWN_THREAD = /\b(?:class|interface|record|enum)\s+Thread\b|\bimport\s+(?!java\.lang\.)[\w.]+\.Thread\s*;/g;
const UTIL_TIMER = /\bimport\s+java\.util\.(?:Timer|\*)\s*;/g;
const SWING_TIMER = /\bimport\s+javax\.swing\.(?:Timer|\*)\s*;/g;

export function createJavaFacts(root: Node, text: string): JavaFacts {
	const inCode = (pattern: RegExp) => codeMatches(root, text, pattern);
	const parents = new Map<string, string>();
	for (const hit of inCode(EXTENDS)) {
		parents.set(hit[1], hit[2]);
	}
	const threadClasses = new Set<string>();
	const extendsThread = (name: string, seen: Set<string>): boolean => {
		const parent = parents.get(name);
		if (!parent || seen.has(name)) {
			return false;
		}
		seen.add(name);
		return parent === 'Thread' || parent === 'java.lang.Thread' || extendsThread(parent, seen);
	};
	for (const name of parents.keys()) {
		if (extendsThread(name, new Set())) {
			threadClasses.add(name);
		}
	}
	const staticExecutors = new Set(inCode(STATIC_EXECUTORS).map((m) => m[1]));
	const processBuilders = new Set(inCode(PROCESS_BUILDER_VARIABLE).map((m) => m[1] ?? m[2]));
	const runtimes = new Set(inCode(RUNTIME_VARIABLE).map((m) => m[1]));
	return {
		threadClasses,
		threadIsJavaLang: inCode(OWN_THREAD).length === 0,
		timerIsUtil: inCode(UTIL_TIMER).length > 0 && inCode(SWING_TIMER).length === 0,
		staticExecutors,
		processBuilders,
		runtimes,
	};
}

// --- Finding what a name was bound to

const FUNCTION_TYPES = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression']);
/** Java's function-like nodes: methods, constructors and lambdas. */
export const isJavaFunction = (n: Node): boolean => FUNCTION_TYPES.has(n.type);

const METHOD_TYPES = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration']);

/** The method or constructor around `node`, where its local variables are declared. */
function enclosingMethod(node: Node): Node | undefined {
	return closest(parentOf(node), METHOD_TYPES);
}

/** `int n = list.size();` in the method, else a field or constant initializer (`static final int WORKERS = 4;`). */
const JAVA_BINDINGS: NameBindings = {
	localScope: enclosingMethod,
	assignment: (name) => new RegExp(`\\b${name}\\s*=(?!=)`, 'g'),
	valueAt,
	fileLevel: (file) => file.facts(fieldValues),
};

/** The expression a name was last given before `at`; undefined when nothing says. */
export const boundValue = (name: string, at: Node, file: FileContext): Node | undefined => boundValueIn(name, at, file, JAVA_BINDINGS);

/** Each field's initializer, or else the first assignment to it in a constructor (`this.n = 4`, `n = 4`); a file fact. */
function fieldValues(root: Node): Map<string, Node> {
	const values = new Map<string, Node>();
	for (const field of root.descendantsOfType(['field_declaration', 'constant_declaration'])) {
		for (const declarator of field?.childrenForFieldName('declarator') ?? []) {
			const value = declarator?.childForFieldName('value');
			const name = declarator?.childForFieldName('name')?.text;
			if (value && name && !values.has(name)) {
				values.set(name, value);
			}
		}
	}
	for (const constructor of root.descendantsOfType('constructor_declaration')) {
		for (const assignment of constructor?.descendantsOfType('assignment_expression') ?? []) {
			const left = assignment?.childForFieldName('left');
			const right = assignment?.childForFieldName('right');
			const name =
				left?.type === 'field_access' && left.childForFieldName('object')?.type === 'this'
					? left.childForFieldName('field')?.text
					: left?.type === 'identifier'
						? left.text
						: undefined;
			if (name && right && assignment?.childForFieldName('operator')?.text === '=' && !values.has(name)) {
				values.set(name, right);
			}
		}
	}
	return values;
}

function valueAt(name: Node, text: string): Node | undefined {
	if (name.type !== 'identifier' || name.text !== text) {
		return undefined;
	}
	const parent = parentOf(name);
	if (parent?.type === 'variable_declarator' && parent.childForFieldName('name')?.id === name.id) {
		return parent.childForFieldName('value') ?? undefined;
	}
	if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.id === name.id && parent.childForFieldName('operator')?.text === '=') {
		return parent.childForFieldName('right') ?? undefined;
	}
	return undefined;
}
