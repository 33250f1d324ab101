import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('Activation', () => {
	test('the extension is installed and activates', async () => {
		const ext = vscode.extensions.getExtension('concurrency-lens.concurrency-lens');
		assert.ok(ext, 'extension concurrency-lens.concurrency-lens is not installed in this VS Code');
		await ext.activate();
		assert.equal(ext.isActive, true);
	});
});
