import * as vscode from 'vscode';
import type { Finding } from '../analysis/types';

/**
 * The one source of findings per document. Diagnostics, CodeLens, hovers, code actions and the status bar
 * all read from here, so nothing analyzes twice (Error Lens's pattern).
 */
export class FindingsStore implements vscode.Disposable {
	private readonly byUri = new Map<string, { uri: vscode.Uri; findings: readonly Finding[] }>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;

	get(uri: vscode.Uri): readonly Finding[] {
		return this.byUri.get(uri.toString())?.findings ?? [];
	}

	/** Unsuppressed findings: what the editor shows. */
	active(uri: vscode.Uri): readonly Finding[] {
		return this.get(uri).filter((f) => !f.suppressed);
	}

	set(uri: vscode.Uri, findings: readonly Finding[]): void {
		const before = this.byUri.get(uri.toString())?.findings;
		if (!before?.length && !findings.length) {
			return;
		}
		this.byUri.set(uri.toString(), { uri, findings });
		this.changed.fire(uri);
	}

	delete(uri: vscode.Uri): void {
		if (this.byUri.delete(uri.toString())) {
			this.changed.fire(uri);
		}
	}

	entries(): { uri: vscode.Uri; findings: readonly Finding[] }[] {
		return [...this.byUri.values()];
	}

	dispose(): void {
		this.changed.dispose();
	}
}
