import type { Node, Tree, TreeCursor } from '@vscode/tree-sitter-wasm';
import { LARGE_LOOP_LIMIT, SMALL_LOOP_LIMIT, type LoopBound, type LoopScope, type SyntaxModel } from './languageSupport';

// --- Small helpers every language module uses

/** First line of a node's text, whitespace collapsed, cut to `max` characters: for labels in messages. */
export function shorten(text: string, max = 48): string {
	const firstLine = text.split('\n')[0].replace(/\s+/g, ' ').trim();
	return firstLine.length > max ? `${firstLine.slice(0, max - 1)}…` : firstLine;
}

/** The callee text without whitespace or line breaks: `requests . get` → `requests.get`. */
export function compact(text: string): string {
	return text.replace(/\s+/g, '');
}

/** Parses an integer literal in any of our languages' spellings: `100_000`, `1e6`, `0x10`, `10'000`, `5L`. */
export function integerLiteral(text: string): number | undefined {
	const cleaned = text.replace(/[_']/g, '').replace(/(?:[uUlL]|[iu](?:8|16|32|64|128|size))+$/, '');
	if (!/^(?:0[xX][0-9a-fA-F]+|0[bB][01]+|\d+(?:\.\d+)?(?:[eE]\+?\d+)?)$/.test(cleaned)) {
		return undefined;
	}
	const value = Number(cleaned);
	return Number.isFinite(value) ? value : undefined;
}

/** How often a loop runs: its bound, and the count when it is a literal. */
export interface Iterations {
	bound: LoopBound;
	count?: number;
	/** For `input` loops: the collection or limit, as written. */
	source?: string;
}

/** The iterations of a loop that runs a literal number of times. */
export function constantIterations(count: number): Iterations {
	return { bound: count <= SMALL_LOOP_LIMIT ? 'small-constant' : 'large-constant', count };
}

/** Loop bounds from the one that stops a loop soonest to the one that never does. */
const BOUND_ORDER: readonly LoopBound[] = ['small-constant', 'cpu-count', 'count', 'large-constant', 'input', 'infinite'];

/** Of two bounds that must both hold (`while (a && b)`), the one that stops the loop first; `a` on a tie. */
export function tightest(a: Iterations, b: Iterations): Iterations {
	return BOUND_ORDER.indexOf(a.bound) <= BOUND_ORDER.indexOf(b.bound) ? a : b;
}

/** A loop's header as written, shortened for messages: everything before its body (`for (const x of items)`), without Python's block colon. */
export function loopHeader(loop: Node, body: Node): string {
	return shorten(loop.text.slice(0, body.startIndex - loop.startIndex).replace(/:\s*$/, ''));
}

/** True for constant counts large enough to be CPU-heavy when nothing awaits in the loop. */
export function isLargeCount(count: number | undefined): boolean {
	return count !== undefined && count >= LARGE_LOOP_LIMIT;
}

/** True when `node` has one of the language's await points in its own code (not in a nested function). */
export function containsAwait(node: Node, syntax: SyntaxModel): boolean {
	const { types, awaits, word } = syntax.awaitPoints;
	if (types.length === 0 || (word && !word.test(node.text))) {
		return false;
	}
	return ownDescendants(node, types, syntax.isFunction).some((n) => !awaits || awaits(n));
}

/** Per tree (a re-parse makes a new one): each node's parent, once asked for. */
const PARENTS = new WeakMap<Tree, Map<number, Node | null>>();

/**
 * `node.parent`, remembered for the tree. Tree-sitter finds a parent by walking down from the root, so
 * climbing parent after parent costs the square of the depth, and every site in a deep nest climbs the
 * same chain; remembered, a chain costs its length once per tree (`NodeLocator` fills it in deep trees).
 * The one way to ask for a parent here.
 */
export function parentOf(node: Node | null | undefined): Node | null {
	if (!node) {
		return null;
	}
	const parents = parentsOf(node.tree);
	let parent = parents.get(node.id);
	if (parent === undefined) {
		// eslint-disable-next-line no-restricted-syntax -- the one uncached read, kept here
		parent = node.parent;
		parents.set(node.id, parent);
	}
	return parent;
}

function parentsOf(tree: Tree): Map<number, Node | null> {
	let parents = PARENTS.get(tree);
	if (!parents) {
		parents = new Map();
		PARENTS.set(tree, parents);
	}
	return parents;
}

/** Whether a node at [start, end) holds the range, as `descendantForIndex` decides it. */
function spans(start: number, end: number, rangeStart: number, rangeEnd: number): boolean {
	return start <= rangeStart && end >= rangeEnd && (start === end ? end >= rangeStart : end > rangeStart);
}

/**
 * Finds the smallest node spanning a range (what `nodeAt` finds) for ranges asked in document order, with
 * one cursor that moves on from the last answer, and tells each node on the way its parent (`parentOf`).
 * From the root each time, as `descendantForIndex` and `node.parent` go, costs the depth per range and
 * per parent: cheap in a shallow tree, the square of its size for the sites of a deep nest. Here the
 * steps between ranges in order add up to the size of the tree; out of order, it climbs back.
 */
export class NodeLocator {
	private readonly cursor: TreeCursor;
	/** The cursor's node and its ancestors, root first. */
	private readonly path: Node[];
	private readonly parents: Map<number, Node | null>;

	constructor(root: Node) {
		this.cursor = root.walk();
		this.path = [root];
		this.parents = parentsOf(root.tree);
	}

	at(start: number, end = start): Node {
		const { cursor, path } = this;
		// The deepest node on the path that spans the range (the root answers for a range past its end).
		let spanning = path.length - 1;
		while (spanning > 0 && !spans(path[spanning].startIndex, path[spanning].endIndex, start, end)) {
			spanning--;
		}
		if (spanning < path.length - 1) {
			// Back to its child on the path, then on to a later sibling that spans the range: a range after
			// the last one costs the siblings between them, not all the siblings before it.
			while (path.length > spanning + 2) {
				cursor.gotoParent();
				path.pop();
			}
			const forward = path[spanning + 1].startIndex <= start;
			if (!forward || !this.nextSpanningSibling(start, end)) {
				cursor.gotoParent();
				path.pop();
				if (forward) {
					return path[spanning]; // no child spans it: the range falls between children
				}
			}
		}
		// Down while a child spans it.
		while (cursor.gotoFirstChild()) {
			if (!this.nextSpanningSibling(start, end, true)) {
				cursor.gotoParent();
				break;
			}
		}
		return path[path.length - 1];
	}

	dispose(): void {
		this.cursor.delete();
	}

	/**
	 * From the cursor's node (included when `fresh`, after stepping to a first child), the first sibling
	 * that spans the range becomes the path's end; false when none does before one starts past the range.
	 */
	private nextSpanningSibling(start: number, end: number, fresh = false): boolean {
		const { cursor, path } = this;
		for (let first = fresh; first || cursor.gotoNextSibling(); first = false) {
			if (cursor.startIndex > start) {
				return false;
			}
			if (spans(cursor.startIndex, cursor.endIndex, start, end)) {
				const node = cursor.currentNode;
				if (!fresh) {
					path.pop();
				}
				this.parents.set(node.id, path[path.length - 1]);
				path.push(node);
				return true;
			}
		}
		return false;
	}
}

/** Per tree (a re-parse makes a new one): what `remembered` computed, by kind and node id. */
const REMEMBERED = new WeakMap<Tree, Map<unknown, Map<number, unknown>>>();

/**
 * `compute(node)`, once per node and `kind` for the tree. For what every site in a loop body or a function
 * asks about that body: asked again, it must not cost the body's size again, or a body of n sites costs
 * n². `kind` names the computation: a constant string, or the function that computes it.
 */
export function remembered<T>(node: Node, kind: unknown, compute: (node: Node) => T): T {
	let kinds = REMEMBERED.get(node.tree);
	if (!kinds) {
		kinds = new Map();
		REMEMBERED.set(node.tree, kinds);
	}
	let values = kinds.get(kind);
	if (!values) {
		values = new Map();
		kinds.set(kind, values);
	}
	if (!values.has(node.id)) {
		values.set(node.id, compute(node));
	}
	return values.get(node.id) as T; // stored under this kind by this function only
}

/**
 * Asks `step` of `start` and then of each ancestor until it answers (undefined: ask the parent; no answer
 * by the root: false). Every node on the way keeps the answer in `memo`: the sites of a deep nest share
 * the climb above them, so n nested sites cost n, not n².
 */
export function climbUntil(start: Node | null, memo: Map<number, boolean>, step: (n: Node) => boolean | undefined): boolean {
	const chain: Node[] = [];
	let answer = false;
	for (let n = start; n; n = parentOf(n)) {
		const known = memo.get(n.id) ?? step(n);
		if (known !== undefined) {
			answer = known;
			break;
		}
		chain.push(n);
	}
	for (const n of chain) {
		memo.set(n.id, answer);
	}
	return answer;
}

/** `node` and its descendants of the given types, in document order (`descendantsOfType`, remembered). */
export function descendantsOf(node: Node, types: string | readonly string[]): readonly Node[] {
	const wanted = typeof types === 'string' ? [types] : [...types];
	return remembered(node, `descendants:${wanted.join(',')}`, (n) => n.descendantsOfType(wanted).filter((d): d is Node => !!d));
}

/**
 * `node` and its descendants of the given types that belong to `node`'s own code: those inside a nested
 * function (as `isFunction` says) are left out. Remembered like `descendantsOf`; a tree is one language, so
 * `isFunction` is the same for every call on it.
 */
export function ownDescendants(node: Node, types: string | readonly string[], isFunction: (n: Node) => boolean): readonly Node[] {
	const wanted = typeof types === 'string' ? [types] : types;
	return remembered(node, `own:${wanted.join(',')}`, (n) => {
		// The search in WASM finds the candidates. A few are checked by climbing from each (the climbs are
		// remembered); many, as in a big body, cost less in one walk of the body that skips nested functions.
		const candidates = descendantsOf(n, wanted);
		if (candidates.length > FEW_CANDIDATES) {
			return walkOwn(n, new Set(wanted), isFunction);
		}
		const nested = remembered(n, isFunction, () => new Map<number, boolean>());
		return candidates.filter((c) => c.id === n.id || !climbUntil(parentOf(c), nested, (p) => (p.id === n.id ? false : isFunction(p) || undefined)));
	});
}

const FEW_CANDIDATES = 32;

/** Pre-order, in document order, not entering nested functions (a nested function itself may match). */
function walkOwn(node: Node, wanted: ReadonlySet<string>, isFunction: (n: Node) => boolean): Node[] {
	const found: Node[] = [];
	const cursor = node.walk();
	try {
		for (let depth = 0; ; ) {
			const current = cursor.currentNode;
			if (wanted.has(current.type)) {
				found.push(current);
			}
			if ((depth === 0 || !isFunction(current)) && cursor.gotoFirstChild()) {
				depth++;
				continue;
			}
			// Up until a next sibling; never past `node` itself.
			for (;;) {
				if (depth === 0) {
					return found;
				}
				if (cursor.gotoNextSibling()) {
					break;
				}
				cursor.gotoParent();
				depth--;
			}
		}
	} finally {
		cursor.delete();
	}
}

/** Nearest ancestor (or the node itself) whose type is in `types`, stopping at `stop` when it matches. */
export function closest(node: Node | null, types: ReadonlySet<string>, stop?: (n: Node) => boolean): Node | undefined {
	for (let n: Node | null = node; n; n = parentOf(n)) {
		if (types.has(n.type)) {
			return n;
		}
		if (stop?.(n)) {
			return undefined;
		}
	}
	return undefined;
}

/** Unwraps parentheses around an expression. */
export function unwrapParens(node: Node): Node {
	let n = node;
	while ((n.type === 'parenthesized_expression' || n.type === 'parenthesized_pattern') && n.namedChildCount === 1) {
		n = n.namedChild(0)!;
	}
	return n;
}

/** The nearest ancestor that is not a parenthesized expression. */
export function parentSkippingParens(node: Node): Node | null {
	let p = parentOf(node);
	while (p && p.type === 'parenthesized_expression') {
		p = parentOf(p);
	}
	return p;
}

/** Whether a named call within `within` matching `isMatch` ends before `before` starts. */
export function callBefore(within: Node, before: Node, callTypes: string | string[], isMatch: (call: Node) => boolean): boolean {
	return descendantsOf(within, callTypes).some((call) => call.endIndex <= before.startIndex && isMatch(call));
}

/** Whether a call within `within` matching `isMatch` starts after `after` ends. */
export function callAfter(within: Node, after: Node, callTypes: string | string[], isMatch: (call: Node) => boolean): boolean {
	return descendantsOf(within, callTypes).some((call) => call.startIndex >= after.endIndex && isMatch(call));
}

/** Names that say "a semaphore or limiter" in any language: `sem`, `semaphore`, `limiter`, `permits`, `tokens`. */
export const LIMITER_NAME = /(?:^|[._])(?:sem|sema|semaphore|semaphoreslim|limiter|limit|permits?|tokens?|slots?|throttle|guard|pool)\w*$/i;

/** Names that say "the machine's CPU count". */
export const CPU_COUNT =
	/cpu_count|NumCPU|hardware_concurrency|availableProcessors|ProcessorCount|available_parallelism|num_cpus|GOMAXPROCS|cpus\(\)\.length|availableParallelism/;

/** The smallest node spanning [start, end) (the root when nothing smaller does). */
export function nodeAt(root: Node, start: number, end = start): Node {
	return root.descendantForIndex(start, end) ?? root;
}

/** Comment and literal node types of every grammar: text there is not code. */
const NOT_CODE = /comment|string|char_literal|character_literal|raw_string|text_block/;

/** Whether the character at `index` is code, not part of a comment or a string. */
export function isCodeAt(root: Node, index: number): boolean {
	return !NOT_CODE.test(nodeAt(root, index).type);
}

/**
 * The matches of `pattern` (global) that start in code. Per-file facts find declarations with a textual
 * pattern (cheap, no tree walk) and keep only these, so a comment or a string never changes a finding.
 */
export function codeMatches(root: Node, text: string, pattern: RegExp): RegExpExecArray[] {
	return [...text.matchAll(pattern)].filter((hit) => isCodeAt(root, hit.index));
}

/**
 * Whether `inner` (nested in `outer`) multiplies the work: both run over input and the inner one does not
 * walk something the outer one just handed it. `for a in points: for b in points` is quadratic;
 * `for name, values in groups: for v in values` and `for m in msgs: notes = m.notes; for n in notes`
 * only visit each item once.
 */
export function multipliesWork(outer: LoopScope, inner: LoopScope): boolean {
	if (outer.bound !== 'input' || inner.bound !== 'input' || inner.source === undefined) {
		return false;
	}
	const root = /^[\s(]*([A-Za-z_$][\w$]*)/.exec(inner.source)?.[1];
	if (!root) {
		return false;
	}
	if ((outer.variables ?? []).some((v) => new RegExp(`(?:^|[^\\w$.])${escapeName(v)}(?![\\w$])`).test(inner.source!))) {
		return false;
	}
	// Declared or assigned in the outer body before the inner loop: derived from the current item.
	const before = outer.body.text.slice(0, Math.max(0, inner.node.startIndex - outer.body.startIndex));
	const name = escapeName(root);
	const assigned = new RegExp(
		`(?:\\b(?:let|const|var|auto|val|final)\\s+(?:[^;=\\n]*[\\s,{\\[(])?${name}\\b|(?:^|[^\\w$.])${name}\\s*(?::=|=(?!=)|\\+=)|\\bas\\s+${name}\\b)`,
		'm',
	);
	return !assigned.test(before);
}

function escapeName(name: string): string {
	return name.replace(/[$]/g, '\\$');
}

/** Every identifier a binding pattern introduces: `a`, `(k, v)`, `{ name, value: v }`, `[x, ...rest]`. */
export function boundNames(pattern: Node | null | undefined): string[] {
	if (!pattern) {
		return [];
	}
	if (/identifier$/.test(pattern.type) && !/property_identifier|type_identifier/.test(pattern.type)) {
		return [pattern.text];
	}
	return pattern
		.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])
		.filter((n): n is Node => !!n)
		.map((n) => n.text);
}
