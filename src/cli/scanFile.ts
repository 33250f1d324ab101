import { readFile, stat } from 'node:fs/promises';
import type { Analyzer } from '../analysis/analyzer';
import { looksBinary, ParseTimeoutError } from '../analysis/errors';
import type { AnalysisOptions, Finding, LanguageId } from '../analysis/types';

/** What scanning one file gives: its findings and size, or why it was skipped. Plain data, so a worker can send it. */
export type FileOutcome = { findings: Finding[]; lines: number } | { skipped: string };

/** Reads and analyzes one file, the same in the main thread and in a scan worker. */
export async function scanFile(file: string, language: LanguageId, analyzer: Analyzer, analysis: AnalysisOptions, maxBytes: number): Promise<FileOutcome> {
	try {
		const { size } = await stat(file);
		if (size > maxBytes) {
			return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
		}
		const text = (await readFile(file)).toString('utf8');
		if (looksBinary(text)) {
			return { skipped: 'binary content' };
		}
		return { findings: await analyzer.analyze(text, language, analysis), lines: countLines(text) };
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
