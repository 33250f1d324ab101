import * as vscode from 'vscode';
import { CommandId } from './constants';

/**
 * `vscode://concurrency-lens.concurrency-lens/lesson/<id>#<section>` and `…/quiz/<lesson-id>`: deep links from
 * diagnostics, SARIF reports and documentation into the lessons (command links do not run from those).
 */
export class LessonUriHandler implements vscode.UriHandler {
	async handleUri(uri: vscode.Uri): Promise<void> {
		const match = /^\/(lesson|quiz)\/([a-z0-9-]+)\/?$/.exec(uri.path);
		if (!match) {
			void vscode.window.showWarningMessage(`Concurrency Lens cannot open ${uri.toString()}.`);
			return;
		}
		const section = /^[a-z0-9-]+$/.test(uri.fragment) ? uri.fragment : undefined;
		await vscode.commands.executeCommand(match[1] === 'lesson' ? CommandId.OpenLesson : CommandId.OpenQuiz, match[2], section);
	}
}
