import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import { languageInfo, settingsLanguage } from './languageIds';
import {
	UNBOUNDED_BOUNDS,
	type Detector,
	type FileContext,
	type FunctionScope,
	type IncludedRange,
	type LanguageSupport,
	type LoopScope,
	type Site,
	type SyntaxModel,
} from './languageSupport';
import { RULES, type RuleId } from './rules/catalog';
import { composeMessage, type MessageContext, type MessageSite } from './rules/messages';
import { findSuppression, type SuppressionMatch } from './suppression';
import { compact, nodeAt, NodeLocator, parentOf } from './syntaxHelpers';
import { wordsTrigger } from './callTable';
import { AnalysisCancelledError } from './errors';
import type { AnalysisOptions, Finding, FindingContext, LanguageId, Severity, Span } from './types';

// --- Running detectors over one parsed file

/** Loops (innermost first) and the function scope that encloses a node, skipping inline callbacks. */
interface Placement {
	fn?: FunctionScope;
	loops: LoopScope[];
	/** How many ancestors the node has. */
	depth: number;
}

/** Past this depth, finding nodes and parents from the root costs more than walking to them (`NodeLocator`). */
const DEEP_TREE = 64;

interface SyncSite {
	ruleId: RuleId;
	severity: Severity;
	site: Site;
	/** The line (from 0) of an ignore comment on the site that has no reason, so does not apply: callers are told why. */
	unreasonedIgnore?: number;
}

/** What the engine learnt about one file: its findings and, when asked, what cross-file one hop needs. */
export interface FileAnalysis {
	findings: Finding[];
	/** Calls from async code (or a shared event loop) to functions of other modules, not awaited. */
	imported: ImportedSite[];
	/** The module's top-level sync functions that block, by the name other modules import them by. */
	exported: ModuleBlocking;
}

export type ModuleBlocking = Record<string, BlockingSite[]>;

/** A blocking site in a sync function, as plain data: what another file's finding says about it. */
export interface BlockingSite extends MessageSite {
	ruleId: RuleId;
	range: Span;
	/** As in the engine's sync sites: the line of an ignore comment without a reason on this site. */
	unreasonedIgnore?: number;
}

/** A call to another module's function from code that must not block, as plain data. */
export interface ImportedSite {
	module: string;
	/** The function's name in its module (`default` for a default export). */
	name: string;
	/** The callee as this file writes it (`fetch_user`, `db.get_user`, `loadDefaults`): what messages name. */
	written: string;
	range: Span;
	/** The async function (or event-loop callback) the call is in, for the finding's chain. */
	caller: string;
	context: FindingContext;
	where: MessageContext;
}

/** What a caller wants besides findings; both cost a little, so only the cross-file front ends ask (having checked the module model's `candidateModules`). */
export interface Collect {
	imported?: boolean;
	exported?: boolean;
}

export function place(node: Node, syntax: SyntaxModel, file: FileContext): Placement {
	const { loops, stop, inlineAsync, depth } = climb(node, syntax, file);
	return { fn: inlineAsync ?? stop, loops: [...loops], depth };
}

/** The scopes above a node, up to the first function that is not an inline callback. */
interface Climb {
	/** Loops whose body holds the node, innermost first. */
	loops: readonly LoopScope[];
	/** The first enclosing function that is not an inline callback. */
	stop?: FunctionScope;
	/** The innermost async inline callback below `stop`: an async context of its own. */
	inlineAsync?: FunctionScope;
	/** How many ancestors the node has. */
	depth: number;
}

/**
 * The climb from a node to its function, remembered for each node on the way: every site in a deep nest
 * shares the climb above it, so a file of n nested sites costs n, not n². A climb is a node's own when a
 * loop's body lies strictly inside it (`items.forEach(x => …)`: the callback is below the call's
 * arguments), and then it is not remembered.
 */
