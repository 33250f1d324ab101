import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CheckResult } from '../../src/exercises/types';
import type { ScaffoldReport } from '../../src/exercises/scaffold';
import { closeAllEditors, extensionApi, waitFor, type Api } from './api';

// The exercises in the real extension host: scaffold by command, CodeLens on the exercise file, a failing
// check of the starter, a fix typed into the editor and saved (check on save), the tree and progress after it.

suite('Exercises in VS Code', function () {
	this.timeout(120_000);
	let api: Api;
	const root = vscode.Uri.file(mkdtempSync(path.join(os.tmpdir(), 'concurrency-lens-exercises-it-')));
	const login = vscode.Uri.joinPath(root, 'js-sync-hash-login', 'login.js');
	suiteSetup(async () => {
		api = await extensionApi();
	});
	suiteTeardown(closeAllEditors);

	test('Start Exercises writes every exercise into the chosen folder and opens the first one', async () => {
		const report = await vscode.commands.executeCommand<ScaffoldReport>('concurrencyLens.startExercises', root);
		const exercises = await api.exercises.list();
		assert.ok(exercises.length >= 14, `${exercises.length} exercises`);
		assert.equal(report.kept.length, 0);
		assert.ok(report.created.includes(path.join('js-sync-hash-login', 'login.js')));
		await waitFor('the first exercise in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === login.fsPath);
		const items = await Promise.all((await api.exercisesTree.getChildren()).map((e) => api.exercisesTree.getTreeItem(e)));
		assert.equal(items.length, exercises.length);
		assert.match(String(items[0].description), /JavaScript · not started/);
		const again = await vscode.commands.executeCommand<ScaffoldReport>('concurrencyLens.startExercises', root);
		assert.equal(again.created.length, 0, 'a second start overwrites nothing');
	});

	test('the exercise file has Check, Hint, Reset and Show solution lenses; Hint counts up', async () => {
		const titles = async () =>
			((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', login)) ?? []).map((l) => l.command?.title ?? '');
		const before = await titles();
		for (const expected of ['$(play) Check', '$(lightbulb) Hint 1 of 3', '$(discard) Reset', '$(eye) Show solution']) {
			assert.ok(before.includes(expected), `${expected} in ${before.join(' | ')}`);
		}
		const hint = await vscode.commands.executeCommand<{ number: number; text: string }>('concurrencyLens.exerciseHint', login);
		assert.equal(hint.number, 1);
		assert.match(hint.text, /pbkdf2Sync/);
		assert.ok((await titles()).includes('$(lightbulb) Hint 2 of 3'));
	});

	test("an exercise's inline Lesson action opens the lesson section it practises", async () => {
		const [first] = await api.exercises.list();
		await vscode.commands.executeCommand('concurrencyLens.openLesson', first);
		await waitFor('the lesson panel', () => api.lessons.get(first.lesson.split('#')[0]));
		await vscode.window.showTextDocument(login);
	});

	test('the starter fails its check, for the analyzer and the measure; the tree shows it failing', async () => {
		const result = await vscode.commands.executeCommand<CheckResult>('concurrencyLens.checkExercise', login);
		assert.equal(result.status, 'fail');
		assert.equal(result.static.ok, false);
		assert.equal(result.correctness?.ok, true);
		assert.equal(result.measure?.ok, false);
		assert.ok((result.measure?.figures?.maxLoopDelayMs ?? 0) > 30, JSON.stringify(result.measure));
		const item = await api.exercisesTree.getTreeItem((await api.exercisesTree.getChildren())[0]);
		assert.match(String(item.description), /failing/);
		assert.equal(api.exercises.progress().exercises['js-sync-hash-login']?.last, 'failing');
	});

	test('typing the fix and saving checks it again: it passes, and stays passed in progress', async () => {
		const editor = await vscode.window.showTextDocument(login);
		const solution = readFileSync(api.exercises.solutionOf((await api.exercises.list())[0]).fsPath, 'utf8');
		await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), solution));
		await editor.document.save();
		await waitFor('the check on save to pass', () => api.exercises.lastResult('js-sync-hash-login')?.status === 'pass', 60_000).catch((e: Error) => {
			throw new Error(`${e.message}: last result ${JSON.stringify(api.exercises.lastResult('js-sync-hash-login'))}`);
		});
		const item = await api.exercisesTree.getTreeItem((await api.exercisesTree.getChildren())[0]);
		assert.match(String(item.description), /passing/);
		assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
		assert.ok(api.exercises.progress().exercises['js-sync-hash-login']?.passedAt);
		const next = await api.exercises.next('js-sync-hash-login');
		assert.notEqual(next?.id, 'js-sync-hash-login', 'next exercise is another one');
	});
});
