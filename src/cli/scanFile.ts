import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Analyzer } from '../analysis/analyzer';
import { looksBinary, ParseTimeoutError } from '../analysis/errors';
import type { AnalysisOptions, Finding, LanguageId } from '../analysis/types';

/** What scanning one file gives: its findings and size, or why it was skipped. Plain data, so a worker can send it. */
export type FileOutcome = { findings: Finding[]; lines: number } | { skipped: string };

/**
 * Scans one file: reads it, then analyzes it. The read is synchronous on purpose: a scan thread (a scan
 * worker, or the CLI's one thread with one job) has nothing else to do while it waits, and an asynchronous
 * read costs five thread-pool round trips per file (stat, open, fstat, read, close), which on a warm disk
 * cache cost more than the reads themselves: sync reads cut a stdlib + node_modules scan's system time in
 * half (`npm run bench`, section process). Not `async`, so that no await follows the blocking read.
 */
export function scanFile(file: string, language: LanguageId, analyzer: Analyzer, analysis: AnalysisOptions, maxBytes: number): Promise<FileOutcome> {
	const source = readSource(file, maxBytes);
	return 'skipped' in source ? Promise.resolve(source) : analyzeSource(source.text, language, analyzer, analysis);
}

/** A file's text, or why it is skipped (too big, binary, unreadable). The size comes from the open file, so one open serves both. */
function readSource(file: string, maxBytes: number): { text: string } | { skipped: string } {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const { size } = fstatSync(fd);
		if (size > maxBytes) {
			return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
		}
		const text = readAll(fd, size).toString('utf8');
		return looksBinary(text) ? { skipped: 'binary content' } : { text };
	} catch (e) {
		return { skipped: `could not be analyzed: ${(e as Error).message}` };
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/** Reads up to `size` bytes (fewer if the file shrank meanwhile). */
function readAll(fd: number, size: number): Buffer {
	const buffer = Buffer.allocUnsafe(size);
	let read = 0;
	for (let n = -1; read < size && n !== 0; read += n) {
		n = readSync(fd, buffer, read, size - read, read);
	}
	return buffer.subarray(0, read);
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
