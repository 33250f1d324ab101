import { heavyLoopSite, type LoopJudge } from '../../heavyLoops';
import type { Detector, FileContext, LoopScope } from '../../languageSupport';
import { multipliesWork, ownDescendants, parentOf } from '../../syntaxHelpers';
import { callOf, isJsFunction, jsSyntax, qualifiedCallee } from './syntax';

/** Synchronous CPU-heavy APIs: key derivation, key generation, compression. */
const HEAVY =
	/^(?:crypto\.(?:pbkdf2|scrypt|generateKeyPair|generateKey|generatePrime|hkdf)Sync|zlib\.\w+Sync|(?:bcrypt|bcryptjs)\.(?:hash|compare|genSalt)Sync)$/;
/** The fix for one heavy call: its own async form, named exactly, or a Worker. */
function heavyFix(name: string): string {
	const [module, sync] = name.split('.');
	const call = `${module}.${sync.replace(/Sync$/, '')}`;
	return module === 'crypto' || module === 'zlib'
		? `\`await promisify(${call})(…)\` (from \`node:util\`), which runs on libuv's thread pool, or a \`worker_threads\` Worker`
		: `\`await ${call}(…)\`, the library's asynchronous form, or a \`worker_threads\` Worker`;
}
const LOOP_FIX =
	'move the computation to a `worker_threads` Worker (or a pool such as piscina) and await its message, or split it into chunks with `await new Promise(setImmediate)` between them';
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
			const parent = parentOf(node);
			const loop = parent ? jsSyntax.loopScope(parent, file) : undefined;
			return loop && !loop.implicit ? heavyLoopSite(loop, file, JUDGE) : undefined;
		}
		const call = callOf(node);
		const name = call?.type === 'call_expression' ? qualifiedCallee(call, file) : undefined;
		return call && name && HEAVY.test(name) ? { node: call, callee: name, instead: heavyFix(name) } : undefined;
	},
};

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	if (loop.bound !== 'input') {
		return undefined;
	}
	// Text checks first: most loops have no loop or hash call inside, and then no tree search is needed.
	const body = loop.body.text;
	const inner =
		/\b(?:for|while|do)\b/.test(body) &&
		ownDescendants(loop.body, LOOP_STATEMENTS, isJsFunction).some((n) => {
			const nested = jsSyntax.loopScope(n, file);
			return nested !== undefined && multipliesWork(loop, nested);
		});
	if (inner) {
		return 'nested loops over the input';
	}
	const hashes =
		/create(?:Hash|Hmac)|\bhash\s*\(/.test(body) &&
		ownDescendants(loop.body, 'call_expression', isJsFunction).some((c) => HASHING.test(qualifiedCallee(c, file) ?? ''));
	return hashes ? 'hashing on every iteration' : undefined;
}

/** How this language's loops are judged for heaviness (see heavyLoops.ts). */
const JUDGE: LoopJudge = {
	syntax: jsSyntax,
	loopScope: (n, f) => {
		const loop = jsSyntax.loopScope(n, f);
		return loop && !loop.implicit ? loop : undefined;
	},
	heaviness,
	instead: LOOP_FIX,
};
