import type { LanguageSupport } from '../languageSupport';
import type { LanguageId } from '../types';
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
