import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { activeWebviewTab, closeAllEditors, extensionApi, waitFor, type Api } from './api';

function labelOf(item: vscode.TreeItem): string {
	return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('Lessons in VS Code', () => {
	let api: Api;
	suiteSetup(async () => {
		api = await extensionApi();
	});
	teardown(closeAllEditors);

	test('the Lessons view lists every lesson file, in course order, grouped', async () => {
		await vscode.commands.executeCommand('workbench.view.extension.concurrencyLens');
		const extensionPath = vscode.extensions.getExtension('concurrency-lens.concurrency-lens')!.extensionPath;
		const files = readdirSync(path.join(extensionPath, 'lessons'))
			.filter((f) => f.endsWith('.md'))
			.sort();
		const top = await api.tree.getChildren();
		const groups = top.filter((n) => n.kind === 'group');
		assert.ok(groups.length >= 2, 'lessons are grouped');
		const lessons = (await Promise.all(groups.map((g) => api.tree.getChildren(g)))).flat();
		const labels = lessons.map((n) => labelOf(api.tree.getTreeItem(n)));
		assert.equal(labels.length, files.length);
		assert.deepEqual(
			labels.map((l) => Number(l.split('.')[0])),
			files.map((_, i) => i + 1),
			'numbered in order',
		);
		assert.match(labels[0], /coffee shop/i);
	});

	test('opening a lesson opens its webview, which loads under the CSP and reports ready', async () => {
		await vscode.commands.executeCommand('concurrencyLens.openLesson', 'event-loop', 'blocking-calls');
		const tab = await waitFor('the lesson tab', () => activeWebviewTab('concurrencyLens.lesson'));
		assert.match(tab.label, /event loop/i);
		const panel = api.lessons.get('event-loop');
		assert.ok(panel);
		await waitFor('the lesson page script to say ready', () => panel.ready);
	});

	test('one panel per lesson: opening it again reveals the same panel', async () => {
		const first = await vscode.commands.executeCommand('concurrencyLens.openLesson', 'waiting');
		const second = await vscode.commands.executeCommand('concurrencyLens.openLesson', 'waiting');
		assert.equal(first, second);
		const tabs = vscode.window.tabGroups.all
			.flatMap((g) => g.tabs)
			.filter((t) => t.input instanceof vscode.TabInputWebview && t.label === api.lessons.get('waiting')!.panel.title);
		assert.equal(tabs.length, 1);
	});

	test('opening a lesson records progress and the tree shows it', async () => {
		await vscode.commands.executeCommand('concurrencyLens.openLesson', 'summary');
		await waitFor('progress for the lesson', () => api.progress.get().last?.lesson === 'summary');
		const continueNode = (await api.tree.getChildren()).find((n) => n.kind === 'continue');
		assert.ok(continueNode, 'a "Continue" entry appears');
		assert.match(labelOf(api.tree.getTreeItem(continueNode)), /summary|recap/i);
	});

	test('the lesson deep link from a diagnostic opens the right section', async () => {
		const target = vscode.Uri.parse('vscode://concurrency-lens.concurrency-lens/lesson/cpu-on-the-loop#cpu-bound-work');
		await api.uriHandler.handleUri(target);
		const panel = await waitFor('the cpu lesson panel', () => api.lessons.get('cpu-on-the-loop'));
		assert.match(panel.panel.title, /CPU/i);
	});

	test('"Open example in editor" opens a read-only document in the right language, annotated and analyzed', async () => {
		await vscode.commands.executeCommand('concurrencyLens.openExample', 'event-loop', 'retry-sleep-bad');
		const editor = await waitFor('the example editor', () =>
			vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'concurrency-lens-example'),
		);
		assert.equal(editor.document.languageId, 'python');
		assert.equal(vscode.workspace.fs.isWritableFileSystem('concurrency-lens-example'), false, 'lesson examples are read-only');
		await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, new Uint8Array([1]))), 'writing an example is refused');
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
		assert.ok(
			lenses.some((l) => /^① /.test(l.command?.title ?? '')),
			'callout notes appear as CodeLens',
		);
		const diagnostics = await waitFor('findings on the bad example', () => {
			const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'concurrency-lens');
			return found.length ? found : undefined;
		});
		assert.ok(diagnostics.some((d) => typeof d.code === 'object' && d.code.value === 'blocking-call-in-async'));
	});
});
