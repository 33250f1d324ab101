import * as vscode from 'vscode';
import { AnalysisCancelledError, AnalysisStoppedError, BinaryInputError, ParseTimeoutError } from '../analysis/errors';
import { importFamily, languageForFile, languageForVscodeId, SOURCE_GLOB } from '../analysis/languageIds';
import type { OffThreadAnalyzer, RemoteDocument } from '../analysis/offThread';
import type { Finding, LanguageId } from '../analysis/types';
import { analysisOptions, crossFileFor, languageEnabled, onDidChangeConfig, readConfig, type Config } from '../config';
import { StateKey } from '../constants';
import { Disposable } from '../util/dispose';
import type { FindingsStore } from './findingsStore';

/**
 * The synchronous slices of the host's share of analysis: the longest, and how many ran over 5 ms. Wall time:
 * on a busy machine it also counts moments the OS gave the core to another thread.
 */
export class HostWork {
	slices = 0;
	maxMs = 0;
	over5 = 0;

	time<T>(work: () => T): T {
		const started = performance.now();
		try {
			return work();
		} finally {
			this.record(performance.now() - started);
		}
	}

	reset(): void {
		this.slices = this.maxMs = this.over5 = 0;
	}

	private record(ms: number): void {
		this.slices++;
		this.maxMs = Math.max(this.maxMs, ms);
		this.over5 += ms > 5 ? 1 : 0;
	}
}

/** Typing pauses shorter than this do not trigger analysis. */
const DEBOUNCE_MS = 300;

interface Tracked {
	languageId: LanguageId;
	/** Created on the first run; until then the worker has no tree to edit. */
	document?: RemoteDocument;
	timer?: ReturnType<typeof setTimeout>;
	/** The run in flight: aborted by the next change, so the worker drops or stops it. */
	running?: AbortController;
}

/**
 * Analyzes open documents on open and on change (debounced, stale runs cancelled, trees re-parsed
 * incrementally in the analysis worker) and clears them on close. Files over the size limit or matching an exclude glob are skipped.
 */
export class LiveAnalysis extends Disposable {
	/** How long analysis holds the extension host's loop at a time (read by the host bench). */
	readonly hostWork = new HostWork();
	private readonly tracked = new Map<string, Tracked>();
	private config: Config = readConfig();