function climb(node: Node, syntax: SyntaxModel, file: FileContext): Climb {
	const { climbs, scopes } = file.facts(placementMemo);
	const chain: Node[] = [];
	let above: Climb = { loops: [], depth: 0 };
	for (let n: Node | null = node; n; n = parentOf(n)) {
		const known = climbs.get(n.id);
		if (known) {
			above = known;
			break;
		}
		chain.push(n);
	}
	let own = false;
	for (let i = chain.length - 1; i >= 0; i--) {
		const child = chain[i];
		const parent = parentOf(child);
		if (!parent) {
			climbs.set(child.id, above);
			continue;
		}
		let scope = scopes.get(parent.id);
		if (!scope) {
			scope = { loop: syntax.loopScope(parent, file), fn: syntax.functionScope(parent, file) };
			scopes.set(parent.id, scope);
		}
		const { loop, fn } = scope;
		own ||= !!loop && loop.body.id !== child.id && contains(child, loop.body);
		// Only the body repeats: the iterable in the header is evaluated once.
		const inBody = !!loop && contains(loop.body, own ? node : child);
		if (fn && fn.runs !== 'inline') {
			above = { loops: inBody ? [loop] : [], stop: fn, depth: above.depth + 1 };
		} else {
			// A callback that runs inline (forEach, map) belongs to the code around it: its loops count, and a
			// sync one inherits the outer function's context. An async one is its own async context.
			const inlineAsync = fn?.isAsync ? fn : above.inlineAsync;
			above = { loops: inBody ? [loop, ...above.loops] : above.loops, stop: above.stop, inlineAsync, depth: above.depth + 1 };
		}
		if (!own) {
			climbs.set(child.id, above);
		}
	}
	return above;
}

