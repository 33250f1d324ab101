import * as vscode from 'vscode';
import type { activate } from '../../src/extension';

/** What `activate` returns: read-only handles the tests use to observe the extension. */
export type Api = ReturnType<typeof activate>;

export const EXTENSION_ID = 'concurrency-lens.concurrency-lens';

export async function extensionApi(): Promise<Api> {
	const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
	if (!ext) {
		throw new Error(`${EXTENSION_ID} is not installed`);
	}
	return ext.activate();
}

/** Polls until `fn` returns a truthy value; fails with `what` after `timeout` ms. */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeout = 20000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = await fn();
		if (value) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

export function workspaceFile(name: string): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		throw new Error('the tests need the sample workspace open');
	}
	return vscode.Uri.joinPath(folder.uri, name);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'concurrency-lens');
}

export function ruleOf(d: vscode.Diagnostic): string {
	return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The active tab when it is one of our webviews of `viewType`. */
export function activeWebviewTab(viewType: string): vscode.Tab | undefined {
	const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
	return tab?.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType) ? tab : undefined;
}
