import type { LanguageSupport } from '../../languageSupport';
import { javaSyntax } from './syntax';
import { unboundedThreadPool } from './unboundedThreadPool';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

/** Java has threads but no async functions: only the spawn and pool rules apply, so no async marker ever matches. */
export const java: LanguageSupport = {
	languages: ['java'],
	syntax: javaSyntax,
	detectors: [unboundedThreadSpawn, unboundedThreadPool],
	asyncMarker: /(?!)/,
	prefilter: /Thread|Executors|ThreadPoolExecutor|ForkJoinPool|ProcessBuilder|exec\s*\(|Timer/,
};
