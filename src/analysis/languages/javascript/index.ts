import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { javascriptScreen } from './screen';
import { jsSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

/** JavaScript, TypeScript and TSX share node types for everything the detectors look at. */
export const javascript: LanguageSupport = {
	languages: ['javascript', 'typescript', 'tsx'],
	syntax: jsSyntax,
	detectors: [blockingCallInAsync, cpuBoundInAsync, unboundedThreadSpawn, unboundedTaskSpawn],
	asyncMarker: /\basync\b/,
	prefilter: /\basync\b|Worker|child_process|cluster|Promise\s*\.\s*all/,
	screen: javascriptScreen,
};
