import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer';
import { looksBinary, ParseTimeoutError } from '../analysis/errors';
import { languageForFile } from '../analysis/languageIds';
import type { AnalysisOptions } from '../analysis/types';
import type { FileReport, ScanReport, Skipped } from './formats';
import { sourceFiles, type WalkOptions } from './walk';

export interface ScanOptions extends WalkOptions {
	analysis: AnalysisOptions;
	maxFileBytes: number;
	/** Called after each file, for a progress line. */
	onProgress?: (done: number, file: string) => void;
}

/** Scans files and folders; a file that cannot be analyzed is listed as skipped, with the reason. */
export async function scan(targets: readonly string[], analyzer: Analyzer, options: ScanOptions): Promise<ScanReport> {
	const started = Date.now();
	const reports: FileReport[] = [];
	const skipped: Skipped[] = [];
	let files = 0;
	let lines = 0;
	for await (const entry of sourceFiles(targets, options)) {
		if ('unreadable' in entry) {
			skipped.push({ file: relativePath(entry.unreadable), reason: entry.reason });
			continue;
		}
		const { file } = entry;
		const relative = relativePath(file);
		const language = languageForFile(file)!;
		try {
			const reason = await tooLarge(file, options.maxFileBytes);
			if (reason) {
				skipped.push({ file: relative, reason });
				continue;
			}
			const text = (await readFile(file)).toString('utf8');
			if (looksBinary(text)) {
				skipped.push({ file: relative, reason: 'binary content' });
				continue;
			}
			const findings = await analyzer.analyze(text, language, options.analysis);
			files++;
			lines += countLines(text);
			if (findings.length > 0) {
				reports.push({ file: relative, language, findings });
			}
		} catch (e) {
			skipped.push({ file: relative, reason: e instanceof ParseTimeoutError ? e.message : `could not be analyzed: ${(e as Error).message}` });
		}
		options.onProgress?.(files + skipped.length, relative);
	}
	return { reports, skipped, summary: { files, lines, skipped: skipped.length, durationMs: Date.now() - started } };
}

function relativePath(file: string): string {
	return path.relative(process.cwd(), file).split(path.sep).join('/') || file;
}

async function tooLarge(file: string, maxBytes: number): Promise<string | undefined> {
	const { size } = await stat(file);
	return size > maxBytes ? `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` : undefined;
}

function countLines(text: string): number {
	let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
		n++;
	}
	return n;
}
