import type { Analyzer, ImportResolver } from '../analysis/analyzer';
import { ParseTimeoutError } from '../analysis/errors';
import { readSource } from '../analysis/files';
import type { AnalysisOptions, Finding, LanguageId } from '../analysis/types';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';

/** Cross-file one hop in a scan: the scan thread's index of the modules files import, and the roots they import from. */
export interface CrossFile {
	index: WorkspaceIndex;
	roots: readonly string[];
}

/** What scanning one file gives: its findings and size, or why it was skipped. Plain data, so a worker can send it. */
export type FileOutcome = { findings: Finding[]; lines: number } | { skipped: string };

/**
 * Scans one file: reads it, then analyzes it. The read is synchronous on purpose: a scan thread (a scan
 * worker, or the CLI's one thread with one job) has nothing else to do while it waits, and an asynchronous
 * read costs five thread-pool round trips per file (stat, open, fstat, read, close), which on a warm disk
 * cache cost more than the reads themselves: sync reads cut a stdlib + node_modules scan's system time in
 * half (`npm run bench`, section process). Not `async`, so that no await follows the blocking read.
 */
export function scanFile(
	file: string,
	language: LanguageId,
	analyzer: Analyzer,
	analysis: AnalysisOptions,
	maxBytes: number,
	crossFile?: CrossFile,
): Promise<FileOutcome> {
	const source = readSource(file, maxBytes);
	const imports = crossFile?.index.resolverFor(file, crossFile.roots);
	return 'skipped' in source ? Promise.resolve(source) : analyzeSource(source.text, language, analyzer, analysis, imports);
}

async function analyzeSource(
	text: string,
	language: LanguageId,
	analyzer: Analyzer,
	analysis: AnalysisOptions,
	imports?: ImportResolver,
): Promise<FileOutcome> {
	try {
		return { findings: await analyzer.analyze(text, language, analysis, imports), lines: countLines(text) };
	} catch (e) {
		return { skipped: e instanceof ParseTimeoutError ? e.message : `could not be analyzed: ${(e as Error).message}` };
	}
}

function countLines(text: string): number {
	let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
		n++;
	}
	return n;
}
