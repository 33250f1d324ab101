import type { Detector } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { boundCallee, callOf, localNameTrigger, qualifiedCallee, receiverOf } from './syntax';

const INSTEAD =
	'keep the task until it ends: `task = asyncio.create_task(…)` and `await task` later, or `tasks.add(task)` with `task.add_done_callback(tasks.discard)`; or start it with `tg.create_task(…)` inside `async with asyncio.TaskGroup() as tg`';

/** The module functions that start a task, and the calls that return the event loop whose `create_task` does. */
const STARTERS = new Set(['asyncio.create_task', 'asyncio.ensure_future']);
const LOOPS = /^asyncio\.(?:get_running_loop|get_event_loop|new_event_loop)$/;

/** A task started as a bare statement: its only reference is dropped (Ruff's RUF006). */
export const danglingTask: Detector = {
	ruleId: 'dangling-task',
	mode: 'anywhere',
	trigger: /\b(?:create_task|ensure_future)(?=\s*\()/g,
	fileTrigger: (file) => localNameTrigger(file, (q) => STARTERS.has(q)),
	// The call is the whole statement, so the statement starts with it.
	statementHint: /^\s*[\w.]*\b(?:create_task|ensure_future)\s*\(/,
	detect(node, file) {
		const call = callOf(node);
		if (!call || parentOf(call)?.type !== 'expression_statement') {
			return undefined;
		}
		const name = qualifiedCallee(call, file);
		if (name && STARTERS.has(name)) {
			return { node: call, callee: name, instead: INSTEAD };
		}
		const receiver = receiverOf(call);
		if (!receiver || node.text !== 'create_task') {
			return undefined;
		}
		// `asyncio.get_running_loop().create_task(…)`, or a name bound to such a call.
		const loop = receiver.type === 'call' ? qualifiedCallee(receiver, file) : boundCallee(file, compact(receiver.text), receiver);
		return loop && LOOPS.test(loop) ? { node: call, callee: `${compact(receiver.text).slice(0, 24)}.create_task`, instead: INSTEAD } : undefined;
	},
};
