import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { blockingWaitInAsync } from './blockingWaitInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { csharpSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

export const csharp: LanguageSupport = {
	languages: ['csharp'],
	syntax: csharpSyntax,
	detectors: [blockingCallInAsync, blockingWaitInAsync, cpuBoundInAsync, unboundedThreadSpawn, unboundedTaskSpawn],
	// Methods returning a Task are async code too, `async` or not.
	asyncMarker: /\basync\b|\b(?:Value)?Task\b/,
	prefilter: /\basync\b|\b(?:Value)?Task\b|\bThread\b|\bProcess\b|\bStartNew\b|\bWhenAll\b/,
};
