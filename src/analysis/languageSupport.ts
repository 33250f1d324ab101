import type { Node } from '@vscode/tree-sitter-wasm';
import type { RuleId } from './rules/catalog';
import type { LanguageId } from './types';

// --- The contract between the generic engine and one language

/** A function-like scope: declaration, method, lambda, closure, async block. */
export interface FunctionScope {
	node: Node;
	/** Declared name, when it has one: the key for one-hop call chains. */
	name?: string;
	/** Shown in messages: `async def fetch`, `async () => …`, `func handler`. */
	label: string;
	isAsync: boolean;
	/**
	 * Where the body runs relative to the code around it. `inline`: now, on the caller's thread (a callback
	 * of forEach/map/sort). `elsewhere`: on another thread or process (asyncio.to_thread, spawn_blocking,
	 * Task.Run, a thread target). `declared`: whenever someone calls it.
	 */
	runs: 'inline' | 'elsewhere' | 'declared';
	/** A request handler: spawning once per call means once per request. */
	isHandler: boolean;
}

/**
 * How many times a loop runs. `small-constant`: a literal the pool would use (≤ SMALL_LOOP_LIMIT);
 * `cpu-count`: sized from the machine; `count`: a counter against a named value (a configured pool size);
 * `input`: once per item of a collection or stream, or up to its length; `large-constant`: a literal above
 * the limit; `infinite`: `while True`, `for {}`, `loop {}` (accept and event loops).
 */
export type LoopBound = 'small-constant' | 'cpu-count' | 'count' | 'input' | 'large-constant' | 'infinite';

/** Bounds whose loop repeats without a limit: spawning once per iteration of one is unbounded. */
export const UNBOUNDED_BOUNDS: ReadonlySet<LoopBound> = new Set<LoopBound>(['input', 'infinite', 'large-constant']);

/** Constant iteration counts up to this are a fixed pool, not a per-item spawn. */
export const SMALL_LOOP_LIMIT = 64;
/** Constant iteration counts from this on are heavy CPU work when nothing awaits inside. */
export const LARGE_LOOP_LIMIT = 100_000;

export interface LoopScope {
	node: Node;
	/** The loop header as written, shortened: `for url in urls`. */
	label: string;
	bound: LoopBound;
	/** The iteration count, when the header spells it as a literal. */
	count?: number;
	/** The part that repeats; code in the header (the iterable) runs once. */
	body: Node;
	/** A comprehension or an inline callback (`items.forEach(…)`), rather than a loop statement. */
	implicit?: boolean;
	/** Names the loop binds (`a` in `for a in points`, `i` in `for (let i = 0; …)`). */
	variables?: readonly string[];
	/** What the loop runs over or up to, as written: `points`, `items.length`. */
	source?: string;
}

/**
 * The language's await points: the node types that may await, and which of them do (`async for` does, a
 * plain `for` does not). `word`, when given, must be in the text for any of them to be there (a cheap screen).
 * No types: the language has no async functions of its own (Go, Java).
 */
export interface AwaitPoints {
	types: string[];
	awaits?: (node: Node) => boolean;
	word?: RegExp;
}

export interface SyntaxModel {
	functionScope(node: Node, file: FileContext): FunctionScope | undefined;
	/** Function-like nodes, where a body's own code ends: code in a nested function is that function's. */
	isFunction: (node: Node) => boolean;
	awaitPoints: AwaitPoints;
	loopScope(node: Node, file: FileContext): LoopScope | undefined;
	/** True when the expression's value is awaited (`await f()`, `f().await`, `co_await f()`). */
	isAwaited(node: Node): boolean;
	/**
	 * When `node` is the name in a call to a function of this file, that call: a bare `name(…)` or a call on
	 * the current object (`self.name(…)`, `this.name(…)`). Calls on other receivers may reach other code.
	 */
	localCallOf(node: Node, file: FileContext): Node | undefined;
	/**
	 * What limits spawning at `spawn`, if anything: a semaphore or token acquired before it in `within`
	 * (the loop body or handler), errgroup.SetLimit, a join in the same iteration. Undefined when unbounded.
	 */
	spawnLimiter(spawn: Node, within: Node, file: FileContext): string | undefined;
	/**
	 * For a function that is not async: what runs it on an event loop that other work shares (Node's request
	 * handlers and a server's listeners), as a phrase for messages: `the request handler \`(req, res) =>\``.
	 * Blocking there holds up everything else exactly as in async code. Absent: only async code counts.
	 */
	eventLoop?(fn: FunctionScope, file: FileContext): string | undefined;
	/** How the language's files import each other's functions: what cross-file one hop needs. Absent: same file only. */
	modules?: ModuleModel;
}

/** A call from this file to a function that another module names: `get_user` from `app.db`, `readConfig` from `./config`. */
export interface ImportedCall {
	call: Node;
	/** The call's callee as the file writes it (`fetch_user`, `db.get_user`, `loadDefaults`). */
	callee: Node;
	/** The module as the import wrote it: `app.db`, `.db`, `./config`. */
	module: string;
	/** The function's name in that module (`default` for a default export). */
	name: string;
}

