import type { Edit, Tree } from '@vscode/tree-sitter-wasm';
import { activeDetectors, applySuppressions, runDetectors } from './engine';
import { BinaryInputError, looksBinary } from './errors';
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
 * The analysis core's entry point: text + language in, findings out. Grammars load on first use of a
 * language; the front ends supply the WASM bytes.
 */
export class Analyzer {
	private readonly host: ParserHost;

	constructor(loadWasm: WasmLoader, parseTimeoutMillis?: number) {
		this.host = new ParserHost(loadWasm, parseTimeoutMillis);
	}

	async analyze(text: string, languageId: LanguageId, options: AnalysisOptions = {}): Promise<Finding[]> {
		const document = this.openDocument(languageId);
		try {
			return await document.analyze(text, options, true);
		} finally {
			document.dispose();
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
	async analyze(text: string, options: AnalysisOptions = {}, partial = false): Promise<Finding[]> {
		if (looksBinary(text)) {
			throw new BinaryInputError();
		}
		const support = supportFor(this.languageId);
		const active = support.prefilter.test(text) ? activeDetectors(support, this.languageId, options, text) : [];
		// The screen saves whole parses in one-shot scans; an open document re-parses incrementally, which
		// costs less than screening the text again after every keystroke.
		const screened =
			active.length === 0
				? 'none'
				: partial
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
		const findings = runDetectors(tree, text, this.languageId, support, options, active, ranges);
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
