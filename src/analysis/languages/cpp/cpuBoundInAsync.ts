import { heavyLoopSite, type LoopJudge } from '../../heavyLoops';
import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector, FileContext, LoopScope, Site } from '../../languageSupport';
import { multipliesWork, ownDescendants, parentOf } from '../../syntaxHelpers';
import { callOf, inBrokenCode, isLibraryFunction } from './calls';
import { cppLoopScope } from './loops';
import { cppSyntax, isCppFunction, resumedOnPool } from './syntax';

const OFFLOAD = 'run it on a thread pool and `co_await` the result (e.g. `co_await asio::co_spawn(pool, …, asio::use_awaitable)`)';
const LOOP_OFFLOAD =
	'run the loop on a thread pool and `co_await` its result (e.g. `co_await asio::co_spawn(pool, …, asio::use_awaitable)`), or split it into chunks with a `co_await` between them';

/** Key derivation and whole-buffer compression: milliseconds to seconds of CPU per call. */
const HEAVY_CALLS = callTable({
	[OFFLOAD]: [
		'PKCS5_PBKDF2_HMAC',
		'PKCS5_PBKDF2_HMAC_SHA1',
		'EVP_PBE_scrypt',
		'crypto_pwhash',
		'crypto_pwhash_str',
		'crypto_pwhash_scryptsalsa208sha256',
		'argon2id_hash_raw',
		'argon2id_hash_encoded',
		'argon2i_hash_raw',
		'argon2i_hash_encoded',
		'bcrypt_hashpw',
		'compress2',
		'ZSTD_compress',
		'ZSTD_decompress',
		'LZ4_compress_default',
		'LZ4_compress_HC',
		'BZ2_bzBuffToBuffCompress',
		'BZ2_bzBuffToBuffDecompress',
	],
});
const HEAVY_NAMES = new Set(HEAVY_CALLS.fixes.keys());

const LOOP_TYPES = ['for_statement', 'for_range_loop', 'while_statement', 'do_statement'];

/**
 * Inside a coroutine: a loop of at least 100,000 iterations, or nested loops over the input, with no
 * `co_await`/`co_yield` inside; key derivation and compression calls.
 */
export const cpuBoundInAsync: Detector = {
	ruleId: 'cpu-bound-in-async',
	mode: 'in-async',
	trigger: new RegExp(`${HEAVY_CALLS.trigger.source}|\\b(?:for|while|do)\\b`, 'g'),
	detect(node, file) {
		const site = heavyWork(node, file);
		return site && !inBrokenCode(site.node) && !resumedOnPool(site.node) ? site : undefined;
	},
};

function heavyWork(node: Node, file: FileContext): Site | undefined {
	if (node.type === 'for' || node.type === 'while' || node.type === 'do') {
		const parent = parentOf(node);
		const loop = parent ? cppLoopScope(parent, file) : undefined;
		return loop ? heavyLoopSite(loop, file, JUDGE) : undefined;
	}
	const call = callOf(node);
	const name = call ? isLibraryFunction(call, HEAVY_NAMES, file) : undefined;
	return call && name ? { node: call, callee: name, instead: OFFLOAD } : undefined;
}

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	// Only nesting makes a loop heavy here, and only loops over the input multiply work.
	if (loop.bound !== 'input') {
		return undefined;
	}
	// A brace-less body may itself be the inner loop (`for (…) for (…)`): ownDescendants includes it.
	const nested = ownDescendants(loop.body, LOOP_TYPES, isCppFunction)
		.map((n) => cppLoopScope(n, file))
		.some((inner) => inner && multipliesWork(loop, inner));
	return nested ? 'nested loops over the input' : undefined;
}

/** How this language's loops are judged for heaviness (see heavyLoops.ts). */
const JUDGE: LoopJudge = {
	syntax: cppSyntax,
	loopScope: cppLoopScope,
	heaviness,
	instead: LOOP_OFFLOAD,
};
