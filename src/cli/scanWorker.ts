import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../analysis/analyzer';
import { fileWasmLoader } from '../analysis/fileWasmLoader';
import type { FileTask, WorkerSetup } from './scanPool';
import { pipelinedScanner } from './scanFile';

// One scan worker: its own analyzer (grammars load once per worker); reads run ahead, analyses one at a time.
const { grammars, analysis, maxBytes } = workerData as WorkerSetup;
const scan = pipelinedScanner(new Analyzer(fileWasmLoader(grammars)), analysis, maxBytes);
parentPort!.on('message', (task: FileTask) => {
	void scan(task.file, task.language).then((outcome) => parentPort!.postMessage({ id: task.id, outcome }));
});