/** What `climb` learnt in a file: each ancestor's loop and function judged once, and the climbs above nodes. */
function placementMemo() {
	return { climbs: new Map<number, Climb>(), scopes: new Map<number, { loop?: LoopScope; fn?: FunctionScope }>() };
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
	collect: Collect = {},
): FileAnalysis {
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
	const imported: ImportedSite[] = [];
	const exported: ModuleBlocking = {};
	const { syntax } = support;
	const modules = collect.imported || collect.exported ? syntax.modules : undefined;

	// A blocking call in a sync function with an ignore comment (and a reason) is known and meant: the async
	// code that calls the function, in this file or another, is not told about it.
	let suppressions: { lookup?: SuppressionLookup } | undefined;
	const suppressionOf = (ruleId: RuleId, node: Node) => {
		suppressions ??= { lookup: suppressionLookup(text, root) };
		return suppressions.lookup?.(node.startPosition.row, ruleId);
	};

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
		const site = entry.detector.detect(locate(start, end), file);
		if (site && !entry.seen.has(site.node.startIndex)) {
			entry.seen.add(site.node.startIndex);
			judge(entry.detector, site, entry.severity);
		}
	};
	// Tree-sitter finds nodes and parents from the root, in time that grows with the depth: fine in the
	// shallow trees of real code, the square of the size in a deep nest of sites. Once a site is seen that
	// deep, one cursor walking from site to site finds them instead.
	let locator: NodeLocator | undefined;
	const locate = (start: number, end: number) => (locator ? locator.at(start, end) : nodeAt(root, start, end));
	try {
		findAll();
	} finally {
		locator?.dispose();
	}
	return { findings: sortFindings([...findings.values()]), imported, exported };

	function findAll() {
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
		if (collect.imported) {
			findImportedCalls();
		}
	}

	function judge(detector: Detector, site: Site, severity: Severity) {
		const { ruleId } = detector;
		if (detector.mode === 'anywhere') {
			add(ruleId, severity, site.node, { message: composeMessage(ruleId, site, {}, file.languageId), callee: site.callee });
			return;
		}
		const { fn, loops, depth } = place(site.node, syntax, file);
		if (depth > DEEP_TREE) {
			locator ??= new NodeLocator(root);
		}
		if (detector.mode === 'in-async') {
			const shared = sharedThreadOf(fn);
			if (shared) {
				add(ruleId, severity, site.node, {
					message: composeMessage(ruleId, site, shared.where, file.languageId),
					callee: site.callee,
					context: shared.context,
				});
			} else if (fn && fn.runs === 'declared' && fn.name) {
				const suppression = suppressionOf(ruleId, site.node);
				if (suppression?.kind === 'suppressed') {
					return;
				}
				const unreasoned = suppression ? { unreasonedIgnore: suppression.line } : {};
				const list = syncSites.get(fn.name) ?? [];
				list.push({ ruleId, severity, site, ...unreasoned });
				syncSites.set(fn.name, list);
				const name = collect.exported && modules?.exportedName(fn);
				if (name) {
					const { callee, instead, detail } = site;
					(exported[name] ??= []).push({ ruleId, callee, instead, ...(detail ? { detail } : {}), range: spanOf(site.node), ...unreasoned });
				}
			}
			return;
		}
		// A site that names its own loop repeats there, and only there.
		const loop = (site.loop ? [site.loop] : loops).find((l) => UNBOUNDED_BOUNDS.has(l.bound));
		const handler = !site.loop && fn?.isHandler ? fn : undefined;
		if (!loop && !handler) {
			return;
		}
		const within = loop ? loop.body : handler!.node;
		// A fan-out site (`Promise.all`) sits outside the loop it repeats in; its detector judged the limits.
		if (contains(within, site.node) && syntax.spawnLimiter(site.node, within, file)) {
			return;
		}
		const context: FindingContext = loop
			? { kind: 'loop', label: loop.label, range: spanOf(loop.node) }
			: { kind: 'handler', label: handler!.label, range: spanOf(handler!.node) };
		const where: MessageContext = loop ? { loop: loop.label } : { handler: handler!.label };
		add(ruleId, severity, site.node, { message: composeMessage(ruleId, site, where, file.languageId), callee: site.callee, context });
	}

	/**
	 * Where blocking `fn` holds up other work: an async function, or (in languages that say so) a function
	 * that runs on a shared event loop though it is not async, such as a Node request handler.
	 */
	function sharedThreadOf(fn: FunctionScope | undefined): { context: FindingContext; where: MessageContext } | undefined {
		if (fn?.isAsync) {
			return { context: { kind: 'async-function', label: fn.label, range: spanOf(fn.node) }, where: { asyncFunction: fn.label } };
		}
		const role = fn && syntax.eventLoop?.(fn, file);
		return fn && role ? { context: { kind: 'event-loop', label: fn.label, range: spanOf(fn.node) }, where: { eventLoop: role } } : undefined;
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
			const call = sites && syntax.localCallOf(locate(hit.index, hit.index + name.length), file);
			if (!sites || !call || syntax.isAwaited(call)) {
				continue;
			}
			const { fn } = place(call, syntax, file);
			const shared = sharedThreadOf(fn);
			if (!fn || !shared) {
				continue;
			}
			for (const { ruleId, severity, site, unreasonedIgnore } of sites) {
				const message =
					composeMessage(ruleId, site, { ...shared.where, via: name }, file.languageId) + unreasonedHint(unreasonedIgnore, ruleId, file.languageId);
				add(ruleId, severity, call, { message, callee: `${name}()`, context: shared.context, chain: [fn.label, name, site.callee] });
			}
		}
	}

	/** Calls to other modules' functions from code that must not block: cross-file one hop joins them to those modules' summaries. */
	function findImportedCalls() {
		const names = modules ? [...modules.importedNames(file)] : [];
		if (names.length === 0) {
			return;
		}
		for (const hit of text.matchAll(wordsTrigger(names, ''))) {
			checkCancelled(options);
			if (!parsed(hit.index)) {
				continue;
			}
			const target = modules!.importedCallAt(locate(hit.index, hit.index + hit[0].length), file);
			if (!target || syntax.isAwaited(target.call)) {
				continue;
			}
			const { fn } = place(target.call, syntax, file);
			const shared = sharedThreadOf(fn);
			if (fn && shared) {
				const written = compact(target.callee.text);
				imported.push({ module: target.module, name: target.name, written, range: spanOf(target.call), caller: fn.label, ...shared });
			}
		}
	}
}

/**
 * The one-hop findings of calls into other modules: `get_user()` in an async function, where `get_user` is a
 * sync function of another file that blocks. `summaries` maps a module as imported to what blocks in it.
 */
