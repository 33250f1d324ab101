import * as vscode from 'vscode';
import type { DocumentAnalyzer } from '../analysis/analyzer';
import { AnalysisCancelledError, BinaryInputError, ParseTimeoutError } from '../analysis/errors';
import { languageForVscodeId } from '../analysis/languageIds';
import type { LanguageId } from '../analysis/types';
import { analysisOptions, languageEnabled, onDidChangeConfig, readConfig, type Config } from '../config';
import { StateKey } from '../constants';
import type { AnalysisService } from '../services/analysis';
import { Disposable } from '../util/dispose';
import type { FindingsStore } from './findingsStore';

/** Typing pauses shorter than this do not trigger analysis. */
const DEBOUNCE_MS = 300;

interface Tracked {
	languageId: LanguageId;
	/** Created on the first run (the analyzer's code loads on first use); until then there is no tree to edit. */
	analyzer?: DocumentAnalyzer;
	timer?: ReturnType<typeof setTimeout>;
	/** Bumped on every change: a run whose generation is stale is cancelled. */
	generation: number;
}

/**
 * Analyzes open documents on open and on change (debounced, stale runs cancelled, trees re-parsed
 * incrementally) and clears them on close. Files over the size limit or matching an exclude glob are skipped.
 */
export class LiveAnalysis extends Disposable {
	private readonly tracked = new Map<string, Tracked>();
	private config: Config = readConfig();

	constructor(
		private readonly analysis: AnalysisService,
		private readonly store: FindingsStore,
		private readonly state: vscode.Memento,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register(vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)));
		this._register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
		this._register(vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)));
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
		tracked.analyzer?.edit(e.contentChanges);
		this.schedule(e.document, DEBOUNCE_MS);
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
			tracked = { languageId, generation: 0 };
			this.tracked.set(doc.uri.toString(), tracked);
		}
		tracked.generation++;
		clearTimeout(tracked.timer);
		tracked.timer = setTimeout(() => void this.run(doc), delay);
	}

	private async run(doc: vscode.TextDocument): Promise<void> {
		const tracked = this.tracked.get(doc.uri.toString());
		if (!tracked || doc.isClosed) {
			return;
		}
		const { languageId, generation } = tracked;
		if (!languageEnabled(this.config, languageId) || this.isExcluded(doc)) {
			this.store.set(doc.uri, []);
			return;
		}
		// Checked before loading the analyzer and grammar: a file too large to analyze needs neither.
		const text = doc.getText();
		if (text.length > this.config.maxFileBytes) {
			this.store.set(doc.uri, []);
			this.noticeLargeFile(doc, text.length);
			return;
		}
		const analyzer = await this.analysis.get();
		await analyzer.prepare(languageId);
		if (tracked.generation !== generation || doc.isClosed || this.tracked.get(doc.uri.toString()) !== tracked) {
			return;
		}
		tracked.analyzer ??= analyzer.openDocument(languageId);
		const started = Date.now();
		try {
			const findings = await tracked.analyzer.analyze(text, {
				...analysisOptions(this.config),
				isCancelled: () => tracked.generation !== generation || doc.isClosed,
			});
			this.store.set(doc.uri, findings);
			this.log.trace(`analyzed ${vscode.workspace.asRelativePath(doc.uri)} in ${Date.now() - started} ms: ${findings.length} finding(s)`);
		} catch (e) {
			if (e instanceof AnalysisCancelledError || (e instanceof ParseTimeoutError && tracked.generation !== generation)) {
				return;
			}
			this.store.set(doc.uri, []);
			const reason = e instanceof BinaryInputError || e instanceof ParseTimeoutError ? e.message : `analysis failed: ${(e as Error).message}`;
			this.log.warn(`${vscode.workspace.asRelativePath(doc.uri)}: ${reason}`);
		}
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
			tracked.generation++;
			tracked.analyzer?.dispose();
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
