import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, LoopScope, Site } from '../../languageSupport';
import { isLargeCount, multipliesWork, ownDescendants } from '../../syntaxHelpers';
import { callOf, isJsFunction, jsSyntax, qualifiedCallee } from './syntax';

/** Synchronous CPU-heavy APIs: key derivation, key generation, compression. */
const HEAVY = /^(?:crypto\.(?:pbkdf2|scrypt|generateKeyPair|generateKey|generatePrime|hkdf)Sync|zlib\.\w+Sync|(?:bcrypt|bcryptjs)\.(?:hash|compare|genSalt)Sync)$/;
const HEAVY_FIX = 'the async form (`await promisify(crypto.pbkdf2)(…)`, `zlib.gzip` with a callback), which runs on libuv\'s thread pool, or a `worker_threads` Worker';
const LOOP_FIX = 'move the computation to a `worker_threads` Worker (or a pool such as piscina) and await its message, or split it into chunks with `await new Promise(setImmediate)` between them';
const HASHING = /^crypto\.(?:createHash|createHmac|hash)$/;
const LOOP_STATEMENTS = ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'];

/**
 * Explicit loop statements only: nested `map`/`filter` callbacks are everywhere in JavaScript and nearly
 * always small, so counting them as heavy would cry wolf.
 */
export const cpuBoundInAsync: Detector = {
	ruleId: 'cpu-bound-in-async',
	mode: 'in-async',
	trigger: /Sync(?=\s*\()|\b(?:for|while|do)\b/g,
	detect(node, file) {
		if (node.type === 'for' || node.type === 'while' || node.type === 'do') {
			const loop = node.parent ? jsSyntax.loopScope(node.parent, file) : undefined;
			return loop && !loop.implicit ? heavyLoop(loop, file) : undefined;
		}
		const call = callOf(node);
		const name = call?.type === 'call_expression' ? qualifiedCallee(call, file) : undefined;
		return call && name && HEAVY.test(name) ? { node: call, callee: name, instead: HEAVY_FIX } : undefined;
	},
};

function heavyLoop(loop: LoopScope, file: FileContext): Site | undefined {
	const detail = heaviness(loop, file);
	if (!detail || jsSyntax.containsAwait(loop.body) || enclosingLoopIsHeavy(loop, file)) {
		return undefined;
	}
	return { node: loop.node, callee: loop.label, instead: LOOP_FIX, detail };
}

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	if (isLargeCount(loop.count)) {
		return `${loop.count!.toLocaleString('en-US')} iterations`;
	}
	if (loop.bound !== 'input') {
		return undefined;
	}
	// Text checks first: most loops have no loop or hash call inside, and then no tree search is needed.
	const body = loop.body.text;
	const inner = /\b(?:for|while|do)\b/.test(body) && ownDescendants(loop.body, LOOP_STATEMENTS, isJsFunction).some((n) => {
		const nested = jsSyntax.loopScope(n, file);
		return nested !== undefined && multipliesWork(loop, nested);
	});
	if (inner) {
		return 'nested loops over the input';
	}
	const hashes = /create(?:Hash|Hmac)|\bhash\s*\(/.test(body) && ownDescendants(loop.body, 'call_expression', isJsFunction).some((c) => HASHING.test(qualifiedCallee(c, file) ?? ''));
	return hashes ? 'hashing on every iteration' : undefined;
}

function enclosingLoopIsHeavy(loop: LoopScope, file: FileContext): boolean {
	for (let p: Node | null = loop.node.parent; p && !isJsFunction(p); p = p.parent) {
		const outer = jsSyntax.loopScope(p, file);
		if (outer && !outer.implicit && !jsSyntax.containsAwait(outer.body) && heaviness(outer, file)) {
			return true;
		}
	}
	return false;
}
