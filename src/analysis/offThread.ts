import { Worker } from 'node:worker_threads';
import type { TextChange } from './analyzer';
import { AnalysisCancelledError, AnalysisStoppedError, BinaryInputError, ParseTimeoutError } from './errors';
import type { AnalysisOptions, Finding, LanguageId } from './types';

/** Options that cross to the worker: plain data (cancellation travels through `AbortSignal` instead). */
export type RemoteOptions = Omit<AnalysisOptions, 'isCancelled'>;

/** What the worker is started with. */
export interface WorkerSetup {
	grammars: string;
	/** One Int32 slot per request id modulo its length: the host stores the id there to cancel it. */
	cancelled: SharedArrayBuffer;
}

/**
 * Host → worker. The worker handles them one at a time, in order, so an edit never slips between a text and
 * its parse. An open document's text crosses once, on `open`; after that the worker keeps it from the edits
 * (as a language server does with incremental sync), so an analysis while typing posts no text at all.
 */
export type WorkerRequest =
	| { type: 'open'; doc: number; languageId: LanguageId; text: string }
	| { type: 'edit'; doc: number; changes: readonly TextChange[] }
	| { type: 'close'; doc: number }
	| { type: 'files-changed' }
	| ({ type: 'analyze'; id: number } & AnalyzeMessage);

/**
 * Cross-file one hop for one analysis: the analyzed file, the workspace folders its imports are looked up
 * in, and the size limit for the files they name.
 */
export interface CrossFileRequest {
	file: string;
	roots: readonly string[];
	maxBytes: number;
}

/** What an analysis asks for: an open document (its text is in the worker), or a text of its own. */
type AnalyzeMessage = { options: RemoteOptions; crossFile?: CrossFileRequest } & ({ doc: number } | { languageId: LanguageId; text: string });

/** Worker → host: one reply per `analyze`, in the order they were sent. */
export type WorkerReply = { id: number; findings: Finding[] } | { id: number; error: WorkerError };

export type WorkerError =
	| { name: 'cancelled' }
	| { name: 'binary' }
	| { name: 'parse-timeout'; languageId: LanguageId; millis: number }
	| { name: 'failed'; message: string };

export const CANCEL_SLOTS = 256;

interface Pending {
	id: number;
	resolve: (findings: Finding[]) => void;
	reject: (error: Error) => void;
	/** Settled early (cancelled): the worker's reply is dropped. */
	settled: boolean;
}

export interface OffThreadOptions {
	/** The worker's script (`dist/analysisWorker.js`, or the compiled module in tests). */
	script: string;
	grammars: string;
	/** How long one analysis may run before the worker is stopped and restarted. */
	budgetMillis?: number;
	/** Told when the worker stopped unexpectedly or ran over budget; the next request starts a new one. */
	onStopped?: (reason: string) => void;
}

/**
 * The analyzer on a worker thread, so the caller's event loop (VS Code's extension host) only posts texts, edits and
 * receives findings. Requests queue in the worker in order; a cancelled one is skipped or stopped at the
 * parser's next progress check. The request at the head of the queue has a time budget: past it the worker is
 * terminated (detectors are synchronous, so nothing else can stop them) and a new one starts on demand.
 */
