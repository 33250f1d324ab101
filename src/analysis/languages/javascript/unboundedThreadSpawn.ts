import type { Detector } from '../../languageSupport';
import { callOf, qualifiedCallee, createJsFacts } from './syntax';

const PROCESSES = /^(?:child_process\.(?:fork|spawn|exec|execFile)|cluster\.fork)$/;
const WORKER_FIX =
	'create a fixed pool of workers once (for example `os.availableParallelism()` of them, or a library such as piscina) and send each item to the pool';
const PROCESS_FIX = "run at most N at a time (a small promise pool such as p-limit, awaiting each child's exit), or keep a fixed pool of long-lived children";

export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: /\b(?:Worker|fork|spawn|exec|execFile)(?=\s*\()/g,
	detect(node, file) {
		const call = callOf(node);
		if (!call) {
			return undefined;
		}
		if (call.type === 'new_expression' && node.text === 'Worker') {
			const bound = file.facts(createJsFacts).bindings.get('Worker');
			// Unbound `Worker` is the Web Worker global: also a thread. A `Worker` from elsewhere (a job queue) is not.
			if (call.childForFieldName('constructor')?.text === 'Worker' && (bound === undefined || bound === 'worker_threads.Worker')) {
				return { node: call, callee: 'new Worker', instead: WORKER_FIX, detail: 'a worker thread' };
			}
			const name = qualifiedCallee(call, file);
			return name === 'worker_threads.Worker' ? { node: call, callee: 'new Worker', instead: WORKER_FIX, detail: 'a worker thread' } : undefined;
		}
		const name = call.type === 'call_expression' ? qualifiedCallee(call, file) : undefined;
		return name && PROCESSES.test(name) ? { node: call, callee: name, instead: PROCESS_FIX, detail: 'a new process' } : undefined;
	},
};
