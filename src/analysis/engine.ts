import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { languageInfo, settingsLanguage } from './languageIds';
import type { Detector, FileContext, FunctionScope, IncludedRange, LanguageSupport, LoopScope, Site, SyntaxModel } from './languageSupport';
import { RULES, type RuleId } from './rules/catalog';
import { composeMessage, type MessageContext } from './rules/messages';
import { findSuppression } from './suppression';
import { nodeAt } from './syntaxHelpers';
import { wordsTrigger } from './callTable';
import { AnalysisCancelledError } from './errors';
import type { AnalysisOptions, Finding, FindingContext, LanguageId, Severity, Span } from './types';

// --- Running detectors over one parsed file

/** Loops (innermost first) and the function scope that encloses a node, skipping inline callbacks. */
interface Placement {
	fn?: FunctionScope;
	loops: LoopScope[];
}

interface SyncSite {
	ruleId: RuleId;
	severity: Severity;
	site: Site;
}

/** Spawning past one of these loops repeats without a bound. */
const UNBOUNDED_LOOPS = new Set(['input', 'infinite', 'large-constant']);

export function place(node: Node, syntax: SyntaxModel, file: FileContext): Placement {
	const loops: LoopScope[] = [];
	let inlineAsync: FunctionScope | undefined;
	for (let parent = node.parent; parent; parent = parent.parent) {
		const loop = syntax.loopScope(parent, file);
		// Only the body repeats: the iterable in the header is evaluated once.
		if (loop && contains(loop.body, node)) {
			loops.push(loop);
		}
		const fn = syntax.functionScope(parent, file);
		if (!fn) {
			continue;
		}
		if (fn.runs !== 'inline') {
			return { fn: inlineAsync ?? fn, loops };
		}
		// A callback that runs inline (forEach, map) belongs to the code around it: its loops count, and a
		// sync one inherits the outer function's context. An async one is its own async context.
		if (fn.isAsync) {
			inlineAsync ??= fn;
		}
	}
	return { fn: inlineAsync, loops };
}

