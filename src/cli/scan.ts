import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer';
import { languageForFile } from '../analysis/languageIds';
import type { AnalysisOptions, LanguageId } from '../analysis/types';
import type { FileReport, ScanReport, Skipped } from './formats';
import { scanFile, type FileOutcome } from './scanFile';
import { FILES_PER_WORKER, ScanPool } from './scanPool';
import { sourceFiles, type WalkOptions } from './walk';

export interface ScanOptions extends WalkOptions {
	analysis: AnalysisOptions;
	maxFileBytes: number;
	/** Worker threads to analyze in; 1 analyzes in this thread, one file after another. */
	jobs: number;
	/** Where the grammars are, for the workers' own analyzers. */
	grammars: string;
	/** Called after each file, for a progress line. */
	onProgress?: (done: number, file: string) => void;
}

/**
 * Scans files and folders; a file that cannot be analyzed is listed as skipped, with the reason. With
 * several jobs, files are read and analyzed in a pool of workers, a few per worker in flight (so a big tree
 * is never all in memory); with one, in this thread, one after another. The report keeps the walk's
 * order: the same report, byte for byte, as with one job.
 */
export async function scan(targets: readonly string[], analyzer: Analyzer, options: ScanOptions): Promise<ScanReport> {
	const started = Date.now();
	const pool =
		options.jobs > 1 ? new ScanPool(options.jobs, { grammars: options.grammars, analysis: options.analysis, maxBytes: options.maxFileBytes }) : undefined;
	const analyze = pool
		? (file: string, language: LanguageId) => pool.scan(file, language)
		: (file: string, language: LanguageId) => scanFile(file, language, analyzer, options.analysis, options.maxFileBytes);
	// One job has one file in flight; a pool, a few per worker. Bounded, so a big tree is never all in memory.
	const maxInFlight = pool ? FILES_PER_WORKER * options.jobs : 1;
	const outcomes: Promise<{ file: string; language?: LanguageId; outcome: FileOutcome }>[] = [];
	const inFlight = new Set<Promise<unknown>>();
	let done = 0;
	try {
		for await (const entry of sourceFiles(targets, options)) {
			if ('unreadable' in entry) {
				outcomes.push(Promise.resolve({ file: relativePath(entry.unreadable), outcome: { skipped: entry.reason } }));
				continue;
			}
			const file = relativePath(entry.file);
			const language = languageForFile(entry.file)!;
			const outcome = analyze(entry.file, language).then((o) => {
				options.onProgress?.(++done, file);
				return { file, language, outcome: o };
			});
			outcomes.push(outcome);
			inFlight.add(outcome);
			void outcome.then(() => inFlight.delete(outcome));
			if (inFlight.size >= maxInFlight) {
				await Promise.race(inFlight);
			}
		}
		return report(await Promise.all(outcomes), started);
	} finally {
		await pool?.close();
	}
}

function report(outcomes: { file: string; language?: LanguageId; outcome: FileOutcome }[], started: number): ScanReport {
	const reports: FileReport[] = [];
	const skipped: Skipped[] = [];
	let files = 0;
	let lines = 0;
	for (const { file, language, outcome } of outcomes) {
		if ('skipped' in outcome) {
			skipped.push({ file, reason: outcome.skipped });
			continue;
		}
		files++;
		lines += outcome.lines;
		if (outcome.findings.length > 0) {
			reports.push({ file, language: language!, findings: outcome.findings });
		}
	}
	return { reports, skipped, summary: { files, lines, skipped: skipped.length, durationMs: Date.now() - started } };
}

function relativePath(file: string): string {
	return path.relative(process.cwd(), file).split(path.sep).join('/') || file;
}
