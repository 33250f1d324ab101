import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions, LanguageId } from '../analysis/types';
import type { FileOutcome } from './scanFile';

export interface WorkerSetup {
	grammars: string;
	analysis: AnalysisOptions;
	maxBytes: number;
}

export interface FileTask {
	id: number;
	file: string;
	language: LanguageId;
}

interface Slot {
	worker: Worker;
	task?: { id: number; resolve: (outcome: FileOutcome) => void };
}

/**
 * Scan workers, started as work arrives up to `size`, each reading and analyzing one file at a time. A
 * worker that dies fails only its file (skipped, with the reason) and is replaced.
 */
export class ScanPool {
	private readonly slots: Slot[] = [];
	private readonly queue: { task: FileTask; resolve: (outcome: FileOutcome) => void }[] = [];
	private nextId = 0;

	constructor(
		private readonly size: number,
		private readonly setup: WorkerSetup,
	) {}

	scan(file: string, language: LanguageId): Promise<FileOutcome> {
		return new Promise((resolve) => {
			this.queue.push({ task: { id: this.nextId++, file, language }, resolve });
			this.dispatch();
		});
	}

	async close(): Promise<void> {
		const slots = this.slots.splice(0);
		await Promise.all(slots.map((s) => s.worker.terminate()));
	}

	private dispatch(): void {
		while (this.queue.length > 0) {
			const slot = this.slots.find((s) => !s.task) ?? (this.slots.length < this.size ? this.start() : undefined);
			if (!slot) {
				return;
			}
			const { task, resolve } = this.queue.shift()!;
			slot.task = { id: task.id, resolve };
			slot.worker.postMessage(task);
		}
	}

	private start(): Slot {
		const worker = new Worker(path.join(__dirname, 'scanWorker.js'), { workerData: this.setup });
		const slot: Slot = { worker };
		this.slots.push(slot);
		worker.on('message', ({ id, outcome }: { id: number; outcome: FileOutcome }) => {
			if (slot.task?.id === id) {
				const { resolve } = slot.task;
				slot.task = undefined;
				resolve(outcome);
				this.dispatch();
			}
		});
		const fail = (reason: string) => {
			this.slots.splice(this.slots.indexOf(slot), 1);
			slot.task?.resolve({ skipped: `could not be analyzed: ${reason}` });
			slot.task = undefined;
			this.dispatch();
		};
		worker.on('error', (e) => fail(`the scan worker failed (${e.message})`));
		worker.on('exit', (code) => {
			if (this.slots.includes(slot)) {
				fail(`the scan worker exited (code ${code})`);
			}
		});
		return slot;
	}
}