export function contains(outer: Node, inner: Node): boolean {
	return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

export function spanOf(node: Node): Span {
	return {
		startLine: node.startPosition.row,
		startColumn: node.startPosition.column,
		endLine: node.endPosition.row,
		endColumn: node.endPosition.column,
	};
}

/**
 * Analyzes one parsed file with the detectors `activeDetectors` chose. Cost follows the number of trigger
 * hits in the text, not the size of the tree, which is what keeps re-analysis after an edit in a large
 * file within a few milliseconds.
 */
export function runDetectors(
	tree: Tree,
	text: string,
	languageId: LanguageId,
	support: LanguageSupport,
	options: AnalysisOptions,
	detectors: readonly ActiveDetector[],
	ranges?: readonly IncludedRange[],
): Finding[] {
	const root = tree.rootNode;
	// With a partial parse, hits outside the parsed ranges have no tree to look at.
	const parsed = (index: number) => !ranges || ranges.some((r) => index >= r.startIndex && index < r.endIndex);
	const facts = new Map<(root: Node, text: string) => unknown, unknown>();
	const file: FileContext = {
		text,
		root,
		languageId,
		facts<T>(create: (root: Node, text: string) => T): T {
			if (!facts.has(create)) {
				facts.set(create, create(root, text));
			}
			return facts.get(create) as T; // the map's key is the function that made the value
		},
	};
	const findings = new Map<string, Finding>();
	const syncSites = new Map<string, SyncSite[]>();
	const { syntax } = support;

	const add = (ruleId: RuleId, severity: Severity, node: Node, finding: Omit<Finding, 'ruleId' | 'kind' | 'severity' | 'range' | 'lesson'>) => {
		const key = `${ruleId}@${node.startIndex}`;
		if (!findings.has(key)) {
			const rule = RULES[ruleId];
			findings.set(key, { ruleId, kind: rule.kind, severity, range: spanOf(node), lesson: rule.lesson, ...finding });
		}
	};

	const active = detectors.map(({ detector, severity }) => ({ detector, severity, seen: new Set<number>() }));
	const visit = (entry: (typeof active)[number], start: number, end: number) => {
		checkCancelled(options);
		const site = entry.detector.detect(nodeAt(root, start, end), file);
		if (site && !entry.seen.has(site.node.startIndex)) {
			entry.seen.add(site.node.startIndex);
			judge(entry.detector, site, entry.severity);
		}
	};
	// One pass over the text for every detector's trigger; each hit then goes to the detectors it fits.
	for (const hit of text.matchAll(combinedTrigger(active.map((a) => a.detector)))) {
		if (!parsed(hit.index)) {
			continue;
		}
		for (const entry of active) {
			const trigger = stickyTrigger(entry.detector);
			trigger.lastIndex = hit.index;
			const own = trigger.exec(text);
			if (own) {
				visit(entry, hit.index, hit.index + own[0].length);
			}
		}
	}
	for (const entry of active) {
		const extra = entry.detector.fileTrigger?.(file);
		for (const hit of extra ? text.matchAll(extra) : []) {
			if (parsed(hit.index)) {
				visit(entry, hit.index, hit.index + hit[0].length);
			}
		}
	}
	// Sync sites come only from in-async detectors, which are active only when the file has async code.
	addOneHopFindings();
	return [...findings.values()].sort(byPosition);

	function judge(detector: Detector, site: Site, severity: Severity) {
		const { ruleId } = detector;
		if (detector.mode === 'anywhere') {
			add(ruleId, severity, site.node, { message: composeMessage(ruleId, site, {}), callee: site.callee });
			return;
		}
		const { fn, loops } = place(site.node, syntax, file);
		if (detector.mode === 'in-async') {
			if (fn?.isAsync) {
				const context: FindingContext = { kind: 'async-function', label: fn.label, range: spanOf(fn.node) };
				add(ruleId, severity, site.node, { message: composeMessage(ruleId, site, { asyncFunction: fn.label }), callee: site.callee, context });
			} else if (fn && fn.runs === 'declared' && fn.name) {
				const list = syncSites.get(fn.name) ?? [];
				list.push({ ruleId, severity, site });
				syncSites.set(fn.name, list);
			}
			return;
		}
		const loop = loops.find((l) => UNBOUNDED_LOOPS.has(l.bound));
		const handler = fn?.isHandler ? fn : undefined;
		if (!loop && !handler) {
			return;
		}
		const within = loop ? loop.body : handler!.node;
		if (syntax.spawnLimiter(site.node, within, file)) {
			return;
		}
		const context: FindingContext = loop
			? { kind: 'loop', label: loop.label, range: spanOf(loop.node) }
			: { kind: 'handler', label: handler!.label, range: spanOf(handler!.node) };
		const where: MessageContext = loop ? { loop: loop.label } : { handler: handler!.label };
		add(ruleId, severity, site.node, { message: composeMessage(ruleId, site, where), callee: site.callee, context });
	}

	/** An async function calling a same-file sync function that blocks is flagged at the call, with the chain. */
	function addOneHopFindings() {
		if (syncSites.size === 0) {
			return;
		}
		// One pass over the text for all names, however many sync functions block.
		for (const hit of text.matchAll(wordsTrigger([...syncSites.keys()], ''))) {
			checkCancelled(options);
			const name = hit[0];
			const sites = syncSites.get(name);
			const call = sites && syntax.localCallOf(nodeAt(root, hit.index, hit.index + name.length));
			if (!sites || !call || syntax.isAwaited(call)) {
				continue;
			}
			const { fn } = place(call, syntax, file);
			if (!fn?.isAsync) {
				continue;
			}
			const context: FindingContext = { kind: 'async-function', label: fn.label, range: spanOf(fn.node) };
			for (const { ruleId, severity, site } of sites) {
				const message = composeMessage(ruleId, site, { asyncFunction: fn.label, via: name });
				add(ruleId, severity, call, { message, callee: `${name}()`, context, chain: [fn.label, name, site.callee] });
			}
		}
	}
}

export interface ActiveDetector {
	detector: Detector;
	severity: Severity;
}

/** The detectors that can run on this text: switched on, and (for in-async ones) async code present. */
export function activeDetectors(support: LanguageSupport, languageId: LanguageId, options: AnalysisOptions, text: string): ActiveDetector[] {
	const hasAsync = support.asyncMarker.test(text);
	return support.detectors.flatMap((detector) => {
		const severity = effectiveSeverity(detector.ruleId, languageId, options);
		return severity && (detector.mode !== 'in-async' || hasAsync) ? [{ detector, severity }] : [];
	});
}

const combined = new Map<string, RegExp>();
const sticky = new WeakMap<Detector, RegExp>();

/** All triggers of a set of detectors as one global regex, cached by their sources. */
export function combinedTrigger(detectors: readonly Detector[]): RegExp {
	const source = detectors.map((d) => `(?:${d.trigger.source})`).join('|') || '(?!)';
	let regex = combined.get(source);
	if (!regex) {
		regex = new RegExp(source, 'g');
		combined.set(source, regex);
	}
	return regex;
}

/** A detector's own trigger, sticky: does it match exactly at a given index? */
export function stickyTrigger(detector: Detector): RegExp {
	let regex = sticky.get(detector);
	if (!regex) {
		regex = new RegExp(detector.trigger.source, 'y');
		sticky.set(detector, regex);
	}
	return regex;
}

export function effectiveSeverity(ruleId: RuleId, languageId: LanguageId, options: AnalysisOptions): Severity | undefined {
	const setting = options.languageRules?.[settingsLanguage(languageId)]?.[ruleId] ?? options.rules?.[ruleId] ?? RULES[ruleId].defaultSeverity;
	return setting === 'off' ? undefined : setting;
}

/** Marks findings silenced by a `concurrency-lens: ignore[rule] reason` comment; a missing reason is reported. */
export function applySuppressions(findings: Finding[], text: string, root: Node, languageId: LanguageId): Finding[] {
	if (findings.length === 0 || !text.includes('concurrency-lens:')) {
		return findings;
	}
	const lines = text.split('\n');
	// Some grammars (Rust) give a comment node a `//` child token: look at the ancestors too.
	const isComment = (line: number, column: number) => {
		for (let n = root.descendantForPosition({ row: line, column: column + 1 }); n; n = n.parent) {
			if (/comment/.test(n.type)) {
				return true;
			}
		}
		return false;
	};
	const marker = languageInfo(languageId).lineComment;
	return findings.map((finding) => {
		const match = findSuppression(lines, finding.range.startLine, finding.ruleId, isComment);
		if (!match) {
			return finding;
		}
		if (match.kind === 'missing-reason') {
			const hint = ` (The ignore comment on line ${match.line + 1} has no reason, so it does not apply: write \`${marker} concurrency-lens: ignore[${finding.ruleId}] <why this is safe>\`.)`;
			return { ...finding, message: finding.message + hint };
		}
		return { ...finding, suppressed: { reason: match.reason, line: match.line } };
	});
}

function byPosition(a: Finding, b: Finding): number {
	return a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn || a.ruleId.localeCompare(b.ruleId);
}

function checkCancelled(options: AnalysisOptions): void {
	if (options.isCancelled?.()) {
		throw new AnalysisCancelledError();
	}
}
