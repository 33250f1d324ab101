import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { csharpFacts } from './facts';
import { originOf } from './declarations';
import { callOfName, methodCall, qualifiedCallee, staticName } from './symbols';

const THREAD_FIX =
	'queue the work to the thread pool (`Task.Run`) or a bounded `Channel<T>` with a fixed set of consumers; limit concurrency with `SemaphoreSlim`';
const PROCESS_FIX =
	'limit how many run at once: `await semaphore.WaitAsync()` before each `Process.Start`, and release it after `await process.WaitForExitAsync()`';

/**
 * What starts a dedicated OS thread or a process: `new Thread(…)`, `Process.Start(…)`, `process.Start()` on a
 * `new Process()`, and `Task.Factory.StartNew(…, TaskCreationOptions.LongRunning)` (one new thread per call).
 * `Task.Run` and `ThreadPool.QueueUserWorkItem` queue to the bounded pool and are not flagged.
 */
export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: /\bThread\b(?=\s*\()|\b(?:Start|StartNew)(?=\s*\()/g,
	detect(node, file) {
		if (node.text === 'Thread') {
			return newThread(node, file);
		}
		const call = callOfName(node);
		const parts = call ? methodCall(call) : undefined;
		if (!call || !parts || parts.method !== node.text) {
			return undefined;
		}
		if (parts.method === 'StartNew') {
			return longRunning(call, file);
		}
		if (qualifiedCallee(call, file, (c) => c === 'Process.Start')) {
			return { node: call, callee: 'Process.Start', instead: PROCESS_FIX, detail: 'a new process' };
		}
		const origin = parts.receiver && call.childForFieldName('arguments')?.namedChildCount === 0 ? originOf(parts.receiver, file) : undefined;
		return origin?.type === 'Process'
			? { node: call, callee: `${compact(parts.receiver!.text)}.Start`, instead: PROCESS_FIX, detail: 'a new process' }
			: undefined;
	},
};

/** `new Thread(…)` and `new System.Threading.Thread(…)`, unless the file declares its own `Thread`. */
function newThread(name: Node, file: FileContext): Site | undefined {
	let type: Node = name;
	for (let up = parentOf(type); up && (up.type === 'qualified_name' || up.type === 'alias_qualified_name'); up = parentOf(type)) {
		type = up;
	}
	const creation = parentOf(type);
	if (creation?.type !== 'object_creation_expression' || creation.childForFieldName('type')?.id !== type.id) {
		return undefined;
	}
	const written = compact(type.text).replace(/^global::/, '');
	const isFramework = written === 'System.Threading.Thread' || (written === 'Thread' && !csharpFacts(file).localTypes.has('Thread'));
	return isFramework ? { node: creation, callee: 'new Thread', instead: THREAD_FIX } : undefined;
}

/** `Task.Factory.StartNew(work, TaskCreationOptions.LongRunning)` creates a dedicated thread, not a pool item. */
function longRunning(call: Node, file: FileContext): Site | undefined {
	const fn = call.childForFieldName('function');
	const isTaskFactory = fn?.type === 'member_access_expression' && /(?:^|\.)Task\.Factory\.StartNew$/.test(staticName(fn, file) ?? compact(fn.text));
	const args = compact(call.childForFieldName('arguments')?.text ?? '');
	return isTaskFactory && /\bLongRunning\b/.test(args)
		? { node: call, callee: 'Task.Factory.StartNew', instead: THREAD_FIX, detail: 'a dedicated thread (`TaskCreationOptions.LongRunning`)' }
		: undefined;
}
