import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withGeneratedManifest, withRulesTable } from '../../src/analysis/rules/contributions';
import { CommandId, ViewId, WebviewType } from '../../src/constants';
import { repoRoot } from './testAnalyzer';

interface PackageJson {
	activationEvents: string[];
	contributes: {
		configuration: { properties: Record<string, unknown> };
		commands: { command: string }[];
		views: Record<string, { id: string }[]>;
		menus: Record<string, { command: string }[]>;
	};
}

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as PackageJson;
const regenerate = 'run `npm run generate` and review the diff';

suite('package.json and README against their sources', () => {
	test('the settings schema and activation events are what the catalogue generates', () => {
		const generated = withGeneratedManifest(manifest);
		assert.deepEqual(manifest.contributes.configuration.properties, generated.contributes.configuration.properties, regenerate);
		assert.deepEqual(manifest.activationEvents, generated.activationEvents, regenerate);
	});

	test("the README's rules table is what the catalogue generates", () => {
		const readme = read('README.md');
		assert.equal(readme, withRulesTable(readme), regenerate);
	});

	test('contributed commands are exactly the CommandId values', () => {
		const contributed = manifest.contributes.commands.map((c) => c.command).sort();
		assert.deepEqual(contributed, Object.values(CommandId).sort());
	});

	test('menus name only contributed commands; views and webviews match their ids', () => {
		const commands = new Set<string>(Object.values(CommandId));
		const unknown = Object.values(manifest.contributes.menus)
			.flat()
			.map((m) => m.command)
			.filter((c) => !commands.has(c));
		assert.deepEqual(unknown, []);
		assert.deepEqual(
			Object.values(manifest.contributes.views)
				.flat()
				.map((v) => v.id)
				.sort(),
			Object.values(ViewId).sort(),
		);
		const panels = manifest.activationEvents
			.filter((e) => e.startsWith('onWebviewPanel:'))
			.map((e) => e.slice('onWebviewPanel:'.length))
			.sort();
		assert.deepEqual(panels, Object.values(WebviewType).sort());
	});
});
