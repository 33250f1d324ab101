import type { LanguageSupport } from '../languageSupport';
import type { LanguageId } from '../types';
import { javascript } from './javascript';
import { python } from './python';

const SUPPORT: Partial<Record<LanguageId, LanguageSupport>> = {};
for (const support of [python, javascript]) {
	for (const id of support.languages) {
		SUPPORT[id] = support;
	}
}

/** Languages with detectors so far. */
export function supportedLanguages(): LanguageId[] {
	return Object.keys(SUPPORT) as LanguageId[];
}

export function supportFor(id: LanguageId): LanguageSupport {
	const support = SUPPORT[id];
	if (!support) {
		throw new Error(`no analyzer for language '${id}'`);
	}
	return support;
}
