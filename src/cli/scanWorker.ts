import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../analysis/analyzer';
import { fileWasmLoader } from '../analysis/fileWasmLoader';
import type { FileTask, WorkerSetup } from './scanPool';
import { scanFile } from './scanFile';

// One scan worker: its own analyzer (grammars load once per worker); it holds a few files, so it never waits for the next.
const { grammars, analysis, maxBytes } = workerData as WorkerSetup;
const analyzer = new Analyzer(fileWasmLoader(grammars));
parentPort!.on('message', (task: FileTask) => {
	void scanFile(task.file, task.language, analyzer, analysis, maxBytes).then((outcome) => parentPort!.postMessage({ id: task.id, outcome }));
});
