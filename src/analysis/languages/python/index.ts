import { pythonModules } from './modules';
import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { blockingWaitInAsync } from './blockingWaitInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { danglingTask } from './danglingTask';
import { pythonScreen } from './screen';
import { pythonSyntax } from './syntax';
import { unboundedTaskSpawn } from './unboundedTaskSpawn';
import { unboundedThreadPool } from './unboundedThreadPool';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

export const python: LanguageSupport = {
	languages: ['python'],
	syntax: { ...pythonSyntax, modules: pythonModules },
	detectors: [blockingCallInAsync, blockingWaitInAsync, cpuBoundInAsync, unboundedThreadSpawn, unboundedTaskSpawn, unboundedThreadPool, danglingTask],
	asyncMarker: /\basync\s+(?:def|with|for)\b/,
	prefilter: /\basync\s+def\b|Thread|Process|Timer|Pool|Popen|fork|start_new_thread|create_task|ensure_future|gather|as_completed/,
	screen: pythonScreen,
};
