import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { callbackBody, leavesLoopAfter, type LoopExits } from '../../loopHelpers';
import { compact, LIMITER_NAME, ownDescendants, parentOf, remembered } from '../../syntaxHelpers';
import { enclosingDeclaration, isGoFunction } from './facts';

// --- What bounds a goroutine spawn

/** Methods that take a permit: `semaphore.Weighted.Acquire`, `TryAcquire`, and hand-written `acquire`. */
const ACQUIRE = /^(?:Acquire|TryAcquire|acquire|tryAcquire)$/;
/** A `break` inside these leaves them, not the loop. */
const SWITCHES = new Set(['expression_switch_statement', 'type_switch_statement', 'select_statement']);
/** Nodes whose children are statements in order: where a `return` or `break` after the spawn can sit. */
const STATEMENT_HOLDERS = new Set(['statement_list', 'block', 'expression_case', 'type_case', 'communication_case', 'default_case']);
const EXITS: LoopExits = { holders: STATEMENT_HOLDERS, exits: new Set(['return_statement']), switches: SWITCHES };

/**
 * What limits a `go` statement or `g.Go(…)` call inside `within` (a loop body or a handler): a token sent
 * to a buffered channel or a semaphore acquired before it, `g.SetLimit(n)` on the same errgroup, a wait
 * for it in the same iteration, or leaving the loop right after starting it.
 */
export function spawnLimiter(spawn: Node, loopOrHandler: Node, file: FileContext): string | undefined {
	const within = callbackBody(spawn, loopOrHandler, 'func_literal');
	const before = (n: Node | null): n is Node => !!n && n.endIndex <= spawn.startIndex;
	const after = (n: Node | null): n is Node => !!n && n.startIndex >= spawn.endIndex;
	if (ownOf(within, 'send_statement', isTokenSend).some(before)) {
		return 'a token sent to a buffered channel before the spawn';
	}
	const receives = ownOf(within, 'unary_expression', isReceive);
	if (ownOf(within, 'unary_expression', isTokenReceive).some(before)) {
		return 'a token taken from a channel before the spawn';
	}
	if (ownOf(within, 'call_expression', isAcquire).some(before)) {
		return 'a semaphore acquired before the spawn';
	}
	if (spawn.type === 'call_expression' && hasSetLimit(spawn, file)) {
		return 'errgroup.SetLimit';
	}
	const added = ownOf(within, 'call_expression', isAdd)
		.filter(before)
		.map((c) => receiverText(c));
	const waitsForSpawn = (c: Node) => mentions(spawn, receiverText(c)) || added.includes(receiverText(c));
	if (
		ownOf(within, 'call_expression', isWait).some((c) => after(c) && waitsForSpawn(c)) ||
		receives.some((r) => after(r) && receivesFromSpawnChannel(r, spawn))
	) {
		return 'waited for in the same iteration';
	}
	if (parentOf(within)?.type === 'for_statement' && leavesLoopAfter(spawn, within, EXITS)) {
		return 'the loop ends after starting it';
	}
	return undefined;
}

/** The nodes of a type in `within`'s own code that pass `test`, read once per body (every spawn in it asks). */
function ownOf(within: Node, type: string, test: (n: Node) => boolean): readonly Node[] {
	return remembered(within, test, (w) => ownDescendants(w, type, isGoFunction).filter(test));
}

const isReceive = (u: Node) => u.child(0)?.type === '<-';
const isTokenReceive = (u: Node) => isReceive(u) && LIMITER_NAME.test(lastSegment(u.childForFieldName('operand')));
const isAdd = (c: Node) => methodName(c) === 'Add';

/** `sem <- struct{}{}`, `tokens <- 1`: the send that takes a slot of a buffered channel. */
function isTokenSend(send: Node): boolean {
	const value = compact(send.childForFieldName('value')?.text ?? '');
	return value === 'struct{}{}' || LIMITER_NAME.test(lastSegment(send.childForFieldName('channel')));
}

function isAcquire(call: Node): boolean {
	const fn = call.childForFieldName('function');
	const method = fn?.type === 'selector_expression' ? (fn.childForFieldName('field')?.text ?? '') : (fn?.text ?? '');
	if (ACQUIRE.test(method)) {
		return true;
	}
	// `limiter.Wait(ctx)` on a limiter (x/time/rate or a hand-written one) throttles each start.
	const args = call.childForFieldName('arguments')?.namedChildCount ?? 0;
	return method === 'Wait' && args > 0 && fn?.type === 'selector_expression' && LIMITER_NAME.test(lastSegment(fn.childForFieldName('operand')));
}

/** `wg.Wait()`, `g.Wait()`: waits for what was started before it, when the spawn is part of that group. */
function isWait(call: Node): boolean {
	return methodName(call) === 'Wait' && call.childForFieldName('arguments')?.namedChildCount === 0;
}

function methodName(call: Node): string | undefined {
	const fn = call.childForFieldName('function');
	return fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : undefined;
}

function receiverText(call: Node): string {
	const fn = call.childForFieldName('function');
	return fn?.type === 'selector_expression' ? compact(fn.childForFieldName('operand')?.text ?? '') : '';
}

/** Whether the spawn's text names `name` (`wg` in `go func() { defer wg.Done() }()`, `done` in `go work(done)`). */
function mentions(spawn: Node, name: string): boolean {
	// The name comes from broken code too (a mutated file names a whole statement): escape every special character.
	return name !== '' && new RegExp(`(?<![\\w.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(spawn.text);
}

/** `<-done` after `go work(done)`: the loop waits for the goroutine's answer before going on. */
function receivesFromSpawnChannel(receive: Node, spawn: Node): boolean {
	const operand = receive.childForFieldName('operand');
	return (operand?.type === 'identifier' || operand?.type === 'selector_expression') && mentions(spawn, compact(operand.text));
}

/** `g.SetLimit(n)` on the group whose `Go` is called, earlier in the function (or anywhere for a field). */
function hasSetLimit(call: Node, file: FileContext): boolean {
	const fn = call.childForFieldName('function');
	const receiver = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : undefined;
	if (!receiver) {
		return false;
	}
	const setLimit = new RegExp(`\\b${compact(receiver.text).replace(/\./g, '\\s*\\.\\s*')}\\s*\\.\\s*SetLimit\\s*\\(`);
	if (receiver.type !== 'identifier') {
		return setLimit.test(file.text);
	}
	const scope = enclosingDeclaration(call);
	return setLimit.test(file.text.slice(scope?.startIndex ?? 0, call.startIndex));
}

function lastSegment(node: Node | null): string {
	if (!node) {
		return '';
	}
	return node.type === 'selector_expression' ? (node.childForFieldName('field')?.text ?? '') : compact(node.text);
}
