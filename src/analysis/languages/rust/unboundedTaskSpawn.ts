import { callTable } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { aliasTrigger, callAt, chainOf, describeReceiver, qualifiedCallee, type CallInfo } from './calls';

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
	trigger: /\b(?:spawn|spawn_local)\b(?=\s*(?:\(|::<))/g,
	fileTrigger: (file) => aliasTrigger(file, (full) => SPAWNS.fixes.has(full), new Set(['spawn', 'spawn_local'])),
	detect(node, file) {
		const info = callAt(node);
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