export interface ModuleModel {
	/**
	 * The modules a file's text may import from the workspace, read from the text alone (a screen, run before
	 * parsing): a superset of what `importedCallAt` can name, the likeliest first. When none of them is a
	 * file of the workspace, the file is analyzed as if it imported nothing.
	 */
	candidateModules(text: string): string[];
	/** The local names this file's imports bind, where a call to another module's function can start. */
	importedNames(file: FileContext): Iterable<string>;
	/** At a hit of one of those names, the call it makes to a function of the imported module, if any. */
	importedCallAt(name: Node, file: FileContext): ImportedCall | undefined;
	/** The name other modules import `fn` by, when it is a function at the module's top level. */
	exportedName(fn: FunctionScope): string | undefined;
	/** The files that may hold `module` when `fromFile` imports it, in the order the runtime tries them. */
	moduleFiles(module: string, fromFile: string, root: string): string[];
	/**
	 * Optional, before a module is parsed for its summary: false when no function of `text` can hold a site
	 * of these detectors (a textual screen, like `LanguageSupport.screen`; when unsure, true).
	 */
	mayBlock?(text: string, detectors: readonly Detector[]): boolean;
}

/** What a detector found at a trigger hit. */
export interface Site {
	/** The node whose range is reported. */
	node: Node;
	/** The call as the user wrote it, shortened: `time.sleep`, `fs.readFileSync`, `go func`. */
	callee: string;
	/** The language-specific fix, as code or a short phrase: `await asyncio.sleep(…)`. */
	instead: string;
	/**
	 * CPU findings and pools: what makes it heavy or unbounded (`nested loops over the input`); thread
	 * spawns: what starts (`a new process`, `a worker thread`; the default is `an OS thread`).
	 */
	detail?: string;
	/**
	 * For `per-item` sites that repeat by their own shape (a fan-out over a comprehension or `.map`, or a
	 * spawn the detector placed in its loop): the loop that repeats them. The engine judges this loop alone,
	 * not the loops and handler around the site.
	 */
	loop?: LoopScope;
	/** A fan-out that starts (or polls) every item's work at once: `join_all`, `Task.WhenAll`, `gather`. */
	atOnce?: boolean;
}

/**
 * Finds one rule's sites in one language. The engine runs `trigger` over the raw text, takes the smallest
 * syntax node at each hit and asks `detect`; comments and strings fall out because `detect` sees their nodes.
 * - `in-async`: a finding when the site runs inside async code (directly, or one hop through a sync function)
 * - `per-item`: a finding when the site runs once per item of an unbounded loop, or once per request
 * - `anywhere`: the site is a finding wherever it is
 */
export interface Detector {
	ruleId: RuleId;
	mode: 'in-async' | 'per-item' | 'anywhere';
	trigger: RegExp;
	/** Names that only this file gives a meaning (import aliases, local subclasses): an extra trigger. */
	fileTrigger?(file: FileContext): RegExp | undefined;
	/**
	 * For `anywhere` detectors, what the text of a statement holding a finding always contains (a pool sized
	 * by `len(`): the textual screens rule out hits in statements without it. Without one, every hit stays in.
	 * For `per-item` detectors, statements that may repeat by their own shape outside any loop the screen
	 * sees (`gather(*map(fetch, urls))`, `gather(*coros)`): hits in them stay in.
	 */
	statementHint?: RegExp;
	/**
	 * Text that every file with a finding of this detector contains (`asyncio`, `Promise.all`): without it
	 * the detector does not run on the file at all, and the screens do not look at its hits.
	 */
	fileHint?: RegExp;
	/**
	 * Judging a site reads other top-level code of the file (a callee's definition, a module constant): the
	 * textual screens parse the whole file when a hit of this detector may be a finding.
	 */
	wholeFile?: boolean;
	detect(node: Node, file: FileContext): Site | undefined;
}

export interface LanguageSupport {
	languages: readonly LanguageId[];
	syntax: SyntaxModel;
	detectors: readonly Detector[];
	/** Text that any async code (or event-loop callback) must contain; without it `in-async` detectors are skipped. */
	asyncMarker: RegExp;
	/**
	 * Text that a file with a finding must contain (async code, or a spawn or pool name, even aliased).
	 * Without a match the file is not parsed at all: this is what keeps whole-repository scans fast.
	 */
	prefilter: RegExp;
	/**
	 * Optional, after `prefilter`: a textual look at the trigger hits with the detectors that will run. It
	 * names the parts of the file that can hold a finding (`none`, `all`, or line ranges), so the rest need
	 * not be parsed. It must never rule out a real finding: when unsure, it answers `all`.
	 */
	screen?: (text: string, detectors: readonly Detector[]) => ScreenResult;
}

/** What detectors get besides the node: the source, the tree and per-language facts. */
export interface FileContext {
	readonly text: string;
	readonly root: Node;
	readonly languageId: LanguageId;
	/**
	 * Per-file facts (imports, aliases, bindings), computed by `create` on first use and kept for the file.
	 * The type comes from the function, so a detector cannot read facts of a shape they do not have.
	 */
	facts<T>(create: (root: Node, text: string) => T): T;
}

/** Whole lines [startRow, endRow) of the source, with their character offsets. */
export interface IncludedRange {
	startRow: number;
	endRow: number;
	startIndex: number;
	endIndex: number;
}

export type ScreenResult = 'none' | 'all' | { ranges: IncludedRange[] };
