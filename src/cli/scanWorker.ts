import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../analysis/analyzer';
import { fileWasmLoader } from '../analysis/fileWasmLoader';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { FileTask, WorkerSetup } from './scanPool';
import { scanFile } from './scanFile';

// One scan worker: its own analyzer (grammars load once per worker); it holds a few files, so it never waits for the next.
const { grammars, analysis, maxBytes, crossFileRoots } = workerData as WorkerSetup;
const analyzer = new Analyzer(fileWasmLoader(grammars));
// Each worker summarizes the modules its files import, once: a module imported from both workers' files is summarized twice.
const crossFile = crossFileRoots && { index: new WorkspaceIndex(analyzer, { maxBytes }), roots: crossFileRoots };
parentPort!.on('message', (task: FileTask) => {
	void scanFile(task.file, task.language, analyzer, analysis, maxBytes, crossFile).then((outcome) => parentPort!.postMessage({ id: task.id, outcome }));
});
