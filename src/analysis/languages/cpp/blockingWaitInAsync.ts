import { callTable } from '../../callTable';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { calleeName, callOf, inBrokenCode, methodCall, qualifiedCallee, shortText } from './calls';
import { holds } from './futures';
import { resumedOnPool } from './syntax';

const FUTURE =
	'`co_await` an awaitable instead of blocking on the future (e.g. an `asio::experimental::channel`, or `co_spawn` the work with `asio::use_awaitable`)';
const THREAD = "post the result back to the coroutine's executor and `co_await` it, instead of joining the thread";

/** Running a whole task to completion on this thread: meant for `main`, never for code that is itself async. */
const SYNC_WAITS = callTable({
	'`co_await` the task directly; `sync_wait` belongs in `main`, outside all coroutines': [
		'cppcoro::sync_wait',
		'stdexec::sync_wait',
		'std::this_thread::sync_wait',
		'folly::coro::blockingWait',
		'sync_wait',
		'blockingWait',
	],
});

/**
 * `future.get()` / `future.wait()` on a `std::future` or `std::shared_future` (from `std::async`,
 * `promise.get_future()`, or a declaration of that type), `thread.join()` on a `std::thread`, and
 * `sync_wait(task)` inside a coroutine: the coroutine's thread stops until the other work finishes.
 */
export const blockingWaitInAsync: Detector = {
	ruleId: 'blocking-wait-in-async',
	mode: 'in-async',
	trigger: new RegExp(`\\b(?:get|wait|join)(?=\\s*\\(\\s*\\))|${SYNC_WAITS.trigger.source}`, 'g'),
	detect(node, file) {
		const site = blockingWait(node, file);
		return site && !resumedOnPool(site.node) ? site : undefined;
	},
};

function blockingWait(node: Node, file: FileContext): Site | undefined {
	const call = callOf(node);
	if (!call || inBrokenCode(call)) {
		return undefined;
	}
	const method = methodCall(call);
	if (!method) {
		const name = qualifiedCallee(call, file, (q) => SYNC_WAITS.fixes.has(q));
		return name ? { node: call, callee: calleeName(call) ?? name, instead: SYNC_WAITS.fixFor(name)! } : undefined;
	}
	const callee = `${shortText(method.receiver)}.${method.method}`;
	if (method.method === 'join') {
		return holds(method.receiver, 'thread', file) ? { node: call, callee, instead: THREAD } : undefined;
	}
	if (method.method !== 'get' && method.method !== 'wait') {
		return undefined;
	}
	return holds(method.receiver, 'future', file) ? { node: call, callee, instead: FUTURE } : undefined;
}
