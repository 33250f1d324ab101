import type { Detector, ScreenResult } from '../../languageSupport';
import { SMALL_LOOP_LIMIT } from '../../languageSupport';
import { combinedTrigger, stickyTrigger } from '../../engine';
import type { IncludedRange } from '../../languageSupport';
import { integerLiteral, isLargeCount } from '../../syntaxHelpers';
import { ROUTE_METHODS } from './syntax';

/**
 * A textual screen run before parsing: which trigger hits could become findings, and so which parts of the
 * file must be parsed? Python's indentation gives each line's enclosing blocks without a parser, so hits
 * plainly outside async code and outside loops or handlers are ruled out. The answer is the top-level
 * statements holding the remaining hits (with the imports and decorators), or nothing.
 */
export function pythonScreen(text: string, detectors: readonly Detector[]): ScreenResult {
	const hits = [...text.matchAll(combinedTrigger(detectors))];
	const subclasses = /\b(?:Thread|Process)[ \t]*[,)]/.test(text);
	const renamedAt = subclasses || /\bimport\b[^\n]*[ \t]as[ \t]/.test(text);
	if (hits.length === 0 && !renamedAt) {
		return 'none'; // no trigger at all: no need to index the lines
	}
	const lines = new LineIndex(text);
	const hasAsync = /\basync[ \t]+def\b/.test(text);
	const needed = new Set<number>();
	let whole = false;
	// Each sync function's async callers, found once: a file can have many blocking calls in one function.
	const callersOf = new Map<number, number[]>();
	const consider = (index: number, word: string, detector: Detector) => {
		const line = lines.lineOf(index);
		const lineText = lines.text(line);
		if (/^\s*#/.test(lineText) || lines.inString(index)) {
			return;
		}
		const blocks = lines.enclosingBlocks(line);
		const fn = blocks.find((b) => /^(?:async[ \t]+)?def\b/.test(b.text));
		const candidate =
			(detector.mode === 'anywhere' && (detector.statementHint?.test(lines.statement(line)) ?? true)) ||
			(detector.mode === 'per-item' &&
				(blocks.some((b) => /^(?:async[ \t]+)?(?:for|while)\b/.test(b.text) && !fixedLoop(b.text)) ||
					/\bfor\b.+\bin\b/.test(lines.statement(line)) ||
					(detector.statementHint?.test(lines.statement(line)) ?? false) ||
					(!!fn && mayBeHandler(fn, lines))));
		if (candidate) {
			needed.add(lines.topLevel(line));
			whole ||= !!detector.wholeFile;
		} else if (detector.mode === 'in-async' && fn && hasAsync && mayBeHeavy(word, line, lines)) {
			if (/^async\b/.test(fn.text)) {
				needed.add(lines.topLevel(line));
			} else {
				// One hop: the sync function and the async functions that call it.
				let callers = callersOf.get(fn.line);
				if (!callers) {
					callers = asyncCallers(fn, lines, text);
					callersOf.set(fn.line, callers);
				}
				if (callers.length) {
					needed.add(lines.topLevel(line));
					callers.forEach((c) => needed.add(lines.topLevel(c)));
				}
			}
		}
	};
	for (const hit of hits) {
		for (const detector of detectors) {
			const own = stickyTrigger(detector);
			own.lastIndex = hit.index;
			if (own.test(text)) {
				consider(hit.index, hit[0], detector);
			}
		}
	}
	// Names this file gives a trigger's meaning: import aliases (`sleep as nap`) and Thread subclasses.
	const renamed = renamedAt ? localNames(text, lines, detectors, subclasses) : new Map<string, Detector[]>();
	if (renamed.size) {
		for (const hit of text.matchAll(new RegExp(`\\b(?:${[...renamed.keys()].join('|')})(?=[ \\t]*\\()`, 'g'))) {
			renamed.get(hit[0])!.forEach((detector) => consider(hit.index, hit[0], detector));
		}
	}
	if (needed.size === 0) {
		return 'none';
	}
	return whole ? 'all' : { ranges: lines.chunks(needed) };
}

