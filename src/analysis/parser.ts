import { Language, Parser, type Range, type Tree } from '@vscode/tree-sitter-wasm';
import { ParseTimeoutError } from './errors';
import { languageInfo } from './languageIds';
import type { IncludedRange } from './languageSupport';
import type { LanguageId } from './types';

/** Reads a WASM file by name (`tree-sitter.wasm`, `tree-sitter-python.wasm`). Front ends decide where from. */
export type WasmLoader = (fileName: string) => Promise<Uint8Array>;

/**
 * Owns the tree-sitter runtime: initialised once, grammars loaded on first use and cached, one parser per
 * language. Parsing is synchronous once a grammar is loaded, which keeps incremental re-parse cheap.
 */
export class ParserHost {
	private static runtime: Promise<void> | undefined;
	private readonly languages = new Map<LanguageId, Promise<Language>>();
	private readonly parsers = new Map<LanguageId, Parser>();

	constructor(
		private readonly loadWasm: WasmLoader,
		private readonly timeoutMillis = 3000,
	) {}

	/** Loads (once) the grammar for a language. */
	language(id: LanguageId): Promise<Language> {
		let language = this.languages.get(id);
		if (!language) {
			language = this.initRuntime().then(async () => Language.load(await this.loadWasm(languageInfo(id).grammar)));
			// A failed load is not cached: the next call tries again.
			language.catch(() => this.languages.delete(id));
			this.languages.set(id, language);
		}
		return language;
	}

	/**
	 * Parses `text` (or only `ranges` of it), reusing `oldTree` (already `edit`ed to match) when given.
	 * Throws ParseTimeoutError when the parse runs past the deadline or `isCancelled` says so. The caller owns
	 * (and must delete) the tree.
	 */
	async parse(id: LanguageId, text: string, oldTree?: Tree, isCancelled?: () => boolean, ranges?: readonly IncludedRange[]): Promise<Tree> {
		const parser = this.parsers.get(id) ?? this.createParser(id, await this.language(id));
		const deadline = Date.now() + this.timeoutMillis;
		const tree = parser.parse(text, oldTree ?? null, {
			// Only these parts of the text, when the screen has narrowed it down; positions stay the file's.
			...(ranges ? { includedRanges: ranges.map(toTreeSitterRange) } : {}),
			// tree-sitter stops when this returns true; the typings say void.
			progressCallback: () => Date.now() > deadline || (isCancelled?.() ?? false),
		});
		if (!tree) {
			parser.reset();
			throw new ParseTimeoutError(id, this.timeoutMillis);
		}
		return tree;
	}

	dispose(): void {
		for (const parser of this.parsers.values()) {
			parser.delete();
		}
		this.parsers.clear();
	}

	private createParser(id: LanguageId, language: Language): Parser {
		const parser = new Parser();
		parser.setLanguage(language);
		this.parsers.set(id, parser);
		return parser;
	}

	private initRuntime(): Promise<void> {
		if (!ParserHost.runtime) {
			const loader = this.loadWasm;
			// `wasmBinary` skips the runtime's own file lookup, so bundles and tests need no path magic.
			ParserHost.runtime = loader('tree-sitter.wasm').then((wasmBinary) => Parser.init({ wasmBinary } as unknown as Parameters<typeof Parser.init>[0]));
			ParserHost.runtime.catch(() => (ParserHost.runtime = undefined));
		}
		return ParserHost.runtime;
	}
}

function toTreeSitterRange(range: IncludedRange): Range {
	return {
		startIndex: range.startIndex,
		endIndex: range.endIndex,
		startPosition: { row: range.startRow, column: 0 },
		endPosition: { row: range.endRow, column: 0 },
	};
}
