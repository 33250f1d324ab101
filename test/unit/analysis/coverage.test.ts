import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { languageForFile, settingsLanguage } from '../../../src/analysis/languageIds';
import { ruleLanguages } from '../../../src/analysis/languages';
import { isRuleId, RULE_IDS } from '../../../src/analysis/rules/catalog';
import type { SettingsLanguage } from '../../../src/analysis/types';
import { repoRoot } from '../testAnalyzer';
import { parseCarets } from './caretFixtures';

/** Rule → languages with at least one caret expecting it in test/fixtures. */
function coveredByFixtures(): Map<string, Set<string>> {
	const covered = new Map<string, Set<string>>();
	const root = path.join(repoRoot, 'test', 'fixtures');
	for (const folder of readdirSync(root)) {
		for (const file of readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })) {
			const language = languageForFile(file);
			if (!language) {
				continue;
			}
			for (const { ruleId } of parseCarets(readFileSync(path.join(root, folder, file), 'utf8'))) {
				const set = covered.get(ruleId) ?? new Set();
				set.add(settingsLanguage(language));
				covered.set(ruleId, set);
			}
		}
	}
	return covered;
}

suite('Rule catalogue coverage', () => {
	const covered = coveredByFixtures();

	test('every rule has positive fixtures in every language with a detector for it', () => {
		const missing = RULE_IDS.flatMap((id) =>
			ruleLanguages(id)
				.filter((l) => !covered.get(id)?.has(l))
				.map((l) => `${id} in ${l}`),
		);
		assert.deepEqual(missing, []);
	});

	test('fixtures expect rules only in languages with a detector for them', () => {
		const unclaimed = [...covered].flatMap(([id, languages]) =>
			[...languages].filter((l) => !(isRuleId(id) && ruleLanguages(id).includes(l as SettingsLanguage))).map((l) => `${id} in ${l}`),
		);
		assert.deepEqual(unclaimed, []);
	});
});