export function crossFileFindings(
	imported: readonly ImportedSite[],
	summaries: ReadonlyMap<string, ModuleSummary>,
	languageId: LanguageId,
	options: AnalysisOptions,
): Finding[] {
	return imported.flatMap(({ module, name, written, range, caller, context, where }) => {
		const summary = summaries.get(module);
		// One finding per rule at a call, naming the first blocking site (as same-file one hop does).
		const rules = new Set<RuleId>();
		return (summary?.blocking[name] ?? []).flatMap((site) => {
			const severity = effectiveSeverity(site.ruleId, languageId, options);
			if (!severity || rules.has(site.ruleId)) {
				return [];
			}
			rules.add(site.ruleId);
			const rule = RULES[site.ruleId];
			const message =
				composeMessage(site.ruleId, site, { ...where, via: written, viaFile: summary!.file }, languageId) +
				unreasonedHint(site.unreasonedIgnore, site.ruleId, languageId, summary!.file);
			const finding: Finding = {
				ruleId: site.ruleId,
				kind: rule.kind,
				severity,
				range,
				lesson: rule.lesson,
				message,
				callee: `${written}()`,
				context,
				chain: [caller, `${written} (${summary!.file})`, site.callee],
				origin: { path: summary!.path, range: site.range },
			};
			return [finding];
		});
	});
}

/** What cross-file one hop knows about one module: where it is and what blocks in its top-level functions. */
export interface ModuleSummary {
	/** The absolute path, for links to the blocking call. */
	path: string;
	/** The file as messages name it: relative to the workspace (or scan) root. */
	file: string;
	blocking: ModuleBlocking;
}

export interface ActiveDetector {
	detector: Detector;
	severity: Severity;
}

/**
 * The detectors that can run on this text: switched on, (for in-async ones) async code present, and the
 * detector's `fileHint` in the text.
 */
export function activeDetectors(
	support: LanguageSupport,
	languageId: LanguageId,
	options: AnalysisOptions,
	text: string,
	hasAsync = support.asyncMarker.test(text),
): ActiveDetector[] {
	return support.detectors.flatMap((detector) => {
		const severity = effectiveSeverity(detector.ruleId, languageId, options);
		const hinted = !detector.fileHint || detector.fileHint.test(text);
		return severity && hinted && (detector.mode !== 'in-async' || hasAsync) ? [{ detector, severity }] : [];
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

/** The file's ignore comments: what silences `ruleId` on `line`, if anything. */
type SuppressionLookup = (line: number, ruleId: RuleId) => SuppressionMatch | undefined;

/** Undefined when the file has no ignore comment at all (most files). */
function suppressionLookup(text: string, root: Node): SuppressionLookup | undefined {
	if (!text.includes('concurrency-lens:')) {
		return undefined;
	}
	const lines = text.split('\n');
	// Some grammars (Rust) give a comment node a `//` child token: look at the ancestors too.
	const isComment = (line: number, column: number) => {
		for (let n = root.descendantForPosition({ row: line, column: column + 1 }); n; n = parentOf(n)) {
			if (/comment/.test(n.type)) {
				return true;
			}
		}
		return false;
	};
	return (line, ruleId) => findSuppression(lines, line, ruleId, isComment);
}

/** Marks findings silenced by a `concurrency-lens: ignore[rule] reason` comment; a missing reason is reported. */
export function applySuppressions(findings: Finding[], text: string, root: Node, languageId: LanguageId): Finding[] {
	const lookup = findings.length > 0 ? suppressionLookup(text, root) : undefined;
	if (!lookup) {
		return findings;
	}
	return findings.map((finding) => {
		const match = lookup(finding.range.startLine, finding.ruleId);
		if (!match) {
			return finding;
		}
		if (match.kind === 'missing-reason') {
			return { ...finding, message: finding.message + unreasonedHint(match.line, finding.ruleId, languageId) };
		}
		return { ...finding, suppressed: { reason: match.reason, line: match.line } };
	});
}

/** Why an ignore comment (at `line`, from 0; in `file` when it is another file's) did not silence a finding, or nothing. */
function unreasonedHint(line: number | undefined, ruleId: RuleId, languageId: LanguageId, file?: string): string {
	if (line === undefined) {
		return '';
	}
	const where = file ? `line ${line + 1} of \`${file}\`` : `line ${line + 1}`;
	const marker = languageInfo(languageId).lineComment;
	return ` (The ignore comment on ${where} has no reason, so it does not apply: write \`${marker} concurrency-lens: ignore[${ruleId}] <why this is safe>\`.)`;
}

export function sortFindings(findings: Finding[]): Finding[] {
	return findings.sort(byPosition);
}

function byPosition(a: Finding, b: Finding): number {
	return a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn || a.ruleId.localeCompare(b.ruleId);
}

function checkCancelled(options: AnalysisOptions): void {
	if (options.isCancelled?.()) {
		throw new AnalysisCancelledError();
	}
}
