import { readFile, stat } from 'node:fs/promises';
import type { Analyzer } from '../analysis/analyzer';
import { looksBinary, ParseTimeoutError } from '../analysis/errors';
import type { AnalysisOptions, Finding, LanguageId } from '../analysis/types';

/** What scanning one file gives: its findings and size, or why it was skipped. Plain data, so a worker can send it. */
export type FileOutcome = { findings: Finding[]; lines: number } | { skipped: string };

/**
 * Scans files in the order asked: each file is read as soon as it is asked for, analyzed after the one
 * before it. The disk's latency hides behind the analysis; callers bound how many are asked at a time.
 * The same in the main thread (one job) and in each scan worker.
 */
export function pipelinedScanner(
	analyzer: Analyzer,
	analysis: AnalysisOptions,
	maxBytes: number,
): (file: string, language: LanguageId) => Promise<FileOutcome> {
	let previous: Promise<unknown> = Promise.resolve();
	return (file, language) => {
		const source = readSource(file, maxBytes);
		const outcome = previous.then(() => source).then((s) => ('skipped' in s ? s : analyzeSource(s.text, language, analyzer, analysis)));
		previous = outcome;
		return outcome;
	};
}

/** A file's text, or why it is skipped (too big, binary, unreadable). Reading needs no analyzer, so it can run ahead. */
async function readSource(file: string, maxBytes: number): Promise<{ text: string } | { skipped: string }> {
	try {
		const { size } = await stat(file);
		if (size > maxBytes) {
			return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
		}
		const text = (await readFile(file)).toString('utf8');
		return looksBinary(text) ? { skipped: 'binary content' } : { text };
	} catch (e) {
		return { skipped: `could not be analyzed: ${(e as Error).message}` };
	}
}

async function analyzeSource(text: string, language: LanguageId, analyzer: Analyzer, analysis: AnalysisOptions): Promise<FileOutcome> {
	try {
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
