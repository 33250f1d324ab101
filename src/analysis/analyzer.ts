import type { Edit, Tree } from '@vscode/tree-sitter-wasm';
import {
	activeDetectors,
	type ActiveDetector,
	applySuppressions,
	combinedTrigger,
	crossFileFindings,
	runDetectors,
	sortFindings,
	type ModuleBlocking,
	type ModuleSummary,
} from './engine';
import { AnalysisCancelledError, BinaryInputError, looksBinary } from './errors';
import { supportFor } from './languages';
import { ParserHost, type WasmLoader } from './parser';
import type { AnalysisOptions, Finding, LanguageId } from './types';

/** A text change as VS Code reports it: offsets and positions refer to the text before this change. */
export interface TextChange {
	rangeOffset: number;
	rangeLength: number;
	text: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Finds and summarizes the modules one file imports, for cross-file one hop: the workspace index, bound to
 * the importing file. Modules it cannot find, or that are not the workspace's, are left out of the map.
 */
export interface ImportResolver {
	/** Whether any of these modules is a file of the workspace (a cheap look, before parsing the importing file). */
	importsAny(languageId: LanguageId, modules: readonly string[]): boolean;
	summaries(languageId: LanguageId, modules: readonly string[]): Promise<ReadonlyMap<string, ModuleSummary>>;
}

/**
 * The analysis core's entry point: text + language in, findings out. Grammars load on first use of a
 * language; the front ends supply the WASM bytes.
 */
export class Analyzer {
	private readonly host: ParserHost;

	constructor(loadWasm: WasmLoader, parseTimeoutMillis?: number) {
		this.host = new ParserHost(loadWasm, parseTimeoutMillis);
	}

	async analyze(text: string, languageId: LanguageId, options: AnalysisOptions = {}, imports?: ImportResolver): Promise<Finding[]> {
		const document = this.openDocument(languageId);
		try {
			return await document.analyze(text, options, true, imports);
		} finally {
			document.dispose();
		}
	}

	/**
	 * What another module's async code must not call in this file: its top-level sync functions that block,
	 * each with its blocking sites. Every in-async detector runs, whatever the file's own async code and the
	 * settings (the importer's settings decide which sites become findings).
	 */
	async summarize(text: string, languageId: LanguageId, isCancelled?: () => boolean): Promise<ModuleBlocking> {
		const support = supportFor(languageId);
		const options = { isCancelled };
		const active = activeDetectors(support, languageId, options, text, true).filter((a) => a.detector.mode === 'in-async');
		const modules = support.syntax.modules;
		const detectors = active.map((a) => a.detector);
		// Every site is at a trigger hit (an alias's too: its import names the original), so most modules, which have
		// none or fail the language's screen, are not parsed.
		if (looksBinary(text) || !modules || text.search(combinedTrigger(detectors)) < 0 || modules.mayBlock?.(text, detectors) === false) {
			return {};
		}
		const tree = await this.host.parse(languageId, text, undefined, isCancelled);
		try {
			return runDetectors(tree, text, languageId, support, options, active, undefined, { exported: true }).exported;
		} finally {
			tree.delete();
		}
	}

	/**
	 * Loads a language's grammar. Callers that track edits await this before reading the document text:
	 * once the grammar is loaded, `analyze` parses without yielding to other events, so no edit can slip
	 * in between reading the text and parsing it against the edited tree.
	 */
	async prepare(languageId: LanguageId): Promise<void> {
		await this.host.language(languageId);
	}

	/** An analyzer for one open document that keeps its tree and re-parses incrementally after edits. */
	openDocument(languageId: LanguageId): DocumentAnalyzer {
		return new DocumentAnalyzer(this.host, languageId);
	}

	dispose(): void {
		this.host.dispose();
	}
}

export class DocumentAnalyzer {
	private tree: Tree | undefined;

	constructor(
		private readonly host: ParserHost,
		readonly languageId: LanguageId,
	) {}

