import { callTable } from '../../callTable';
import type { Detector } from '../../languageSupport';
import { callOf, localNameTrigger, qualifiedCallee, createPythonFacts } from './syntax';

const POOL =
	'submit the work to one `ThreadPoolExecutor(max_workers=N)` created before the loop (a `ProcessPoolExecutor` for CPU work), or use asyncio for I/O';

const SPAWNS = callTable({
	[POOL]: ['threading.Thread', 'threading.Timer', 'multiprocessing.Process', '_thread.start_new_thread', 'os.fork', 'subprocess.Popen'],
});

export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: SPAWNS.trigger,
	fileTrigger: (file) => localNameTrigger(file, (q) => SPAWNS.fixes.has(q), file.facts(createPythonFacts).threadClasses),
	detect(node, file) {
		const call = callOf(node);
		const name = call ? qualifiedCallee(call, file) : undefined;
		if (!call || !name) {
			return undefined;
		}
		const fix = SPAWNS.fixFor(name);
		if (fix) {
			return { node: call, callee: name, instead: fix, detail: /Process|fork|Popen/.test(name) ? 'a new process' : undefined };
		}
		const local = name.replace(/^<local>\./, '');
		return file.facts(createPythonFacts).threadClasses.has(local) ? { node: call, callee: local, instead: POOL } : undefined;
	},
};
