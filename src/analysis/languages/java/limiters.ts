import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { callbackBody, leavesLoopAfter, type LoopExits } from '../../loopHelpers';
import { compact, ownDescendants, parentOf, parentSkippingParens, remembered } from '../../syntaxHelpers';
import { isJavaFunction } from './facts';
import { receiverText } from './calls';

// --- What bounds a thread, process or pool started in a loop or handler

/** `Semaphore.acquire()`, `acquireUninterruptibly()`, `tryAcquire(…)`; Guava's `RateLimiter.acquire()`. */
const ACQUIRE = /^(?:acquire|acquireUninterruptibly|tryAcquire)$/;
/**
 * Calls on the started thing that wait for it: `join` (threads), `waitFor`/`onExit` (processes), reading
 * a process's output to its end, `awaitTermination`/`close`/`invokeAll` (a pool made for this iteration).
 */
const JOIN = /^(?:join|waitFor|onExit|getInputStream|getErrorStream|inputReader|errorReader|awaitTermination|close|invokeAll|invokeAny)$/;
/** A `break` inside these leaves them, not the loop. */
const SWITCHES = new Set(['switch_expression', 'switch_statement', 'switch_block']);
const EXITS: LoopExits = {
	holders: new Set(['block', 'switch_block_statement_group']),
	exits: new Set(['return_statement', 'throw_statement']),
	switches: SWITCHES,
};
/** The body types that make `within` a loop body rather than a handler method or a callback's arguments. */
const LOOPS = new Set(['for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement']);

/**
 * What limits a spawn inside `within` (a loop body or a handler method): a semaphore permit taken before
 * it, a wait for the same thread, process or pool later in the iteration (`t.join()`, `p.waitFor()`,
 * try-with-resources), or leaving the loop right after starting it.
 */
export function spawnLimiter(spawn: Node, loopOrHandler: Node, _file: FileContext): string | undefined {
	const within = callbackBody(spawn, loopOrHandler, 'lambda_expression');
	if (callsNamed(within, ACQUIRE).some((c) => c.endIndex <= spawn.startIndex)) {
		return 'a semaphore permit acquired before the spawn';
	}
	if (isWaitedInPlace(spawn)) {
		return 'waited for where it starts';
	}
	const handle = handleName(spawn);
	if (handle && callsNamed(within, JOIN).some((c) => c.startIndex >= spawn.endIndex && receiverText(c) === handle)) {
		return 'joined in the same iteration';
	}
	if (LOOPS.has(parentOf(within)?.type ?? '') && leavesLoopAfter(spawn, within, EXITS)) {
		return 'the loop ends after starting it';
	}
	return undefined;
}

/** The method calls of `within`'s own code whose name matches, read once per body (every spawn in it asks). */
function callsNamed(within: Node, name: RegExp): readonly Node[] {
	return remembered(within, name, (w) =>
		ownDescendants(w, 'method_invocation', isJavaFunction).filter((c) => name.test(c.childForFieldName('name')?.text ?? '')),
	);
}

/** `pb.start().waitFor()`, `exec(cmd).getInputStream()`, `try (var pool = Executors.newSingleThreadExecutor())`. */
function isWaitedInPlace(spawn: Node): boolean {
	const parent = parentSkippingParens(spawn);
	if (parent?.type === 'method_invocation' && parent.childForFieldName('object')?.id === spawn.id) {
		return JOIN.test(parent.childForFieldName('name')?.text ?? '');
	}
	return parent?.type === 'resource' || (parent?.type === 'variable_declarator' && parentOf(parent)?.type === 'resource');
}

/** The variable a spawned thread, process or pool is kept in: `t` in `Thread t = new Thread(…)`. */
function handleName(spawn: Node): string | undefined {
	const parent = parentSkippingParens(spawn);
	if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.id === spawn.id) {
		return parent.childForFieldName('name')?.text;
	}
	if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.id === spawn.id) {
		return compact(parent.childForFieldName('left')?.text ?? '');
	}
	return undefined;
}
