import * as vscode from 'vscode';
import { StateKey } from '../constants';
import { emptyProgress, parseProgress, type Progress } from '../quiz/progress';

/**
 * Learning progress in globalState, synced across machines. Reads are repaired by `parseProgress`, so a
 * corrupt value (hand-edited, from a newer version, half-written) is recovered, logged, and never fatal.
 */
export class ProgressStore implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<Progress>();
	readonly onDidChange = this.changed.event;
	private current: Progress | undefined;

	constructor(
		private readonly state: vscode.Memento,
		private readonly log: vscode.LogOutputChannel,
	) {}

	get(): Progress {
		if (!this.current) {
			const { progress, recovered } = parseProgress(this.state.get(StateKey.Progress));
			if (recovered) {
				this.log.warn('saved learning progress was damaged; kept what was readable');
			}
			this.current = progress;
		}
		return this.current;
	}

	async update(change: (progress: Progress) => Progress): Promise<void> {
		const next = change(this.get());
		if (next === this.current) {
			return;
		}
		this.current = next;
		await this.state.update(StateKey.Progress, next);
		this.changed.fire(next);
	}

	async reset(): Promise<void> {
		this.current = emptyProgress();
		await this.state.update(StateKey.Progress, undefined);
		this.changed.fire(this.current);
	}

	dispose(): void {
		this.changed.dispose();
	}
}
