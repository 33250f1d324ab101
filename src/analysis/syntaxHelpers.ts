import type { Node } from '@vscode/tree-sitter-wasm';
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

/** A loop's header as written, shortened for messages: everything before its body (`for (const x of items)`). */
export function loopHeader(loop: Node, body: Node): string {
	return shorten(loop.text.slice(0, body.startIndex - loop.startIndex));
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

/**
 * `node` and its descendants of the given types that belong to `node`'s own code: those inside a nested
 * function (as `isFunction` says) are left out. Runs the search in WASM, so it stays cheap on big bodies.
 */
export function ownDescendants(node: Node, types: string | string[], isFunction: (n: Node) => boolean): Node[] {
	return node.descendantsOfType(types).filter((found): found is Node => {
		if (!found) {
			return false;
		}
		if (found.id === node.id) {
			return true;
		}
		for (let p = found.parent; p && p.id !== node.id; p = p.parent) {
			if (isFunction(p)) {
				return false;
			}
		}
		return true;
	});
}

/** Nearest ancestor (or the node itself) whose type is in `types`, stopping at `stop` when it matches. */
export function closest(node: Node, types: ReadonlySet<string>, stop?: (n: Node) => boolean): Node | undefined {
	for (let n: Node | null = node; n; n = n.parent) {
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
	let p = node.parent;
	while (p && p.type === 'parenthesized_expression') {
		p = p.parent;
	}
	return p;
}

/** Whether a named call within `within` matching `isMatch` ends before `before` starts. */
export function callBefore(within: Node, before: Node, callTypes: string | string[], isMatch: (call: Node) => boolean): boolean {
	return within.descendantsOfType(callTypes).some((call) => !!call && call.endIndex <= before.startIndex && isMatch(call));
}

/** Whether a call within `within` matching `isMatch` starts after `after` ends. */
export function callAfter(within: Node, after: Node, callTypes: string | string[], isMatch: (call: Node) => boolean): boolean {
	return within.descendantsOfType(callTypes).some((call) => !!call && call.startIndex >= after.endIndex && isMatch(call));
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
