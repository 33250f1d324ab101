import * as vscode from 'vscode';
import { Analyzer } from '../analysis/analyzer';

/** The one Analyzer of the extension, created on first use; grammars load from `dist/grammars` lazily. */
export class AnalysisService implements vscode.Disposable {
	private analyzer: Analyzer | undefined;

	constructor(private readonly extensionUri: vscode.Uri) {}

	get(): Analyzer {
		this.analyzer ??= new Analyzer(async (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.extensionUri, 'dist', 'grammars', file)));
		return this.analyzer;
	}

	dispose(): void {
		this.analyzer?.dispose();
	}
}
