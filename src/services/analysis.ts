import * as vscode from 'vscode';
import { OffThreadAnalyzer } from '../analysis/offThread';

/**
 * The extension's analyzer, on a worker thread: the extension host only posts texts and edits and receives findings,
 * so a big file or a slow rule never holds up other extensions. The worker starts on first use and loads
 * grammars from `dist/grammars`; one that crashes or runs past its budget is replaced on the next request,
 * with a notice.
 */
export class AnalysisService implements vscode.Disposable {
	readonly analyzer: OffThreadAnalyzer;
	private noticeShown = false;

	constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
		const dist = vscode.Uri.joinPath(extensionUri, 'dist');
		this.analyzer = new OffThreadAnalyzer({
			script: vscode.Uri.joinPath(dist, 'analysisWorker.js').fsPath,
			grammars: vscode.Uri.joinPath(dist, 'grammars').fsPath,
			onStopped: (reason) => {
				log.warn(`${reason}; a new analysis worker starts with the next request`);
				if (!this.noticeShown) {
					this.noticeShown = true;
					void vscode.window.showWarningMessage(`Concurrency Lens: ${reason}. It was restarted; details are in the Concurrency Lens output.`);
				}
			},
		});
	}

	dispose(): void {
		this.analyzer.dispose();
	}
}
