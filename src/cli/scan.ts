import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer';
import { languageForFile } from '../analysis/languageIds';
import type { AnalysisOptions, LanguageId } from '../analysis/types';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { FileReport, ScanReport, Skipped } from './formats';
import { scanFile, type FileOutcome } from './scanFile';
import { FILES_PER_WORKER, ScanPool } from './scanPool';
import { sourceFiles, type WalkEntry, type WalkOptions } from './walk';

/**
 * With the default job count, fewer files than this are scanned in this thread: each worker loads the
 * analyzer, compiles its grammars and warms up its own JIT, which costs about as much as analyzing a thousand
 * files saves. Measured here (2 cores): 570 JavaScript files 0.52 s on one thread vs 0.72 s on two workers;
 * 1,000 Python files even; 1,790 Python files 2.1 s vs 1.7 s.
 */
export const POOL_PAYS_FROM_FILES = 1000;

export interface ScanOptions extends WalkOptions {
	analysis: AnalysisOptions;
	maxFileBytes: number;
	/** Worker threads to analyze in; 1 analyzes in this thread, one file after another. */
	jobs: number;
	/** With several jobs, a scan of fewer files than this runs in this thread all the same (0: always the pool). */
	poolFromFiles: number;
	/** Where the grammars are, for the workers' own analyzers. */
	grammars: string;
	/** Called after each file, for a progress line. */
	onProgress?: (done: number, file: string) => void;
	/** Follow calls from async code into the scanned files' own modules (cross-file one hop). */
	crossFile?: boolean;
}

/**
 * Scans files and folders; a file that cannot be analyzed is listed as skipped, with the reason. With
 * several jobs, files are read and analyzed in a pool of workers, a few per worker in flight (so a big tree
 * is never all in memory); with one, in this thread, one after another. The report keeps the walk's
 * order: the same report, byte for byte, as with one job.
 */
export async function scan(targets: readonly string[], analyzer: Analyzer, options: ScanOptions): Promise<ScanReport> {
	const started = Date.now();
	const walk = sourceFiles(targets, options);
	const head = await firstFiles(walk, options.jobs > 1 ? options.poolFromFiles : 0);
	// A file's imports are looked up below the scan target that holds it (a file target: its folder).
	const roots = options.crossFile ? await Promise.all(targets.map(rootOf)) : undefined;
	const pool =
		options.jobs > 1 && head.walkGoesOn
			? new ScanPool(options.jobs, { grammars: options.grammars, analysis: options.analysis, maxBytes: options.maxFileBytes, crossFileRoots: roots })
			: undefined;
	const crossFile = roots && !pool ? { index: new WorkspaceIndex(analyzer, { maxBytes: options.maxFileBytes }), roots } : undefined;
	const analyze = pool
		? (file: string, language: LanguageId) => pool.scan(file, language)
		: (file: string, language: LanguageId) => scanFile(file, language, analyzer, options.analysis, options.maxFileBytes, crossFile);
	// One job has one file in flight; a pool, a few per worker. Bounded, so a big tree is never all in memory.
	const maxInFlight = pool ? FILES_PER_WORKER * options.jobs : 1;
	const outcomes: Promise<{ file: string; language?: LanguageId; outcome: FileOutcome }>[] = [];
	const inFlight = new Set<Promise<unknown>>();
	let done = 0;
	try {
		for await (const entry of concat(head.entries, walk)) {
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

async function rootOf(target: string): Promise<string> {
	const absolute = path.resolve(target);
	const isDirectory = await stat(absolute).then(
		(s) => s.isDirectory(),
		() => false,
	);
	return isDirectory ? absolute : path.dirname(absolute);
}

/** Walks until `count` files are found or the walk ends; says which. */
async function firstFiles(walk: AsyncGenerator<WalkEntry>, count: number): Promise<{ entries: WalkEntry[]; walkGoesOn: boolean }> {
	const entries: WalkEntry[] = [];
	for (let files = 0; files < count; ) {
		const next = await walk.next();
		if (next.done) {
			return { entries, walkGoesOn: false };
		}
		entries.push(next.value);
		files += 'file' in next.value ? 1 : 0;
	}
	return { entries, walkGoesOn: true };
}

async function* concat<T>(head: readonly T[], rest: AsyncGenerator<T>): AsyncGenerator<T> {
	yield* head;
	yield* rest;
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
			// Reports name files relative to the current directory, the blocking site in another file too.
			const findings = outcome.findings.map((f) => (f.origin ? { ...f, origin: { ...f.origin, path: relativePath(f.origin.path) } } : f));
			reports.push({ file, language: language!, findings });
		}
	}
	return { reports, skipped, summary: { files, lines, skipped: skipped.length, durationMs: Date.now() - started } };
}

function relativePath(file: string): string {
	return path.relative(process.cwd(), file).split(path.sep).join('/') || file;
}