export class OffThreadAnalyzer {
	private worker: Worker | undefined;
	/** Bumped whenever a worker goes away, so documents know their trees went with it. */
	private epoch = 1;
	private readonly pending: Pending[] = [];
	private readonly cancelled = new SharedArrayBuffer(CANCEL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
	private readonly flags = new Int32Array(this.cancelled);
	private nextId = 1;
	private nextDoc = 1;
	private watchdog: ReturnType<typeof setTimeout> | undefined;
	private readonly budgetMillis: number;

	constructor(private readonly options: OffThreadOptions) {
		this.budgetMillis = options.budgetMillis ?? 10_000;
	}

	/** One-shot analysis (scans, quiz keys): the worker may skip or partly parse files that cannot hold a finding. */
	analyze(text: string, languageId: LanguageId, options: RemoteOptions = {}, signal?: AbortSignal, crossFile?: CrossFileRequest): Promise<Finding[]> {
		return this.request({ languageId, text, options, crossFile }, signal);
	}

	/** A document whose tree the worker keeps, re-parsed incrementally after `edit`s. */
	openDocument(languageId: LanguageId): RemoteDocument {
		return new RemoteDocument(this, this.nextDoc++, languageId);
	}

	dispose(): void {
		this.stop(new AnalysisCancelledError(), new AnalysisCancelledError());
	}

	/** Files of the workspace changed on disk: the worker looks up their existence again (a new worker knows nothing yet). */
	filesChanged(): void {
		this.post(this.epoch, { type: 'files-changed' });
	}

	/** @internal the current worker's epoch, starting a worker if none runs. */
	running(): number {
		this.ensureWorker();
		return this.epoch;
	}

	/** @internal posts to the worker of `epoch`, or drops the message when that worker is gone. */
	post(epoch: number, message: WorkerRequest): void {
		if (this.worker && epoch === this.epoch) {
			this.worker.postMessage(message);
		}
	}

	/** @internal async, so a worker that cannot start rejects instead of throwing; posts before it first yields. */
	async request(message: AnalyzeMessage, signal?: AbortSignal): Promise<Finding[]> {
		if (signal?.aborted) {
			throw new AnalysisCancelledError();
		}
		const worker = this.ensureWorker();
		const id = this.nextId++;
		return new Promise<Finding[]>((resolve, reject) => {
			const pending: Pending = { id, resolve, reject, settled: false };
			this.pending.push(pending);
			signal?.addEventListener(
				'abort',
				() => {
					Atomics.store(this.flags, id % CANCEL_SLOTS, id);
					this.settle(pending, () => reject(new AnalysisCancelledError()));
				},
				{ once: true },
			);
			// Settings objects from VS Code are proxies, which structured cloning refuses: send plain JSON.
			const options = JSON.parse(JSON.stringify(message.options)) as RemoteOptions;
			worker.postMessage({ type: 'analyze', id, ...message, options } satisfies WorkerRequest);
			if (this.pending.length === 1) {
				this.armWatchdog();
			}
		});
	}

	private ensureWorker(): Worker {
		if (this.worker) {
			return this.worker;
		}
		const setup: WorkerSetup = { grammars: this.options.grammars, cancelled: this.cancelled };
		const worker = new Worker(this.options.script, { workerData: setup });
		worker.on('message', (reply: WorkerReply) => this.onReply(reply));
		worker.on('error', (e) => this.crashed(worker, e.message));
		worker.on('exit', (code) => this.crashed(worker, `it exited with code ${code}`));
		this.worker = worker;
		return worker;
	}

	private onReply(reply: WorkerReply): void {
		const index = this.pending.findIndex((p) => p.id === reply.id);
		if (index < 0) {
			return;
		}
		const [pending] = this.pending.splice(index, 1);
		this.armWatchdog();
		this.settle(pending, () => ('findings' in reply ? pending.resolve(reply.findings) : pending.reject(toError(reply.error))));
	}

	/** The head of the queue is what the worker runs now: its budget starts when the one before it answered. */
	private armWatchdog(): void {
		clearTimeout(this.watchdog);
		this.watchdog = undefined;
		// An idle worker must not keep the process (a test run, a closing host) alive.
		if (this.pending.length === 0) {
			this.worker?.unref();
		} else {
			this.worker?.ref();
			this.watchdog = setTimeout(() => {
				const reason = `analysis ran past its ${this.budgetMillis / 1000} s budget and was stopped`;
				this.stop(new AnalysisStoppedError(reason, true), new AnalysisStoppedError('the analysis worker was restarted', false));
				this.options.onStopped?.(reason);
			}, this.budgetMillis);
		}
	}

	private crashed(worker: Worker, detail: string): void {
		if (worker !== this.worker) {
			return;
		}
		const reason = `the analysis worker stopped unexpectedly (${detail})`;
		this.stop(new AnalysisStoppedError(reason, true), new AnalysisStoppedError('the analysis worker was restarted', false));
		this.options.onStopped?.(reason);
	}

	/** Ends the worker; the running request gets `head`, the queued ones `rest`. */
	private stop(head: Error, rest: Error): void {
		clearTimeout(this.watchdog);
		const worker = this.worker;
		this.worker = undefined;
		this.epoch++;
		void worker?.terminate();
		for (const [i, pending] of this.pending.splice(0).entries()) {
			this.settle(pending, () => pending.reject(i === 0 ? head : rest));
		}
	}

	private settle(pending: Pending, action: () => void): void {
		if (!pending.settled) {
			pending.settled = true;
			action();
		}
	}
}

/** An open document's handle: its tree lives in the worker, and is opened again there after a restart. */
export class RemoteDocument {
	/** The worker epoch this document was opened in; 0 = not open in the current worker. */
	private openIn = 0;

	constructor(
		private readonly owner: OffThreadAnalyzer,
		private readonly doc: number,
		readonly languageId: LanguageId,
	) {}

	/** Tells the worker's copy of the text and its tree about edits (dropped while it has none: the next analysis sends the text). */
	edit(changes: readonly TextChange[]): void {
		// Copied field by field: VS Code's Range and Position are classes whose `start`, `end`, `line` and
		// `character` are prototype getters, which a structured clone (postMessage) drops.
		const plain = changes.map(({ rangeOffset, rangeLength, text, range: { start, end } }) => ({
			rangeOffset,
			rangeLength,
			text,
			range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
		}));
		this.owner.post(this.openIn, { type: 'edit', doc: this.doc, changes: plain });
	}

	/** Analyzes the document as the edits left it; `readText` is called only when the worker has no copy yet (first run, new worker). */
	async analyze(readText: () => string, options: RemoteOptions = {}, signal?: AbortSignal, crossFile?: CrossFileRequest): Promise<Finding[]> {
		const epoch = this.owner.running();
		if (this.openIn !== epoch) {
			this.openIn = epoch;
			this.owner.post(epoch, { type: 'open', doc: this.doc, languageId: this.languageId, text: readText() });
		}
		return this.owner.request({ doc: this.doc, options, crossFile }, signal);
	}

	dispose(): void {
		this.owner.post(this.openIn, { type: 'close', doc: this.doc });
		this.openIn = 0;
	}
}

/** The worker's errors as the classes front ends already tell apart. */
function toError(error: WorkerError): Error {
	switch (error.name) {
		case 'cancelled':
			return new AnalysisCancelledError();
		case 'binary':
			return new BinaryInputError();
		case 'parse-timeout':
			return new ParseTimeoutError(error.languageId, error.millis);
		case 'failed':
			return new Error(error.message);
	}
}

/** The other direction, used by the worker. */
export function toWorkerError(e: unknown): WorkerError {
	if (e instanceof AnalysisCancelledError) {
		return { name: 'cancelled' };
	}
	if (e instanceof BinaryInputError) {
		return { name: 'binary' };
	}
	if (e instanceof ParseTimeoutError) {
		return { name: 'parse-timeout', languageId: e.languageId, millis: e.millis };
	}
	return { name: 'failed', message: e instanceof Error ? e.message : String(e) };
}
