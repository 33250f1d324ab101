import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisOptions, LanguageId } from '../analysis/types';
import type { FileOutcome } from './scanFile';

export interface WorkerSetup {
	grammars: string;
	analysis: AnalysisOptions;
	maxBytes: number;
	/** Cross-file one hop: the roots files import from (absent: off). */
	crossFileRoots?: readonly string[];
}

export interface FileTask {
	id: number;
	file: string;
	language: LanguageId;
}

/** Files a worker holds at once: one being analyzed, the next ones being read. */
export const FILES_PER_WORKER = 4;

interface Slot {
	worker: Worker;
	tasks: Map<number, (outcome: FileOutcome) => void>;
}

/**
 * Scan workers, started as work arrives up to `size`, each holding up to FILES_PER_WORKER files (it reads
 * ahead and analyzes one at a time). A worker that dies fails only its files (skipped, with the reason) and
 * is replaced.
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
			const idle = this.slots.find((s) => s.tasks.size === 0);
			const slot = idle ?? (this.slots.length < this.size ? this.start() : this.leastBusy());
			if (!slot) {
				return;
			}
			const { task, resolve } = this.queue.shift()!;
			slot.tasks.set(task.id, resolve);
			slot.worker.postMessage(task);
		}
	}

	private leastBusy(): Slot | undefined {
		const slot = this.slots.reduce<Slot | undefined>((best, s) => (!best || s.tasks.size < best.tasks.size ? s : best), undefined);
		return slot && slot.tasks.size < FILES_PER_WORKER ? slot : undefined;
	}

	private start(): Slot {
		const worker = new Worker(path.join(__dirname, 'scanWorker.js'), { workerData: this.setup });
		const slot: Slot = { worker, tasks: new Map() };
		this.slots.push(slot);
		worker.on('message', ({ id, outcome }: { id: number; outcome: FileOutcome }) => {
			const resolve = slot.tasks.get(id);
			if (resolve) {
				slot.tasks.delete(id);
				resolve(outcome);
				this.dispatch();
			}
		});
		const fail = (reason: string) => {
			this.slots.splice(this.slots.indexOf(slot), 1);
			for (const resolve of slot.tasks.values()) {
				resolve({ skipped: `could not be analyzed: ${reason}` });
			}
			slot.tasks.clear();
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
