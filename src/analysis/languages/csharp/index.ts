import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { blockingWaitInAsync } from './blockingWaitInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { csharpSyntax } from './syntax';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

export const csharp: LanguageSupport = {
	languages: ['csharp'],
	syntax: csharpSyntax,
	detectors: [blockingCallInAsync, blockingWaitInAsync, cpuBoundInAsync, unboundedThreadSpawn],
	asyncMarker: /\basync\b/,
	prefilter: /\basync\b|\bThread\b|\bProcess\b|\bStartNew\b/,
};
