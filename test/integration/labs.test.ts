import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LabResult } from '../../src/labs/types';
import { isAlive } from '../processes';
import { closeAllEditors, extensionApi, waitFor, type Api } from './api';

suite('Labs in VS Code', function () {
	this.timeout(60_000);
	let api: Api;
	suiteSetup(async () => {
		api = await extensionApi();
	});
	teardown(async () => {
		api.labs.cancel();
		await closeAllEditors();
	});

	test('the Lessons view has a Labs entry listing every lab, each opening its lesson section', async () => {
		const labsNode = (await api.tree.getChildren()).find((n) => n.kind === 'labs');
		assert.ok(labsNode, 'a Labs entry');
		const labs = await api.tree.getChildren(labsNode);
		assert.ok(labs.length >= 8);
		const item = api.tree.getTreeItem(labs[0]);
		assert.equal(item.command?.command, 'concurrencyLens.openLesson');
		assert.deepEqual(item.command?.arguments, ['waiting', 'lab-coffee-shop']);
	});

	test('Run a Lab by command: the lesson opens, the run is measured in child processes, the result is kept', async () => {
		const result = await vscode.commands.executeCommand<LabResult | undefined>('concurrencyLens.runLab', 'coffee-shop', { orders: 2, brewMs: 80 });
		assert.ok(result, 'a result');
		assert.deepEqual(
			result.variants.map((v) => v.id),
			['sequential', 'interleaved'],
		);
		assert.ok(result.variants[0].wallMs >= 160, 'the sequential run waited for both brews');
		assert.ok(result.variants.every((v) => v.startupMs > 0));
		assert.ok(api.lessons.get('waiting'), "the lab's lesson is open beside it");
		assert.equal((await api.labs.lastResult('coffee-shop'))?.startedAt, result.startedAt);
	});

	test('Cancel stops a long run and leaves none of its processes', async () => {
		const run = vscode.commands.executeCommand<LabResult | undefined>('concurrencyLens.runLab', 'cpu-tasks', { tasks: 32, taskMs: 2000 });
		const running = await waitFor('the experiment process', () => (api.labs.running?.pids.length ? api.labs.running : undefined));
		await vscode.commands.executeCommand('concurrencyLens.cancelLab');
		assert.equal(await run, undefined);
		assert.equal(api.labs.running, undefined);
		await waitFor('the processes to be gone', () => !running.pids.some(isAlive), 5000);
	});

	test('closing the lesson cancels the experiment it started', async () => {
		const run = vscode.commands.executeCommand<LabResult | undefined>('concurrencyLens.runLab', 'loop-delay', { cpuMs: 3000 });
		const running = await waitFor('the experiment process', () => (api.labs.running?.pids.length ? api.labs.running : undefined));
		api.lessons.get('cpu-on-the-loop')?.panel.dispose();
		assert.equal(await run, undefined);
		await waitFor('the processes to be gone', () => !running.pids.some(isAlive), 5000);
	});

	test('a second run while one is going is refused, not queued behind it or run beside it', async () => {
		const first = vscode.commands.executeCommand<LabResult | undefined>('concurrencyLens.runLab', 'cpu-tasks', { tasks: 8, taskMs: 500 });
		await waitFor('the first run', () => api.labs.running);
		assert.equal(await api.labs.run('coffee-shop', {}), undefined);
		api.labs.cancel();
		assert.equal(await first, undefined);
	});
});
