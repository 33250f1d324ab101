import * as vscode from 'vscode';
import type { Analyzer } from '../analysis/analyzer';

/**
 * The one Analyzer of the extension. Its code (tree-sitter and the detectors) loads on first use, not at
 * activation, and grammars load from `dist/grammars` when a language is first analyzed.
 */
export class AnalysisService implements vscode.Disposable {
	private analyzer: Promise<Analyzer> | undefined;

	constructor(private readonly extensionUri: vscode.Uri) {}

	get(): Promise<Analyzer> {
		if (!this.analyzer) {
			const loading = import('../analysis/analyzer.js').then(
				({ Analyzer }) => new Analyzer(async (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'grammars', file))),
			);
			// A failed load is not cached: the next request tries again (as ParserHost does for grammars).
			loading.catch(() => {
				if (this.analyzer === loading) {
					this.analyzer = undefined;
				}
			});
			this.analyzer = loading;
		}
		return this.analyzer;
	}

	dispose(): void {
		this.analyzer?.then(
			(a) => a.dispose(),
			() => undefined,
		);
	}
}
