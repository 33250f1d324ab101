import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, type DocumentAnalyzer } from './analyzer';
import { fileWasmLoader } from './fileWasmLoader';
import { CANCEL_SLOTS, toWorkerError, type WorkerReply, type WorkerRequest, type WorkerSetup } from './offThread';

// The worker side of OffThreadAnalyzer: one analyzer, the open documents' trees, requests one at a time.
const { grammars, cancelled } = workerData as WorkerSetup;
const flags = new Int32Array(cancelled);
const analyzer = new Analyzer(fileWasmLoader(grammars));
const documents = new Map<number, DocumentAnalyzer>();

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.type) {
		case 'open':
			documents.get(request.doc)?.dispose();
			documents.set(request.doc, analyzer.openDocument(request.languageId));
			return;
		case 'edit':
			documents.get(request.doc)?.edit(request.changes);
			return;
		case 'close':
			documents.get(request.doc)?.dispose();
			documents.delete(request.doc);
			return;
		case 'analyze':
			parentPort!.postMessage(await analyze(request));
			return;
	}
}

async function analyze(request: Extract<WorkerRequest, { type: 'analyze' }>): Promise<WorkerReply> {
	const { id } = request;
	const isCancelled = () => Atomics.load(flags, id % CANCEL_SLOTS) === id;
	if (isCancelled()) {
		return { id, error: { name: 'cancelled' } };
	}
	const options = { ...request.options, isCancelled };
	const document = request.doc === undefined ? undefined : documents.get(request.doc);
	try {
		const findings = document ? await document.analyze(request.text, options) : await analyzer.analyze(request.text, request.languageId, options);
		return { id, findings };
	} catch (e) {
		return { id, error: toWorkerError(e) };
	}
}

// Strictly in order: an edit that arrives while a parse waits for its grammar must wait behind it.
let queue = Promise.resolve();
parentPort!.on('message', (request: WorkerRequest) => {
	queue = queue.then(() => handle(request));
});
