// Unit tests for the pure helpers of the real-VS-Code test harness (test/harness/codeServer.mjs).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

// The harness is an ES module outside the TypeScript project: load it at run time (out/test/unit → repo root).
type Harness = {
	formatSummary(label: string, passed: number, failed: number): string;
	parseSummary(line: string): { label: string; passed: number; failed: number } | null;
	remoteUri(authority: string, absPath: string): string;
	testPayload(o: { authority: string; extensionDevelopmentPath: string; extensionTestsPath: string }): [string, string][];
	workbenchUrl(baseUrl: string, o?: { folder?: string; payload?: unknown }): string;
	median(values: number[]): number;
	freePort(): Promise<number>;
	isPortFree(port: number): Promise<boolean>;
};
const load = (): Promise<Harness> => import(pathToFileURL(path.resolve(__dirname, '../../../test/harness/codeServer.mjs')).href);

suite('Test harness helpers', () => {
	let h: Harness;
	suiteSetup(async () => {
		h = await load();
	});

	test('summary lines round-trip', () => {
		const line = h.formatSummary('integration', 12, 1);
		assert.equal(line, 'integration: 12 passed, 1 failed');
		assert.deepEqual(h.parseSummary(line), { label: 'integration', passed: 12, failed: 1 });
		assert.equal(h.parseSummary('  3 passing (5ms)'), null);
	});

	test('payload points the web workbench at the extension and the suite', () => {
		const payload = h.testPayload({
			authority: '127.0.0.1:4711',
			extensionDevelopmentPath: '/repo with space',
			extensionTestsPath: '/repo with space/out/test/integration/index.js',
		});
		assert.deepEqual(payload, [
			['extensionDevelopmentPath', 'vscode-remote://127.0.0.1:4711/repo%20with%20space'],
			['extensionTestsPath', 'vscode-remote://127.0.0.1:4711/repo%20with%20space/out/test/integration/index.js'],
			['skipWelcome', 'true'],
			['skipReleaseNotes', 'true'],
		]);
		const url = new URL(h.workbenchUrl('http://127.0.0.1:4711', { folder: '/tmp/ws', payload }));
		assert.equal(url.searchParams.get('folder'), '/tmp/ws');
		assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? 'null'), payload);
		assert.equal(h.workbenchUrl('http://127.0.0.1:4711'), 'http://127.0.0.1:4711/');
	});

	test('median of odd and even counts', () => {
		assert.equal(h.median([30, 10, 20]), 20);
		assert.equal(h.median([4, 1, 3, 2]), 2.5);
		assert.ok(Number.isNaN(h.median([])));
	});

	test('freePort returns a port that can be bound on 127.0.0.1', async () => {
		const port = await h.freePort();
		assert.ok(port > 0 && port < 65536);
		assert.equal(await h.isPortFree(port), true);
	});
});