	/** Tells the kept tree about edits so the next `analyze` re-parses only what changed. */
	edit(changes: readonly TextChange[]): void {
		for (const change of changes) {
			this.tree?.edit(toTreeEdit(change));
		}
	}

	/**
	 * Analyzes the document's current text. `partial` (one-shot scans) lets the language's screen skip the
	 * file or parse only the parts that can hold a finding; an open document keeps a whole tree for
	 * incremental re-parsing.
	 */
	async analyze(text: string, options: AnalysisOptions = {}, partial = false, imports?: ImportResolver): Promise<Finding[]> {
		if (looksBinary(text)) {
			throw new BinaryInputError();
		}
		const support = supportFor(this.languageId);
		const active = support.prefilter.test(text) ? activeDetectors(support, this.languageId, options, text) : [];
		const crossFile = !!imports && importsWorkspaceCode(text, this.languageId, active, imports);
		// The screen saves whole parses in one-shot scans; an open document re-parses incrementally, which
		// costs less than screening the text again after every keystroke.
		const screened =
			active.length === 0
				? 'none'
				: partial && !crossFile
					? (support.screen?.(
							text,
							active.map((a) => a.detector),
						) ?? 'all')
					: 'all';
		if (screened === 'none') {
			this.forget();
			return [];
		}
		const previous = this.tree;
		const ranges = partial && screened !== 'all' ? screened.ranges : undefined;
		const tree = await this.host.parse(this.languageId, text, ranges ? undefined : previous, options.isCancelled, ranges);
		previous?.delete();
		this.tree = tree;
		const analysis = runDetectors(tree, text, this.languageId, support, options, active, ranges, { imported: crossFile });
		let findings = analysis.findings;
		if (analysis.imported.length > 0) {
			const summaries = await imports!.summaries(this.languageId, [...new Set(analysis.imported.map((i) => i.module))]);
			// Another analysis of this document may have replaced the tree meanwhile: this one is stale.
			if (this.tree !== tree) {
				throw new AnalysisCancelledError();
			}
			const direct = new Set(findings.map(positionKey));
			const extra = crossFileFindings(analysis.imported, summaries, this.languageId, options).filter((f) => !direct.has(positionKey(f)));
			findings = sortFindings([...findings, ...extra]);
		}
		return applySuppressions(findings, text, tree.rootNode, this.languageId);
	}

	dispose(): void {
		this.forget();
	}

	private forget(): void {
		this.tree?.delete();
		this.tree = undefined;
	}
}

/**
 * Whether the file's async code may call a function of another workspace file: it must import one (judged
 * from its text and which files exist). Only then is the file parsed in full, as calls into other modules
 * can be anywhere in async code and the screens, which look at trigger hits, cannot see them. In-async
 * detectors are active only in files with async code.
 */
function importsWorkspaceCode(text: string, languageId: LanguageId, active: ActiveDetector[], imports: ImportResolver): boolean {
	const modules = supportFor(languageId).syntax.modules;
	return !!modules && active.some((a) => a.detector.mode === 'in-async') && imports.importsAny(languageId, modules.candidateModules(text));
}

const positionKey = (f: Finding) => `${f.ruleId}@${f.range.startLine}:${f.range.startColumn}`;

/** The text after `changes`, applied in the order given, as `DocumentAnalyzer.edit` applies them to the tree. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
	for (const change of changes) {
		text = text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
	}
	return text;
}

export function toTreeEdit(change: TextChange): Edit {
	const { start, end } = change.range;
	const lines = change.text.split('\n');
	const last = lines[lines.length - 1];
	return {
		startIndex: change.rangeOffset,
		oldEndIndex: change.rangeOffset + change.rangeLength,
		newEndIndex: change.rangeOffset + change.text.length,
		startPosition: { row: start.line, column: start.character },
		oldEndPosition: { row: end.line, column: end.character },
		newEndPosition:
			lines.length === 1 ? { row: start.line, column: start.character + last.length } : { row: start.line + lines.length - 1, column: last.length },
	};
}
