import { LANGUAGES, settingsLanguage } from '../languageIds';
import type { LanguageSupport } from '../languageSupport';
import type { RuleId } from '../rules/catalog';
import type { LanguageId, SettingsLanguage } from '../types';
import { cpp } from './cpp';
import { csharp } from './csharp';
import { javascript } from './javascript';
import { go } from './go';
import { java } from './java';
import { python } from './python';
import { rust } from './rust';

const SUPPORT: Partial<Record<LanguageId, LanguageSupport>> = {};
for (const support of [python, javascript, go, java, cpp, csharp, rust]) {
	for (const id of support.languages) {
		SUPPORT[id] = support;
	}
}

export function supportFor(id: LanguageId): LanguageSupport {
	const support = SUPPORT[id];
	if (!support) {
		throw new Error(`no analyzer for language '${id}'`);
	}
	return support;
}

/** The languages (as settings name them, in `LANGUAGES` order) with a registered detector for the rule. */
export function ruleLanguages(rule: RuleId): SettingsLanguage[] {
	const found = new Set<SettingsLanguage>();
	for (const { id } of LANGUAGES) {
		if (SUPPORT[id]?.detectors.some((d) => d.ruleId === rule)) {
			found.add(settingsLanguage(id));
		}
	}
	return [...found];
}
