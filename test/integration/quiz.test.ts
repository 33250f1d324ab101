import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeWebviewTab, closeAllEditors, extensionApi, waitFor, type Api } from './api';

suite('Quizzes in VS Code', () => {
	let api: Api;
	suiteSetup(async () => {
		api = await extensionApi();
	});
	teardown(closeAllEditors);

	test('"Quiz me" on a lesson opens the quiz panel on its first question, without the answer key', async () => {
		await vscode.commands.executeCommand('concurrencyLens.openQuiz', 'coffee-shop');
		await waitFor('the quiz tab', () => activeWebviewTab('concurrencyLens.quiz'));
		const view = await waitFor('a question', () => (api.quiz.lastView?.screen === 'question' ? api.quiz.lastView : undefined));
		assert.equal(view.question.lesson, 'coffee-shop');
		assert.equal(view.question.number, 1);
		const serialized = JSON.stringify(view);
		assert.ok(!/"correct"\s*:\s*true|"answer"\s*:/.test(serialized), 'the view sent to the webview must not carry the key');
	});

	test('"Quiz me on everything" covers every lesson', async () => {
		await vscode.commands.executeCommand('concurrencyLens.quizAll');
		const view = await waitFor('a question', () => (api.quiz.lastView?.screen === 'question' ? api.quiz.lastView : undefined));
		const { questions } = await api.content.get();
		assert.equal(view.question.total, questions.length);
	});
});