/** Local names with a trigger's meaning, and the detectors that meaning belongs to. */
function localNames(text: string, lines: LineIndex, detectors: readonly Detector[], subclasses: boolean): Map<string, Detector[]> {
	const names = new Map<string, Detector[]>();
	const matching = (word: string) => detectors.filter((d) => new RegExp(`^(?:${d.trigger.source})`).test(`${word}(`));
	for (const statement of text.matchAll(/\bimport\b[^\n]*[ \t]as[ \t]/g)) {
		const line = lines.lineOf(statement.index);
		if (!/^[ \t]*(?:from|import)[ \t]/.test(lines.text(line)) || !lines.isStatement(statement.index)) {
			continue;
		}
		for (const alias of lines.text(line).matchAll(/([\w.]+)[ \t]+as[ \t]+(\w+)/g)) {
			const found = matching(alias[1].split('.').pop()!);
			if (found.length) {
				names.set(alias[2], found);
			}
		}
	}
	// A Thread or Process subclass starts a thread or process: a name for the thread-spawn rule only.
	for (const subclass of subclasses ? text.matchAll(/class[ \t]+(\w+)[ \t]*\([^)\n]*\b(?:Thread|Process)\b/g) : []) {
		if (lines.isStatement(subclass.index)) {
			names.set(
				subclass[1],
				detectors.filter((d) => d.ruleId === 'unbounded-thread-spawn'),
			);
		}
	}
	return names;
}

/**
 * Loops the analyzer treats as bounded, judged from the header as it does from the tree: a few literal
 * items, `range(4)`, `range(os.cpu_count())`, `range(workers)` (a configured count). `range(len(x))`, a
 * large literal, `while` and loops over collections repeat per item.
 */
