import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import { type Detector, type FileContext, type LoopScope, type Site, UNBOUNDED_BOUNDS } from '../../languageSupport';
import { compact, shorten } from '../../syntaxHelpers';
import { aliasTrigger, bindingOf, callAt, chainOf, describeReceiver, qualifiedCallee, type CallInfo } from './calls';
import { implicitLoop, iterableIterations, unwrap } from './loops';

const FIX =
	'acquire a `Semaphore` permit before spawning (`let permit = sem.clone().acquire_owned().await?;`, moved into the task), or bound the work with `stream::iter(items).for_each_concurrent(N, …)`';

const SPAWNS = callTable({
	[FIX]: [
		'tokio::spawn',
		'tokio::task::spawn',
		'tokio::task::spawn_local',
		'async_std::task::spawn',
		'async_std::task::spawn_local',
		'smol::spawn',
		'actix_rt::spawn',
		'actix::spawn',
		'async_global_executor::spawn',
	],
});

/** Receivers whose `spawn` starts a task: a JoinSet, a runtime or its handle, a task builder, a LocalSet. */
const TASK_SPAWNERS = /^(?:type:)?tokio::(?:task::(?:JoinSet|LocalSet|Builder)|runtime::(?:Handle|Runtime|Builder))(?:::\w+)?$/;

/**
 * Async tasks spawned once per item or request: `tokio::spawn`, `task::spawn` (tokio, async-std),
 * `set.spawn` on a `JoinSet`, `handle.spawn` on a runtime. `spawn_blocking` (a bounded pool) is not here;
 * the engine drops spawns after a permit, a `join_next()` that keeps a JoinSet small, or an `.await` on the handle.
 */
export const unboundedTaskSpawn: Detector = {
	ruleId: 'unbounded-task-spawn',
	mode: 'per-item',
	trigger: /\b(?:spawn|spawn_local|join_all|try_join_all)\b(?=\s*(?:\(|::<))/g,
	fileTrigger: (file) =>
		aliasTrigger(file, (full) => SPAWNS.fixes.has(full) || JOIN_ALL.test(full), new Set(['spawn', 'spawn_local', 'join_all', 'try_join_all'])),
	detect(node, file) {
		const info = callAt(node);
		// Awaiting join_all is how it is used; its futures all run at once.
		if (info?.path && qualifiedCallee(info, file, (p) => JOIN_ALL.test(p))) {
			return joinAllSite(info, file);
		}
		// `tokio::spawn(f).await`: the iteration waits for the task, so they do not pile up.
		if (!info || info.awaited) {
			return undefined;
		}
		if (info.path) {
			return qualifiedCallee(info, file, (p) => SPAWNS.fixes.has(p)) ? { node: info.node, callee: compact(info.path), instead: FIX } : undefined;
		}
		return info.receiver && (info.method === 'spawn' || info.method === 'spawn_local') && node.text === info.method ? spawnerMethod(info, file) : undefined;
	},
};

function spawnerMethod(info: CallInfo, file: FileContext): Site | undefined {
	const chain = chainOf(info.receiver!, file);
	const isSpawner = chain.rootPaths.some((p) => TASK_SPAWNERS.test(p));
	return isSpawner ? { node: info.node, callee: `${describeReceiver(info.receiver!)}.${info.method}`, instead: FIX } : undefined;
}

// --- join_all over a future per item

const JOIN_ALL = /^futures(?:_util)?::future::(?:try_)?join_all$|^futures::(?:try_)?join_all$/;
const JOIN_FIX =
	'`stream::iter(items).map(|item| fetch(item)).buffer_unordered(N)` (from `futures::stream::StreamExt`), or a `Semaphore` permit acquired inside each future';
/** A name that says it holds one chunk of the input, not all of it. */
const ONE_CHUNK = /^(?:chunk|batch|page|window)s?_?\d*$|_(?:chunk|batch|page|window)$/;

/**
 * `join_all(urls.iter().map(|u| fetch(u)))` (or `try_join_all`, a method path such as `.map(fetch)`, a
 * `let` holding the collected futures): every item's future is polled at once. Quiet for a literal or
 * chunked collection, for futures that take a semaphore permit first, and for spawned tasks (each spawn is
 * its own finding).
 */
function joinAllSite(info: CallInfo, file: FileContext): Site | undefined {
	const first = info.args?.namedChild(0);
	const loop = first ? futuresPerItem(unwrap(first), info.node, file, 0) : undefined;
	const callee = compact(info.path ?? 'join_all')
		.split('::')
		.pop()!;
	return loop ? { node: info.node, callee, instead: JOIN_FIX, detail: 'a future', loop, atOnce: true } : undefined;
}

function futuresPerItem(expression: Node, at: Node, file: FileContext, depth: number): LoopScope | undefined {
	if (expression.type === 'identifier' && depth === 0) {
		const value = bindingOf(expression.text, at)?.value;
		return value ? futuresPerItem(unwrap(value), at, file, depth + 1) : undefined;
	}
	if (expression.type !== 'call_expression') {
		return undefined;
	}
	const fn = expression.childForFieldName('function');
	const access = fn?.type === 'generic_function' ? fn.childForFieldName('function') : fn;
	const method = access?.type === 'field_expression' ? access.childForFieldName('field')?.text : undefined;
	const receiver = access?.type === 'field_expression' ? access.childForFieldName('value') : null;
	if (method === 'collect' && receiver) {
		return futuresPerItem(unwrap(receiver), at, file, depth);
	}
	if (method !== 'map' || !receiver) {
		return undefined;
	}
	const root = rootName(chainOf(receiver, file).root);
	if (ONE_CHUNK.test(root)) {
		return undefined;
	}
	const arg = expression.childForFieldName('arguments')?.namedChild(0);
	if (arg?.type === 'closure_expression') {
		const loop = implicitLoop(expression, file);
		const body = arg.text;
		// A spawn is its own finding; a permit bounds the futures.
		return loop && UNBOUNDED_BOUNDS.has(loop.bound) && !/\bspawn\w*\s*\(|\.acquire(?:_owned|_many)?\s*\(/.test(body) ? loop : undefined;
	}
	if (!arg || !/^[\w:]+$/.test(arg.text)) {
		return undefined;
	}
	const loop: LoopScope = {
		node: expression,
		label: shorten(`${compact(receiver.text).slice(0, 36)}.map(…)`),
		body: arg,
		implicit: true,
		...iterableIterations(receiver, file),
	};
	return UNBOUNDED_BOUNDS.has(loop.bound) ? loop : undefined;
}

function rootName(node: Node): string {
	return compact(unwrap(node).text).split(/[.:]/).pop() ?? '';
}
