import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from './languageSupport';
import { climbUntil, compact, constantIterations, CPU_COUNT, integerLiteral, type Iterations, nodeAt, parentOf, remembered } from './syntaxHelpers';

// --- Shared by the spawn detectors of several languages

/**
 * Names of collections that are a configured set rather than the input: starting one thread or goroutine
 * for each worker, shard or listener is a pool, not per-item spawning.
 */
export const CONFIGURED_SET =
	/(?:^|[a-z_.])(?:[wW]orkers?|[sS]hards?|[pP]artitions?|[cC]onsumers?|[pP]roducers?|[lL]isteners?|[sS]ervers?|[rR]eplicas?|[sS]ervices|[cC]omponents|[rR]unners|[wW]atchers|[pP]lugins|[pP]roviders|[sS]ubsystems|[sS]tages)$/;

/**
 * A configured set, or the names or ids of one (`pluginNames`, `worker_ids`): `namesOf` is how the
 * language spells "names of" as a suffix, which is read as the plural it stands for.
 */
export function isConfiguredSet(name: string, namesOf: RegExp): boolean {
	const set = name.replace(namesOf, 's');
	return CONFIGURED_SET.test(name) || (set !== name && CONFIGURED_SET.test(set));
}

/**
 * How often a counter loop runs up to `limit` (the text of `i < limit`, `range(limit)`), in every language:
 * a literal is that many; the machine's CPU count is a pool; the size of a collection is the input, unless
 * the collection is a configured set (`len(workers)`); anything else is a named count. `inputSize` is the
 * language's spelling of a size (`len(…)`, `.length`, `.size()`); when its first group captures the
 * collection, that is what the configured-set check reads.
 */
export function limitIterations(limit: string, inputSize: RegExp): Iterations {
	const text = compact(limit);
	const literal = integerLiteral(text);
	if (literal !== undefined) {
		return constantIterations(literal);
	}
	if (CPU_COUNT.test(text)) {
		return { bound: 'cpu-count' };
	}
	const size = inputSize.exec(text);
	if (!size || (size[1] !== undefined && CONFIGURED_SET.test(size[1]))) {
		return { bound: 'count' };
	}
	return { bound: 'input', source: text };
}

/** A loop condition comparing a counter with its limit, and the way the counter runs towards it. */
export interface CounterComparison {
	counter: Node;
	limit: Node;
	/** `down`: the limit is where counting stops (`i >= 0`), so the iterations come from where it starts. */
	direction: 'up' | 'down';
}

/**
 * `i < n` and `i <= n` (and `i != n` where a language counts up with it) run up to `n`, as does `n > i`;
 * `i > 0` and `i >= 0` run down. Every C-family grammar spells these as a `binary_expression` with `left`,
 * `operator` and `right`.
 */
export function counterComparison(condition: Node, countsUpWith: readonly string[] = ['<', '<=']): CounterComparison | undefined {
	if (condition.type !== 'binary_expression') {
		return undefined;
	}
	const operator = condition.childForFieldName('operator')?.text ?? '';
	const left = condition.childForFieldName('left');
	const right = condition.childForFieldName('right');
	if (!left || !right) {
		return undefined;
	}
	if (countsUpWith.includes(operator)) {
		return { counter: left, limit: right, direction: 'up' };
	}
	if (operator === '>' || operator === '>=') {
		return right.type === 'identifier' && left.type !== 'identifier'
			? { counter: right, limit: left, direction: 'up' }
			: { counter: left, limit: right, direction: 'down' };
	}
	return undefined;
}

/**
 * For callback loops (`items.forEach(x -> …)`, `filepath.WalkDir(root, func…)`) the loop body is the argument
 * list; one iteration is the body of the callback that holds the spawn.
 */
