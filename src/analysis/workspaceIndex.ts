import { statSync } from 'node:fs';
import path from 'node:path';
import type { Analyzer, ImportResolver } from './analyzer';
import type { ModuleSummary } from './engine';
import { isInside, readSource } from './files';
import { importFamily, languageForFile } from './languageIds';
import { supportFor } from './languages';
import type { LanguageId } from './types';

export interface IndexLimits {
	/** Files larger than this are not summarized (the scan's and the editor's size limit). */
	maxBytes: number;
	/** Summaries kept; the least recently used go first. */
	maxSummaries?: number;
	/** Modules looked up for one importing file; imports past this are left out. */
	maxModulesPerFile?: number;
	/**
	 * How long a file's existence is trusted without looking again. A scan's tree does not change while it
	 * runs (Infinity); in the editor files come and go.
	 */
	existenceMillis?: number;
}

/**
 * The workspace's modules as cross-file one hop sees them: for an importing file, which files its imports
 * name, and for each such file what blocks in its top-level functions. Built lazily: a module is found and
 * summarized the first time a file imports it, and again only when its modification time or size changes.
 * Bounded in memory (an LRU of small summaries) and in time (a few modules per file, a size limit, the
 * parser's timeout). Reads are synchronous: the index lives on an analysis thread (a scan worker, the
 * editor's analysis worker), which has nothing else to do meanwhile.
 */
export class WorkspaceIndex {
	private readonly summaries = new Map<string, { mtimeMs: number; size: number; summary: ModuleSummary | undefined }>();
	private readonly existence = new Map<string, { isFile: boolean; at: number }>();
	private readonly maxSummaries: number;
	private readonly maxModulesPerFile: number;
	private readonly existenceMillis: number;

	constructor(
		private readonly analyzer: Analyzer,
		readonly limits: IndexLimits,
	) {
		this.maxSummaries = limits.maxSummaries ?? 4000;
		this.maxModulesPerFile = limits.maxModulesPerFile ?? 64;
		this.existenceMillis = limits.existenceMillis ?? Infinity;
	}

	/** The resolver for one importing file; `roots` are the workspace folders (or scan targets) it may import from. */
	resolverFor(fromFile: string, roots: readonly string[], isCancelled?: () => boolean): ImportResolver {
		const from = path.resolve(fromFile);
		const root = roots.map((r) => path.resolve(r)).find((r) => isInside(from, r)) ?? path.dirname(from);
		const fileOf = (languageId: LanguageId, module: string) => {
			const file = supportFor(languageId)
				.syntax.modules?.moduleFiles(module, from, root)
				.find((f) => isInside(f, root) && this.isFile(f));
			return file && file !== from && sameFamily(languageId, file) ? file : undefined;
		};
		return {
			importsAny: (languageId, modules) => modules.slice(0, this.maxModulesPerFile).some((module) => fileOf(languageId, module)),
			summaries: async (languageId, modules) => {
				const found = new Map<string, ModuleSummary>();
				for (const module of modules.slice(0, this.maxModulesPerFile)) {
					const file = fileOf(languageId, module);
					// concurrency-lens: ignore[blocking-call-in-async] the index runs on an analysis thread (a scan or editor worker) that has nothing else to do while it reads
					const summary = file && (await this.summary(file, root, isCancelled));
					if (summary) {
						found.set(module, summary);
					}
				}
				return found;
			},
		};
	}

	private async summary(file: string, root: string, isCancelled?: () => boolean): Promise<ModuleSummary | undefined> {
		let stat;
		try {
			// concurrency-lens: ignore[blocking-call-in-async] the index runs on an analysis thread (a scan or editor worker) that has nothing else to do while it reads
			stat = statSync(file);
		} catch {
			return undefined;
		}
		const known = this.summaries.get(file);
		if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) {
			// Most recently used goes last.
			this.summaries.delete(file);
			this.summaries.set(file, known);
			return known.summary;
		}
		const summary = await this.summarize(file, root, isCancelled);
		this.summaries.delete(file);
		this.summaries.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, summary });
		for (const oldest of this.summaries.keys()) {
			if (this.summaries.size <= this.maxSummaries) {
				break;
			}
			this.summaries.delete(oldest);
		}
		return summary;
	}

	/** Undefined when the file cannot be summarized (too big, unreadable, binary, unparsable): its imports then add nothing. */
	private async summarize(file: string, root: string, isCancelled?: () => boolean): Promise<ModuleSummary | undefined> {
		const languageId = languageForFile(file);
		// concurrency-lens: ignore[blocking-call-in-async] the index runs on an analysis thread (a scan or editor worker) that has nothing else to do while it reads
		const source = languageId && readSource(file, this.limits.maxBytes);
		if (!source || 'skipped' in source) {
			return undefined;
		}
		try {
			const blocking = await this.analyzer.summarize(source.text, languageId, isCancelled);
			return Object.keys(blocking).length > 0 ? { path: file, file: path.relative(root, file).split(path.sep).join('/'), blocking } : undefined;
		} catch {
			return undefined;
		}
	}

	/** Files were created or deleted: look their existence up again (summaries are checked against mtime anyway). */
	forgetExistence(): void {
		this.existence.clear();
	}

	private isFile(file: string): boolean {
		const now = Date.now();
		const known = this.existence.get(file);
		if (known && now - known.at < this.existenceMillis) {
			return known.isFile;
		}
		let isFile = false;
		try {
			isFile = statSync(file).isFile();
		} catch {
			// Not there: most candidates of an import are not.
		}
		if (this.existence.size >= this.maxSummaries * 8) {
			this.existence.clear();
		}
		this.existence.set(file, { isFile, at: now });
		return isFile;
	}
}

function sameFamily(languageId: LanguageId, file: string): boolean {
	const other = languageForFile(file);
	return !!other && importFamily(other) === importFamily(languageId);
}
