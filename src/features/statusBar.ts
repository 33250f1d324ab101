import * as vscode from 'vscode';
import { ContextKey } from '../constants';
import { Disposable } from '../util/dispose';
import type { FindingsStore } from './findingsStore';

/** The active editor's finding count; a click opens the Problems panel. Hidden for other languages. */
export class FindingsStatusBar extends Disposable {
	private readonly item = this._register(vscode.window.createStatusBarItem('concurrencyLens.findings', vscode.StatusBarAlignment.Right, 100));

	constructor(
		private readonly store: FindingsStore,
		private readonly isAnalyzed: (doc: vscode.TextDocument) => boolean,
	) {
		super();
		this.item.name = 'Concurrency Lens';
		this.item.command = 'workbench.actions.view.problems';
		this._register(store.onDidChange(() => this.update()));
		this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
		this.update();
	}

	private update(): void {
		const doc = vscode.window.activeTextEditor?.document;
		if (!doc || !this.isAnalyzed(doc)) {
			this.item.hide();
			void vscode.commands.executeCommand('setContext', ContextKey.HasFindings, false);
			return;
		}
		const count = this.store.active(doc.uri).length;
		this.item.text = `$(pulse) ${count}`;
		this.item.tooltip = count
			? `Concurrency Lens: ${count} finding${count === 1 ? '' : 's'} in this file. Click to see them in Problems.`
			: 'Concurrency Lens: no blocking work in async code or unbounded spawning here.';
		void vscode.commands.executeCommand('setContext', ContextKey.HasFindings, count > 0);
		this.item.show();
	}
}
