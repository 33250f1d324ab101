import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { blockingWaitInAsync } from './blockingWaitInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { rustModules } from './modules';
import { rustSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

export const rust: LanguageSupport = {
	languages: ['rust'],
	syntax: { ...rustSyntax, modules: rustModules },
	detectors: [blockingCallInAsync, blockingWaitInAsync, cpuBoundInAsync, unboundedThreadSpawn, unboundedTaskSpawn],
	asyncMarker: /\basync\b/,
	prefilter: /\basync\b|\bspawn/,
};