function fixedLoop(header: string): boolean {
	const literal = /\bin[ \t]*[([]([^()[\]]*)[)\]][ \t]*:/.exec(header);
	if (literal) {
		return literal[1].split(',').filter((x) => x.trim()).length <= SMALL_LOOP_LIMIT;
	}
	const range = /\bin[ \t]+range\(([^()]*(?:\([^()]*\))?[^()]*)\)[ \t]*:/.exec(header);
	if (!range || /\blen\s*\(/.test(range[1])) {
		return false;
	}
	const end = range[1].split(',')[range[1].includes(',') ? 1 : 0].trim();
	const count = integerLiteral(end);
	return count === undefined || count <= SMALL_LOOP_LIMIT;
}

/** Loop hits need a reason to be heavy: a large count, a nested loop, hashing; calls are always candidates. */
function mayBeHeavy(word: string, line: number, lines: LineIndex): boolean {
	if (word !== 'for' && word !== 'while') {
		return true;
	}
	const header = lines.text(line);
	if (/\bfor\b.*\bfor\b/.test(header) || largeNumber(header)) {
		return true;
	}
	return /\b(?:for|while)\b|\b(?:hashlib|hmac)\.|\bsha\d+\(|\bmd5\(/.test(lines.blockBody(line));
}

function largeNumber(text: string): boolean {
	return [...text.matchAll(/\b\d[\d_]*(?:e\d+)?\b/g)].some((m) => isLargeCount(integerLiteral(m[0])));
}

const ROUTE_LINE = new RegExp(String.raw`^[ \t]*@[ \t]*[\w.]+\.(?:${ROUTE_METHODS})[ \t]*\(`);

/** The analyzer's handler test, on text: a route decorator, `do_GET`, or a `request` / `reader, writer` first parameter. */
function mayBeHandler(fn: { line: number; text: string }, lines: LineIndex): boolean {
	if (/\bdef[ \t]+do_[A-Z]+\b|\bdef[ \t]+\w+[ \t]*\([ \t]*(?:self[ \t]*,[ \t]*)?(?:request\b|reader[ \t]*,[ \t]*writer\b)/.test(fn.text)) {
		return true;
	}
	for (let line = fn.line - 1; line >= 0 && /^[ \t]*@/.test(lines.text(line)); line--) {
		if (ROUTE_LINE.test(lines.text(line))) {
			return true;
		}
	}
	return false;
}

/** One hop: the lines, inside an `async def` of this file, that call the sync function declared on `fn`. */
function asyncCallers(fn: { line: number; text: string }, lines: LineIndex, text: string): number[] {
	const name = /def[ \t]+(\w+)/.exec(fn.text)?.[1];
	const callers: number[] = [];
	for (const call of name ? text.matchAll(new RegExp(`\\b${name}[ \\t]*\\(`, 'g')) : []) {
		const line = lines.lineOf(call.index);
		const caller = line === fn.line ? undefined : lines.enclosingBlocks(line).find((b) => /^(?:async[ \t]+)?def\b/.test(b.text));
		if (caller?.text.startsWith('async')) {
			callers.push(line);
		}
	}
	return callers;
}

/** Keywords that only start statements, never continue an expression. */
const STATEMENT_ONLY = /^[ \t]*(?:async[ \t]+def|def|class|import|from[ \t]+[\w.]+[ \t]+import)[ \t]/;

/** Line starts, indentation and each line's enclosing line, computed once per file in one pass. */
class LineIndex {
	private readonly starts: number[] = [0];
	/** [start, end) of each triple-quoted string: text inside them is not code. */
	private readonly strings: [number, number][] = [];
	private readonly indents: Int32Array;
	/** The nearest code line above with less indentation (-1 at top level); -2 for lines that are not code. */
	private readonly parents: Int32Array;

	constructor(private readonly source: string) {
		for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
			this.starts.push(i + 1);
		}
		const count = this.starts.length;
		this.indents = new Int32Array(count);
		this.parents = new Int32Array(count);
		const continued = this.scanTokens();
		const stack: number[] = [];
		for (let line = 0; line < count; line++) {
			const start = this.starts[line];
			let i = start;
			while (source[i] === ' ' || source[i] === '\t') {
				i++;
			}
			const first = source[i];
			this.indents[line] = i - start;
			if (continued[line] || first === undefined || first === '\n' || first === '\r' || first === '#') {
				this.parents[line] = -2;
				continue;
			}
			while (stack.length && this.indents[stack[stack.length - 1]] >= this.indents[line]) {
				stack.pop();
			}
			this.parents[line] = stack.length ? stack[stack.length - 1] : -1;
			stack.push(line);
		}
	}

	/**
	 * One pass over strings, comments and brackets: records triple-quoted strings, and marks the lines that
	 * continue a statement (inside brackets or a string, or after a backslash), which are not statements.
	 */
	private scanTokens(): Uint8Array {
		const continued = new Uint8Array(this.starts.length);
		const tokens = /"""|'''|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|#[^\n]*|[()[\]{}]|\\\r?\n|\n/g;
		let depth = 0;
		let line = 0;
		const mark = (upTo: number, inside: boolean) => {
			while (line + 1 < this.starts.length && this.starts[line + 1] <= upTo) {
				line++;
				// `def`, `class` and imports cannot sit inside brackets: a bracket left open before them is a
				// syntax error, and the parser recovers there too.
				if (!inside && depth > 0 && STATEMENT_ONLY.test(this.source.slice(this.starts[line], this.starts[line] + 40))) {
					depth = 0;
				}
				continued[line] = inside || depth > 0 ? 1 : 0;
			}
		};
		for (let match = tokens.exec(this.source); match; match = tokens.exec(this.source)) {
			const token = match[0];
			mark(match.index, false);
			if (token === '"""' || token === "'''") {
				const close = this.source.indexOf(token, match.index + 3);
				const end = close < 0 ? this.source.length : close + 3;
				this.strings.push([match.index, end]);
				mark(end - 1, true);
				tokens.lastIndex = end;
			} else if (token === '(' || token === '[' || token === '{') {
				depth++;
			} else if (token === ')' || token === ']' || token === '}') {
				depth = Math.max(0, depth - 1);
			} else if (token.startsWith('\\')) {
				mark(match.index + token.length, true);
			}
		}
		mark(this.source.length, false);
		return continued;
	}

	/** Whether the line at `index` starts a statement (not a comment, string or continuation line). */
	isStatement(index: number): boolean {
		return this.parents[this.lineOf(index)] !== -2;
	}

	inString(index: number): boolean {
		let low = 0;
		let high = this.strings.length - 1;
		while (low <= high) {
			const mid = (low + high) >> 1;
			const [start, end] = this.strings[mid];
			if (index <= start) {
				high = mid - 1;
			} else if (index >= end) {
				low = mid + 1;
			} else {
				return true;
			}
		}
		return false;
	}

	/** The whole statement a line belongs to, with its continuation lines (a comprehension spans them). */
	statement(line: number): string {
		let first = line;
		while (first > 0 && this.parents[first] === -2 && !/^\s*(?:#|$)/.test(this.text(first))) {
			first--;
		}
		let end = line + 1;
		while (end < this.starts.length && this.parents[end] === -2 && !/^\s*(?:#|$)/.test(this.text(end))) {
			end++;
		}
		return this.source.slice(this.starts[first], end < this.starts.length ? this.starts[end] : this.source.length);
	}

	lineOf(index: number): number {
		let low = 0;
		let high = this.starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (this.starts[mid] <= index) {
				low = mid;
			} else {
				high = mid - 1;
			}
		}
		return low;
	}

	text(line: number): string {
		if (line < 0 || line >= this.starts.length) {
			return '';
		}
		const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.source.length;
		return this.source.slice(this.starts[line], end);
	}

	/**
	 * The block headers around a line, innermost first (`for x in y:`, `async def f(…):`): the chain of
	 * less-indented lines above it. A less-indented line that is not a header is the statement the line
	 * continues (inside its brackets), and is skipped. A header may span lines: its keyword is enough.
	 */
	enclosingBlocks(line: number): { line: number; text: string }[] {
		const blocks: { line: number; text: string }[] = [];
		let parent = this.parents[line];
		if (parent === -2) {
			// Not a code line itself (a continuation inside a string or after a comment): start from the
			// nearest code line above.
			let l = line - 1;
			while (l >= 0 && this.parents[l] === -2) {
				l--;
			}
			parent = l >= 0 && this.indents[l] < this.indents[line] ? l : l >= 0 ? this.parents[l] : -1;
		}
		for (let l = parent; l >= 0; l = this.parents[l]) {
			const text = this.text(l).trim();
			if (/^(?:async[ \t]+)?(?:def|class|for|while|if|elif|else|try|except|finally|with|match|case)\b/.test(text)) {
				blocks.push({ line: l, text });
			}
		}
		return blocks;
	}

	/** The top-level statement a line belongs to (its first line). */
	topLevel(line: number): number {
		let top = line;
		while (top > 0 && (this.parents[top] === -2 || this.indents[top] > 0)) {
			top = this.parents[top] >= 0 ? this.parents[top] : top - 1;
		}
		return top;
	}

	/**
	 * Source ranges for the given top-level statements, with the decorators and comments just above each
	 * (handlers are recognised by decorators; ignore comments sit above the line they silence) and every
	 * top-level import. Ranges start at column 0, as Python's indentation needs, and are merged when adjacent.
	 */
	chunks(tops: Set<number>): IncludedRange[] {
		const starts = new Set(tops);
		for (let line = 0; line < this.starts.length; line++) {
			if (this.indents[line] === 0 && /^(?:import|from)[ \t]/.test(this.text(line))) {
				starts.add(line);
			}
		}
		const ranges: { startRow: number; endRow: number }[] = [];
		for (const top of [...starts].sort((a, b) => a - b)) {
			let first = top;
			while (first > 0 && /^(?:@|[ \t]*#)/.test(this.text(first - 1)) && !this.inString(this.starts[first - 1])) {
				first--;
			}
			let end = top + 1;
			while (end < this.starts.length && !(this.parents[end] === -1 && this.indents[end] === 0)) {
				end++;
			}
			const last = ranges[ranges.length - 1];
			if (last && last.endRow >= first) {
				last.endRow = Math.max(last.endRow, end);
			} else {
				ranges.push({ startRow: first, endRow: end });
			}
		}
		return ranges.map((r) => ({
			...r,
			startIndex: this.starts[r.startRow],
			endIndex: r.endRow < this.starts.length ? this.starts[r.endRow] : this.source.length,
		}));
	}

	/** The lines indented under a block header, as one string. */
	blockBody(line: number): string {
		const indent = this.indents[line];
		let end = line + 1;
		while (end < this.starts.length && (this.parents[end] === -2 || this.indents[end] > indent)) {
			end++;
		}
		return this.source.slice(this.starts[Math.min(line + 1, this.starts.length - 1)], end < this.starts.length ? this.starts[end] : this.source.length);
	}
}
