import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { aliasTrigger, callAt, chainOf, qualifiedCallee, pathOfCall, type CallInfo } from './calls';
import { resolvePath } from './facts';

const THREAD_FIX = 'hand the items to a fixed pool (rayon, or N worker threads reading a bounded channel); for I/O, async tasks with a `Semaphore`';
const PROCESS_FIX = 'limit how many run at once: a `tokio::sync::Semaphore` permit held until `child.wait().await`, or run them one after another';

const THREAD_SPAWN = /^std::thread::spawn$/;
const THREAD_BUILDER = /^std::thread::Builder::new$/;
const COMMAND = /^(?:std|tokio|async_std|async_process|smol)::process::Command::new$|^async_process::Command::new$/;
const SCOPE = /^(?:std::thread::scope|crossbeam::scope|crossbeam::thread::scope|crossbeam_utils::thread::scope)$/;

/**
 * What starts an OS thread or a process: `std::thread::spawn`, `thread::Builder::…::spawn`, `s.spawn` on a
 * `thread::scope` (scoped threads are still one OS thread each), and `Command::…::spawn()`. Rayon's
 * `par_iter` and `spawn_blocking` use bounded pools and are not here.
 */
export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: /\bspawn\b(?=\s*(?:\(|::<))/g,
	fileTrigger: (file) => aliasTrigger(file, (full) => THREAD_SPAWN.test(full), new Set(['spawn'])),
	detect(node, file) {
		const info = callAt(node);
		// `thread::spawn(f).join()`, `Command::new(…).spawn()?.wait()`: the iteration waits for it.
		if (!info || info.chained === 'join' || info.chained === 'wait' || info.chained === 'wait_with_output') {
			return undefined;
		}
		if (info.path) {
			return qualifiedCallee(info, file, (p) => THREAD_SPAWN.test(p)) ? { node: info.node, callee: compact(info.path), instead: THREAD_FIX } : undefined;
		}
		return info.method === 'spawn' && info.receiver && node.text === 'spawn' ? spawnMethod(info, file) : undefined;
	},
};

function spawnMethod(info: CallInfo, file: FileContext): Site | undefined {
	const receiver = info.receiver!;
	const chain = chainOf(receiver, file);
	const from = (root: RegExp) => chain.rootPaths.some((p) => root.test(p));
	if (from(THREAD_BUILDER)) {
		return { node: info.node, callee: 'thread::Builder::spawn', instead: THREAD_FIX };
	}
	if (from(COMMAND)) {
		return { node: info.node, callee: 'Command::spawn', instead: PROCESS_FIX, detail: 'a new process' };
	}
	if (receiver.type === 'identifier' && isScopeHandle(receiver, file)) {
		return { node: info.node, callee: `${receiver.text}.spawn`, instead: THREAD_FIX, detail: 'a scoped OS thread' };
	}
	return undefined;
}

/** `s` in `thread::scope(|s| { … s.spawn(…) … })`: the closure parameter of a scope call. */
function isScopeHandle(name: Node, file: FileContext): boolean {
	for (let p = parentOf(name); p && p.type !== 'function_item'; p = parentOf(p)) {
		if (p.type !== 'closure_expression') {
			continue;
		}
		const params = p.childForFieldName('parameters')?.namedChildren ?? [];
		const first = params[0];
		const param = first?.type === 'parameter' ? first.childForFieldName('pattern') : first;
		if (param?.text !== name.text) {
			continue;
		}
		const call = parentOf(p)?.type === 'arguments' ? parentOf(parentOf(p)) : undefined;
		const path = call?.type === 'call_expression' ? pathOfCall(call) : undefined;
		return !!path && resolvePath(file, path).some((c) => SCOPE.test(c));
	}
	return false;
}