	constructor(
		private readonly analyzer: OffThreadAnalyzer,
		private readonly store: FindingsStore,
		private readonly state: vscode.Memento,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)));
		this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
		this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)));
		// Saves in the editor, and changes from outside it (a checkout, a generator, another tool), reach the
		// documents that may import the changed file.
		const sources = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
		this._register(sources);
		for (const event of [sources.onDidChange, sources.onDidCreate, sources.onDidDelete]) {
			this._register(event((uri) => this.onDiskChange(uri)));
		}
		this._register(
			onDidChangeConfig((config) => {
				this.config = config;
				this.analyzeAll();
			}),
		);
		this.analyzeAll();
	}

	/** Analyzes a document now and waits for the result (tests and the quiz-from-code command use this). */
	async analyzeNow(doc: vscode.TextDocument): Promise<void> {
		const tracked = this.tracked.get(doc.uri.toString());
		clearTimeout(tracked?.timer);
		await this.run(doc);
	}

	private analyzeAll(): void {
		for (const doc of vscode.workspace.textDocuments) {
			this.schedule(doc, 0);
		}
	}

	private onChange(e: vscode.TextDocumentChangeEvent): void {
		const tracked = this.tracked.get(e.document.uri.toString());
		if (!tracked || e.contentChanges.length === 0) {
			return;
		}
		this.hostWork.time(() => {
			tracked.document?.edit(e.contentChanges);
			this.schedule(e.document, DEBOUNCE_MS);
		});
	}

	/**
	 * A file changed on disk may be a module other open documents import, and cross-file findings come from
	 * what is on disk: analyze the documents that could import it again (their own trees are unchanged, so
	 * this is cheap; a burst of changes, as a checkout makes, is one run per document after the debounce).
	 */
	private onDiskChange(changed: vscode.Uri): void {
		const language = languageForFile(changed.path);
		if (!this.config.crossFile || !language) {
			return;
		}
		// A file that appeared or went is looked up again, not taken from the worker's cache.
		this.analyzer.filesChanged();
		for (const doc of vscode.workspace.textDocuments) {
			const tracked = this.tracked.get(doc.uri.toString());
			if (doc.uri.toString() !== changed.toString() && tracked && importFamily(tracked.languageId) === importFamily(language)) {
				this.schedule(doc, DEBOUNCE_MS);
			}
		}
	}

	private schedule(doc: vscode.TextDocument, delay: number): void {
		const languageId = languageForVscodeId(doc.languageId);
		if (!languageId) {
			return;
		}
		let tracked = this.tracked.get(doc.uri.toString());
		if (tracked && tracked.languageId !== languageId) {
			this.forget(doc.uri);
			tracked = undefined;
		}
		if (!tracked) {
			tracked = { languageId };
			this.tracked.set(doc.uri.toString(), tracked);
		}
		tracked.running?.abort();
		clearTimeout(tracked.timer);
		tracked.timer = setTimeout(() => void this.run(doc), delay);
	}

	private async run(doc: vscode.TextDocument): Promise<void> {
		const started = performance.now();
		const request = this.hostWork.time(() => this.post(doc));
		if (!request) {
			return;
		}
		const { tracked, running } = request;
		try {
			const findings = await request.findings;
			this.hostWork.time(() => this.store.set(doc.uri, findings));
			this.log.trace(`analyzed ${vscode.workspace.asRelativePath(doc.uri)} in ${Math.round(performance.now() - started)} ms: ${findings.length} finding(s)`);
		} catch (e) {
			if (e instanceof AnalysisCancelledError || (e instanceof ParseTimeoutError && running.signal.aborted)) {
				return;
			}
			if (e instanceof AnalysisStoppedError && !e.culprit) {
				this.schedule(doc, 0);
				return;
			}
			this.store.set(doc.uri, []);
			const { message } = e as Error;
			const known = e instanceof BinaryInputError || e instanceof ParseTimeoutError || e instanceof AnalysisStoppedError;
			this.log.warn(`${vscode.workspace.asRelativePath(doc.uri)}: ${known ? message : `analysis failed: ${message}`}`);
		} finally {
			if (tracked.running === running) {
				tracked.running = undefined;
			}
		}
	}

	/** The host's part of a run, all synchronous: ask the worker for findings (or decide not to analyze). */
	private post(doc: vscode.TextDocument): { tracked: Tracked; running: AbortController; findings: Promise<Finding[]> } | undefined {
		const tracked = this.tracked.get(doc.uri.toString());
		if (!tracked || doc.isClosed) {
			return undefined;
		}
		const { languageId } = tracked;
		if (!languageEnabled(this.config, languageId) || this.isExcluded(doc)) {
			this.store.set(doc.uri, []);
			return undefined;
		}
		// The length without copying the text: the worker already has it, kept up to date by the edits.
		const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
		if (length > this.config.maxFileBytes) {
			this.store.set(doc.uri, []);
			this.noticeLargeFile(doc, length);
			return undefined;
		}
		tracked.running?.abort();
		const running = (tracked.running = new AbortController());
		tracked.document ??= this.analyzer.openDocument(languageId);
		// Edits reach the worker in order, so it analyzes the text as it is now.
		const findings = tracked.document.analyze(() => doc.getText(), analysisOptions(this.config), running.signal, crossFileFor(this.config, doc.uri));
		return { tracked, running, findings };
	}

	/** Exclude globs, matched by VS Code's own glob engine (as `files.exclude` is). */
	private isExcluded(doc: vscode.TextDocument): boolean {
		return doc.uri.scheme === 'file' && this.config.exclude.some((pattern) => vscode.languages.match({ pattern }, doc) > 0);
	}

	private noticeLargeFile(doc: vscode.TextDocument, size: number): void {
		this.log.info(`${vscode.workspace.asRelativePath(doc.uri)} is ${Math.round(size / 1024)} KB, over concurrencyLens.maxFileSizeKB: not analyzed`);
		if (this.state.get(StateKey.LargeFileNotice)) {
			return;
		}
		void this.state.update(StateKey.LargeFileNotice, true);
		void vscode.window
			.showInformationMessage(
				`Concurrency Lens skips files over ${Math.round(this.config.maxFileBytes / 1024)} KB, like ${vscode.workspace.asRelativePath(doc.uri)}.`,
				'Change Limit',
			)
			.then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'concurrencyLens.maxFileSizeKB'));
	}

	private forget(uri: vscode.Uri): void {
		const tracked = this.tracked.get(uri.toString());
		if (tracked) {
			clearTimeout(tracked.timer);
			tracked.running?.abort();
			tracked.document?.dispose();
			this.tracked.delete(uri.toString());
		}
		this.store.delete(uri);
	}

	override dispose(): void {
		for (const uri of [...this.tracked.keys()]) {
			this.forget(vscode.Uri.parse(uri));
		}
		super.dispose();
	}
}