export function callbackBody(spawn: Node, within: Node, callbackType: string): Node {
	if (within.type !== 'argument_list') {
		return within;
	}
	const callback = within.namedChildren.find((a) => a?.type === callbackType && a.startIndex <= spawn.startIndex && spawn.endIndex <= a.endIndex);
	return callback?.childForFieldName('body') ?? within;
}

export interface LoopExits {
	/** Node types whose children are statements in sequence. */
	holders: ReadonlySet<string>;
	/** Statements that leave the loop (`return`, `throw`). */
	exits: ReadonlySet<string>;
	/** Statements a plain `break` only leaves (`switch`, `select`). */
	switches: ReadonlySet<string>;
}

/** Whether a statement after the spawn, in the same iteration, leaves the loop: then it starts only once. */
export function leavesLoopAfter(spawn: Node, body: Node, exits: LoopExits): boolean {
	const exitAfter = (n: Node) => {
		const holder = parentOf(n);
		return (
			!!holder &&
			exits.holders.has(holder.type) &&
			leavingStatements(holder, exits).some((s) => s.startIndex >= n.endIndex && (s.type !== 'break_statement' || breaksOut(s, body, exits.switches)))
		);
	};
	const known = remembered(body, leavesLoopAfter, () => new Map<number, boolean>());
	return climbUntil(spawn, known, (n) => (n.id === body.id ? false : exitAfter(n) || undefined));
}

/** The statements of a holder that can leave a loop: exits, and plain `break`s (which one they leave is for the caller). */
function leavingStatements(holder: Node, exits: LoopExits): readonly Node[] {
	// Every site in a long block asks about its siblings: read the block once (a sibling step costs the depth).
	return remembered(holder, exits, (h) =>
		h.namedChildren.filter((s): s is Node => !!s && (exits.exits.has(s.type) || (s.type === 'break_statement' && s.namedChildCount === 0))),
	);
}

/** Whether an unlabeled `break` leaves the loop whose body is `body` (not a switch or select inside it). */
function breaksOut(statement: Node, body: Node, switches: ReadonlySet<string>): boolean {
	for (let n = parentOf(statement); n && n.id !== body.id; n = parentOf(n)) {
		if (switches.has(n.type)) {
			return false;
		}
	}
	return true;
}

/** Where a language keeps the values a name can be given, for `boundValue`. */
export interface NameBindings {
	/** The function or method whose local variables `at` sees. */
	localScope(at: Node): Node | undefined;
	/** The assignments to `name` as text (a cheap screen; `valueAt` confirms each in the tree). */
	assignment(name: string): RegExp;
	/** When `nameNode` is the name assigned or declared, the value it receives. */
	valueAt: (nameNode: Node, name: string) => Node | undefined;
	/** Values given at file level (package `var`/`const`, fields and constants), computed once per file. */
	fileLevel(file: FileContext): ReadonlyMap<string, Node>;
}

/**
 * The expression a name was last given before `at`: a local assignment or declaration in the enclosing
 * function, else a file-level value. Undefined for anything less direct.
 */
export function boundValue(name: string, at: Node, file: FileContext, bindings: NameBindings): Node | undefined {
	const scope = bindings.localScope(at);
	const local = scope && lastValueBefore(file, scope, at, name, bindings.assignment(name), bindings.valueAt);
	return local ?? bindings.fileLevel(file).get(name);
}

/**
 * The value last given to `name` in `scope` before `at`: `pattern` finds the assignments in the text and
 * `valueAt` reads the value from the name's node (undefined when it is not an assignment after all).
 */
export function lastValueBefore(
	file: FileContext,
	scope: Node,
	at: Node,
	name: string,
	pattern: RegExp,
	valueAt: (nameNode: Node, name: string) => Node | undefined,
): Node | undefined {
	let best: Node | undefined;
	for (const hit of file.text.slice(scope.startIndex, at.startIndex).matchAll(pattern)) {
		const start = scope.startIndex + hit.index;
		best = valueAt(nodeAt(file.root, start, start + name.length), name) ?? best;
	}
	return best;
}
