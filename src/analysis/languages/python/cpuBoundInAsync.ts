import { heavyLoopSite, type LoopJudge } from '../../heavyLoops';
import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector, FileContext, LoopScope } from '../../languageSupport';
import { multipliesWork, ownDescendants, parentOf } from '../../syntaxHelpers';
import { callOf, isPythonFunction, pythonSyntax, qualifiedCallee } from './syntax';

const OFFLOAD = '`await asyncio.to_thread(…)` (hashlib and zlib release the GIL) or `await loop.run_in_executor(process_pool, …)`';

const HEAVY_CALLS = callTable({
	[OFFLOAD]: [
		'hashlib.pbkdf2_hmac',
		'hashlib.scrypt',
		'bcrypt.hashpw',
		'bcrypt.checkpw',
		'bcrypt.kdf',
		'scrypt.hash',
		...['zlib', 'gzip', 'bz2', 'lzma'].flatMap((m) => [`${m}.compress`, `${m}.decompress`]),
	],
});

const HASHING = /^(?:hashlib\.\w+|hmac\.(?:new|digest))$/;
const LOOP_TYPES = ['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];
const LOOP_OFFLOAD =
	'move the loop into a function and run it with `await loop.run_in_executor(process_pool, fn, …)` (pure-Python CPU work holds the GIL), or `await asyncio.sleep(0)` between chunks';

export const cpuBoundInAsync: Detector = {
	ruleId: 'cpu-bound-in-async',
	mode: 'in-async',
	trigger: new RegExp(`${HEAVY_CALLS.trigger.source}|\\b(?:for|while)\\b`, 'g'),
	detect(node, file) {
		if (node.type === 'for' || node.type === 'while') {
			const loopNode = parentOf(node)?.type === 'for_in_clause' ? parentOf(parentOf(node)) : parentOf(node);
			const loop = loopNode ? pythonSyntax.loopScope(loopNode, file) : undefined;
			return loop ? heavyLoopSite(loop, file, JUDGE) : undefined;
		}
		const call = callOf(node);
		const name = call ? qualifiedCallee(call, file) : undefined;
		const fix = HEAVY_CALLS.fixFor(name);
		return call && fix && name ? { node: call, callee: name, instead: fix } : undefined;
	},
};

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	if (loop.bound !== 'input' && loop.bound !== 'large-constant') {
		return undefined;
	}
	// Text checks first: most loops have no loop or hash call inside, and then no tree search is needed.
	const body = loop.body.text;
	const inner =
		/\b(?:for|while)\b/.test(body) &&
		ownDescendants(loop.body, LOOP_TYPES, isPythonFunction).some((n) => {
			const scope = pythonSyntax.loopScope(n, file);
			return !!scope && multipliesWork(loop, scope);
		});
	if (inner || nestedComprehension(loop)) {
		return 'nested loops over the input';
	}
	const hashes =
		/\b(?:hashlib|hmac|sha\w*|md5|blake2\w*|new)\s*[.(]/.test(body) &&
		ownDescendants(loop.body, 'call', isPythonFunction).some((c) => HASHING.test(qualifiedCallee(c, file) ?? ''));
	return hashes ? 'hashing on every iteration' : undefined;
}

/** `[f(a, b) for a in xs for b in ys]`: a second `for` clause over input that does not walk the first's items. */
function nestedComprehension(loop: LoopScope): boolean {
	if (!loop.implicit) {
		return false;
	}
	const clauses = loop.node.namedChildren.filter((c): c is Node => c?.type === 'for_in_clause');
	return clauses.slice(1).some((clause) => {
		const source = clause.childForFieldName('right')?.text ?? '';
		return !(loop.variables ?? []).some((v) => new RegExp(`\\b${v}\\b`).test(source));
	});
}

/** How this language's loops are judged for heaviness (see heavyLoops.ts). */
const JUDGE: LoopJudge = {
	syntax: pythonSyntax,
	loopScope: (n, f) => pythonSyntax.loopScope(n, f),
	heaviness,
	instead: LOOP_OFFLOAD,
};
