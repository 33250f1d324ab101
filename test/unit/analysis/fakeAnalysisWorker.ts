import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from '../../../src/analysis/offThread';

// A stand-in for the analysis worker that misbehaves on request, to test how OffThreadAnalyzer copes:
// text `hang` spins forever, `crash` throws, `exit` exits; anything else answers with one pseudo-finding
// whose message lists the documents this worker has open and how many edits it was sent.
const open = new Map<number, string>();
let edits = 0;
parentPort!.on('message', (request: WorkerRequest) => {
	switch (request.type) {
		case 'open':
			open.set(request.doc, request.text);
			return;
		case 'close':
			open.delete(request.doc);
			return;
		case 'edit':
			edits++;
			return;
		case 'files-changed':
			return;
		case 'analyze': {
			const text = 'text' in request ? request.text : open.get(request.doc);
			if (text === 'hang') {
				for (;;) {
					// Synchronous, like a runaway detector: only terminate() ends it.
				}
			}
			if (text === 'crash') {
				throw new Error('boom');
			}
			if (text === 'exit') {
				process.exit(3);
			}
			parentPort!.postMessage({ id: request.id, findings: [{ message: JSON.stringify({ open: [...open.keys()], edits }) }] });
		}
	}
});
