import { jsModules } from './modules';
import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { EVENT_LOOP_MARKER, eventLoopRole } from './eventLoop';
import { javascriptScreen } from './screen';
import { jsSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

/** JavaScript, TypeScript and TSX share node types for everything the detectors look at. */
export const javascript: LanguageSupport = {
	languages: ['javascript', 'typescript', 'tsx'],
	syntax: { ...jsSyntax, eventLoop: eventLoopRole, modules: jsModules },
	detectors: [blockingCallInAsync, cpuBoundInAsync, unboundedThreadSpawn, unboundedTaskSpawn],
	asyncMarker: new RegExp(`\\basync\\b|${EVENT_LOOP_MARKER.source}`),
	prefilter: new RegExp(`\\basync\\b|Worker|child_process|cluster|Promise\\s*\\.\\s*all|${EVENT_LOOP_MARKER.source}`),
	screen: javascriptScreen,
};
