import type { LanguageSupport } from '../../languageSupport';
import { goSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';

/** Go has goroutines but no async functions: only the spawn rule applies, so no async marker ever matches. */
export const go: LanguageSupport = {
	languages: ['go'],
	syntax: goSyntax,
	detectors: [unboundedTaskSpawn],
	asyncMarker: /(?!)/,
	prefilter: /\bgo\s*[\w(]|\.Go\s*\(/,
};
