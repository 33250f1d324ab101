import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, applyChanges, type DocumentAnalyzer, type ImportResolver } from './analyzer';
import { fileWasmLoader } from './fileWasmLoader';
import { CANCEL_SLOTS, toWorkerError, type CrossFileRequest, type WorkerReply, type WorkerRequest, type WorkerSetup } from './offThread';
import { WorkspaceIndex } from './workspaceIndex';

// The worker side of OffThreadAnalyzer: one analyzer, the open documents' trees, requests one at a time.
const { grammars, cancelled } = workerData as WorkerSetup;
const flags = new Int32Array(cancelled);
const analyzer = new Analyzer(fileWasmLoader(grammars));
/** Open documents: the text as the host's edits left it, and the analyzer that keeps its tree. */
const documents = new Map<number, { text: string; analyzer: DocumentAnalyzer }>();
/** The workspace's imported modules, summarized on first use and again when they change on disk. */
let index: WorkspaceIndex | undefined;
/** Files appear and go while the editor runs: a file's existence is looked up again after this long. */
const EXISTENCE_MILLIS = 3000;

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.type) {
		case 'open':
			documents.get(request.doc)?.analyzer.dispose();
			documents.set(request.doc, { text: request.text, analyzer: analyzer.openDocument(request.languageId) });
			return;
		case 'edit': {
			const document = documents.get(request.doc);
			if (document) {
				document.text = applyChanges(document.text, request.changes);
				document.analyzer.edit(request.changes);
			}
			return;
		}
		case 'close':
			documents.get(request.doc)?.analyzer.dispose();
			documents.delete(request.doc);
			return;
		case 'analyze':
			parentPort!.postMessage(await analyze(request));
			return;
		case 'files-changed':
			index?.forgetExistence();
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
	const imports = request.crossFile && resolverFor(request.crossFile, isCancelled);
	try {
		if ('text' in request) {
			return { id, findings: await analyzer.analyze(request.text, request.languageId, options, imports) };
		}
		const document = documents.get(request.doc);
		if (!document) {
			throw new Error(`document ${request.doc} is not open in the analysis worker`);
		}
		return { id, findings: await document.analyzer.analyze(document.text, options, false, imports) };
	} catch (e) {
		return { id, error: toWorkerError(e) };
	}
}

function resolverFor({ file, roots, maxBytes }: CrossFileRequest, isCancelled: () => boolean): ImportResolver {
	if (index?.limits.maxBytes !== maxBytes) {
		index = new WorkspaceIndex(analyzer, { maxBytes, existenceMillis: EXISTENCE_MILLIS });
	}
	return index.resolverFor(file, roots, isCancelled);
}

// Strictly in order: an edit that arrives while a parse waits for its grammar must wait behind it.
let queue = Promise.resolve();
parentPort!.on('message', (request: WorkerRequest) => {
	queue = queue.then(() => handle(request));
});
