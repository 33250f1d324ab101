import { callTable } from '../../callTable';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import {
	aliasTrigger,
	bindingOf,
	callAt,
	chainOf,
	describeReceiver,
	enclosingFunctionItem,
	itemsOf,
	qualifiedCallee,
	pathOfCall,
	rootIdentifier,
} from './calls';
import { resolvePath } from './facts';

const AWAIT = '`.await` the future instead (`fut.await`), or `spawn_blocking(...).await`';

/** Executors' `block_on` functions: running a future to completion on the current thread. */
const BLOCK_ON = callTable({
	[AWAIT]: [
		'futures::executor::block_on',
		'futures::executor::block_on_stream',
		'futures_lite::future::block_on',
		'async_std::task::block_on',
		'smol::block_on',
		'pollster::block_on',
		'tokio_test::block_on',
		'futures::executor::LocalPool::run_until',
	],
});

/** Channels whose `recv()` blocks the thread (tokio's and async-std's are awaited instead). */
const SYNC_CHANNEL =
	/^(?:std::sync::mpsc::(?:channel|sync_channel)|crossbeam_channel::(?:unbounded|bounded)|crossbeam::channel::(?:unbounded|bounded)|flume::(?:unbounded|bounded)|type:(?:std::sync::mpsc|crossbeam_channel|crossbeam::channel|flume)::Receiver)$/;
/** Handles whose `join()` blocks until an OS thread ends. */
const THREAD_SPAWN = /^(?:std::thread::spawn|type:std::thread::JoinHandle)$/;
const THREAD_BUILDER = /^std::thread::Builder::new$/;

/** tokio's escape hatches for sync code: they panic or stall when called on a runtime thread. */
const BLOCKING_METHODS: Record<string, string> = {
	blocking_recv: '`.recv().await`',
	blocking_send: '`.send(value).await`',
	blocking_lock: '`.lock().await`',
	blocking_read: '`.read().await`',
	blocking_write: '`.write().await`',
};

const WORDS = new Set(['block_on', 'block_on_stream', 'run_until', 'recv', 'recv_timeout', 'join', ...Object.keys(BLOCKING_METHODS)]);

/**
 * `h` in `for h in handles { h.join() }` when `handles` holds `std::thread::spawn` handles: built from
 * spawns (`let handles: Vec<_> = … .map(|_| thread::spawn(…)).collect()`) or filled by `handles.push(thread::spawn(…))`.
 */
function isItemOfThreadHandles(receiver: Node, file: FileContext): boolean {
	const items = receiver.type === 'identifier' ? itemsOf(receiver) : undefined;
	const collection = items ? rootIdentifier(items) : undefined;
	if (!collection) {
		return false;
	}
	const spawnsThreads = (node: Node | undefined) =>
		!!node &&
		node.descendantsOfType('call_expression').some((call) => {
			const path = call ? pathOfCall(call) : undefined;
			return !!path && resolvePath(file, path).some((p) => THREAD_SPAWN.test(p) || THREAD_BUILDER.test(p));
		});
	if (spawnsThreads(bindingOf(collection.text, collection)?.value)) {
		return true;
	}
	const fn = enclosingFunctionItem(receiver);
	return (
		!!fn &&
		fn.descendantsOfType('call_expression').some((call) => {
			const access = call?.childForFieldName('function');
			return (
				access?.type === 'field_expression' &&
				access.childForFieldName('field')?.text === 'push' &&
				access.childForFieldName('value')?.text === collection.text &&
				spawnsThreads(call!.childForFieldName('arguments') ?? undefined)
			);
		})
	);
}

/**
 * Sync-over-async in async Rust: `block_on` (an executor's or a runtime's), a blocking `recv()` on a std or
 * crossbeam channel bound in the function, `.join()` on a `std::thread::JoinHandle`, and tokio's
 * `blocking_*` methods. Each parks the executor thread that other tasks (maybe the awaited one) need.
 */
export const blockingWaitInAsync: Detector = {
	ruleId: 'blocking-wait-in-async',
	mode: 'in-async',
	trigger: new RegExp(`\\b(?:${[...WORDS].join('|')})\\b(?=\\s*(?:\\(|::))`, 'g'),
	fileTrigger: (file) => aliasTrigger(file, (full) => BLOCK_ON.fixes.has(full), WORDS),
	detect(node, file) {
		const info = callAt(node);
		if (!info || info.awaited) {
			return undefined;
		}
		if (info.path) {
			return qualifiedCallee(info, file, (p) => BLOCK_ON.fixes.has(p)) ? { node: info.node, callee: compact(info.path), instead: AWAIT } : undefined;
		}
		const method = info.method;
		const receiver = info.receiver;
		if (!method || !receiver || method !== node.text) {
			return undefined;
		}
		const callee = `${describeReceiver(receiver)}.${method}`;
		if (method === 'block_on') {
			// `rt.block_on(…)`, `Handle::current().block_on(…)`: whatever runtime it is, it blocks this thread.
			return { node: info.node, callee, instead: AWAIT };
		}
		if (method in BLOCKING_METHODS) {
			return { node: info.node, callee, instead: BLOCKING_METHODS[method] };
		}
		const chain = chainOf(receiver, file);
		const from = (root: RegExp) => chain.rootPaths.some((p) => root.test(p));
		if ((method === 'recv' || method === 'recv_timeout') && from(SYNC_CHANNEL)) {
			return { node: info.node, callee, instead: 'an async channel (`tokio::sync::mpsc`) with `rx.recv().await`' };
		}
		const noArguments = info.args?.namedChildCount === 0;
		if (
			method === 'join' &&
			noArguments &&
			(from(THREAD_SPAWN) || (from(THREAD_BUILDER) && chain.methods.includes('spawn')) || isItemOfThreadHandles(receiver, file))
		) {
			return { node: info.node, callee, instead: '`tokio::task::spawn_blocking(…)` and `.await` its handle instead of a thread you join' };
		}
		return undefined;
	},
};
