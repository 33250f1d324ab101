import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../lessons/html';

/** Where webview scripts and styles come from: the only local resources a webview may load. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
	return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	return { enableScripts: true, enableForms: false, localResourceRoots: webviewRoots(extensionUri), retainContextWhenHidden: false, enableFindWidget: true };
}

export interface PageParts {
	title: string;
	/** `lesson` or `quiz`: the script (`dist/webview/<name>.js`) and stylesheet (`media/<name>.css`). */
	name: 'lesson' | 'quiz';
	/** Trusted body HTML (rendered with raw HTML disabled, or built from escaped parts). */
	body: string;
	/** Initial data, written into a `data-` attribute (escaped), never into a script. */
	data: unknown;
}

/**
 * The one page template: a strict CSP (no inline script or style, a fresh nonce per page, only our own
 * files), theme-aware styles, the script by nonce, and initial data in a `data-` attribute.
 */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, parts: PageParts): string {
	const nonce = randomBytes(16).toString('base64');
	const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
	const csp = [
		"default-src 'none'",
		`img-src ${webview.cspSource} data:`,
		`style-src ${webview.cspSource}`,
		`font-src ${webview.cspSource}`,
		`script-src 'nonce-${nonce}'`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media', 'base.css')}">
<link rel="stylesheet" href="${asset('media', `${parts.name}.css`)}">
<title>${escapeHtml(parts.title)}</title>
</head>
<body class="page-${parts.name}" data-state="${escapeHtml(JSON.stringify(parts.data))}">
${parts.body}
<script nonce="${nonce}" src="${asset('dist', 'webview', `${parts.name}.js`)}"></script>
</body>
</html>`;
}

/** Editor-tab icons for our panels, in a light and a dark variant. */
export function tabIcon(extensionUri: vscode.Uri, name: 'book' | 'quiz'): { light: vscode.Uri; dark: vscode.Uri } {
	return {
		light: vscode.Uri.joinPath(extensionUri, 'media', 'icons', `${name}-light.svg`),
		dark: vscode.Uri.joinPath(extensionUri, 'media', 'icons', `${name}-dark.svg`),
	};
}
