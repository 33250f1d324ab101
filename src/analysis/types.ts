import type { RuleId } from './rules/catalog';

/**
 * Plain data shared by the analyzer, the CLI and the editor glue. No `vscode` here: these types cross
 * the boundary between the pure core and its front ends.
 */

/** The languages the analyzer understands (TSX is its own grammar; it reports as `typescript`). */
export type LanguageId = 'python' | 'javascript' | 'typescript' | 'tsx' | 'go' | 'java' | 'csharp' | 'rust' | 'cpp';

/** A language as settings and reports name it: TSX counts as TypeScript. */
export type SettingsLanguage = Exclude<LanguageId, 'tsx'>;

/** The two mistakes the course teaches. */
export type RuleKind = 'blocking-in-async' | 'unbounded-spawn' | 'task-lifetime';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Zero-based, end exclusive; columns count UTF-16 code units like JS strings and VS Code. */
export interface Span {
	startLine: number;
	startColumn: number;
	endLine: number;
	endColumn: number;
}

/**
 * The enclosing construct that turns a call into a problem: the async function, the function a shared event
 * loop runs though it is not async (a Node request handler), the loop, the handler.
 */
export interface FindingContext {
	kind: 'async-function' | 'event-loop' | 'loop' | 'handler';
	/** Human label, e.g. `async def fetch_all` or `for url in urls`. */
	label: string;
	range: Span;
}

export interface Finding {
	ruleId: RuleId;
	kind: RuleKind;
	severity: Severity;
	/** One or two sentences: what, where, why it hurts, what to do instead. */
	message: string;
	range: Span;
	/** The call or statement as the user wrote it, shortened: `time.sleep`, `go func`, `new Thread`. */
	callee: string;
	/** `<lesson-id>#<section>` that explains the finding. */
	lesson: string;
	context?: FindingContext;
	/** For one-hop findings: the async function, the sync function it calls (and its file, in another), the blocking call. */
	chain?: string[];
	/** For cross-file one hop: where the blocking call is, in the other file. */
	origin?: { path: string; range: Span };
	/** Present when an in-source comment silences the finding; front ends hide or report it. */
	suppressed?: { reason: string; line: number };
}

/** Per-rule (and optionally per-language) switch-off or re-grade. */
export type RuleSetting = Severity | 'off';

export interface AnalysisOptions {
	/** `rules[ruleId]` applies to every language; `languageRules[language][ruleId]` wins over it. */
	rules?: Record<string, RuleSetting>;
	languageRules?: Partial<Record<LanguageId, Record<string, RuleSetting>>>;
	/** Called between steps; returning true abandons the run (it then returns what it has not: nothing). */
	isCancelled?: () => boolean;
}
