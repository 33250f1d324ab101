import { heavyLoopSite, type LoopJudge } from '../../heavyLoops';
import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable, wordsTrigger } from '../../callTable';
import type { Detector, FileContext, LoopScope, Site } from '../../languageSupport';
import { compact, integerLiteral, isLargeCount, ownDescendants, parentOf } from '../../syntaxHelpers';
import { aliasTrigger, callAt, isRustFunction, qualifiedCallee, macroPathCalls, pathOfCall } from './calls';
import { importsCrate, resolvePath } from './facts';
import { implicitLoop, rustLoopScope, unwrap } from './loops';
import { rustSyntax } from './syntax';

const OFFLOAD = '`tokio::task::spawn_blocking(move || …).await` (or rayon)';

/** Password hashing and key derivation: tens to hundreds of milliseconds of CPU per call, by design. */
const HEAVY = callTable({
	[OFFLOAD]: [
		'bcrypt::hash',
		'bcrypt::verify',
		'bcrypt::hash_with_result',
		'bcrypt::hash_with_salt',
		'pbkdf2::pbkdf2',
		'pbkdf2::pbkdf2_hmac',
		'pbkdf2::pbkdf2_hmac_array',
		'scrypt::scrypt',
		'argon2::hash_encoded',
		'argon2::hash_raw',
		'argon2::verify_encoded',
		'argon2::verify_raw',
		'ring::pbkdf2::derive',
		'ring::pbkdf2::verify',
	],
});
/** `PasswordHasher` / `PasswordVerifier` trait methods, when the file uses a crate that implements them. */
const HASHER_METHODS = new Set(['hash_password', 'verify_password', 'hash_password_into', 'hash_password_customized']);
const HASHER_CRATES = /^(?:argon2|scrypt|pbkdf2|password_hash|balloon_hash)$/;
/** One-shot digests: cheap once, heavy once per item of the input. */
const DIGEST =
	/^(?:sha1|sha2|sha3|md5|md-5|blake2|blake3|ring::digest)::|::(?:Sha\d+|Sha3_\d+|Sha512_256|Md5|Sha1|Blake2[bs]\w*|Keccak\d+)::digest$|^blake3::hash$|^md5::compute$/;

/** The heavy calls and hasher methods by their last segment, called or given types: `hash(`, `derive::<`. */
const HEAVY_CALL = wordsTrigger([...[...HEAVY.fixes.keys()].map((path) => path.split('::').pop()!), ...HASHER_METHODS], String.raw`(?=\s*(?:\(|::<))`);

const LOOP_KEYWORDS = /^(?:for|while)$/;
const EXPLICIT_LOOPS = ['for_expression'];

export const cpuBoundInAsync: Detector = {
	ruleId: 'cpu-bound-in-async',
	mode: 'in-async',
	trigger: new RegExp(String.raw`\b(?:for|while)\b|${HEAVY_CALL.source}|\.\.=?\s*\d[\d_]{5,}`, 'g'),
	fileTrigger: (file) => aliasTrigger(file, (full) => HEAVY.fixes.has(full), new Set()),
	detect(node, file) {
		if (LOOP_KEYWORDS.test(node.type)) {
			const parent = parentOf(node);
			const loop = parent ? rustLoopScope(parent, file) : undefined;
			return loop ? heavyLoopSite(loop, file, JUDGE) : undefined;
		}
		if (node.type === 'range_expression' || node.type === '..' || node.type === '..=' || node.type === 'integer_literal') {
			return heavyRangeChain(node, file);
		}
		const info = callAt(node);
		if (!info || info.awaited) {
			return undefined;
		}
		if (info.path) {
			const full = qualifiedCallee(info, file, (p) => HEAVY.fixes.has(p));
			return full
				? { node: info.node, callee: compact(info.path), instead: OFFLOAD, detail: /pbkdf2|scrypt|derive/.test(full) ? 'key derivation' : 'password hashing' }
				: undefined;
		}
		if (info.method && HASHER_METHODS.has(info.method) && info.method === node.text && importsCrate(file, HASHER_CRATES)) {
			return { node: info.node, callee: info.method, instead: OFFLOAD, detail: 'password hashing' };
		}
		return undefined;
	},
};

/** `(0..10_000_000).map(|i| …).sum()`: an iterator chain over a huge literal range. */
function heavyRangeChain(token: Node, file: FileContext): Site | undefined {
	let range: Node | null = token;
	while (range && range.type !== 'range_expression') {
		range = parentOf(range);
	}
	const end = range?.namedChildren[range.namedChildCount - 1];
	if (!range || !end || !isLargeCount(integerLiteral(end.text)) || parentOf(range)?.type !== 'parenthesized_expression') {
		return undefined;
	}
	// Climb the chain to the first adapter that takes a closure: that is the loop.
	for (
		let n: Node | null = parentOf(range);
		n && (n.type === 'field_expression' || n.type === 'call_expression' || n.type === 'parenthesized_expression' || n.type === 'generic_function');
		n = parentOf(n)
	) {
		const loop = n.type === 'call_expression' ? implicitLoop(n, file) : undefined;
		if (loop && isLargeCount(loop.count)) {
			const method = loop.label.slice(loop.label.lastIndexOf('.'));
			return { node: parentOf(range)!, callee: `(${range.text})${method}`, instead: OFFLOAD, detail: `${loop.count!.toLocaleString('en-US')} iterations` };
		}
	}
	return undefined;
}

function heaviness(loop: LoopScope, file: FileContext): string | undefined {
	if (loop.bound !== 'input') {
		return undefined;
	}
	if (loop.node.type === 'for_expression' && hasIndependentInnerLoop(loop, file)) {
		return 'nested loops over the input';
	}
	const paths = [
		...ownDescendants(loop.body, 'call_expression', isRustFunction).map(pathOfCall),
		...ownDescendants(loop.body, 'macro_invocation', isRustFunction).flatMap((m) => macroPathCalls(m).map((c) => c.path)),
	];
	const hashes = paths.some((path) => !!path && resolvePath(file, path).some((p) => DIGEST.test(p)));
	return hashes ? 'hashing on every iteration' : undefined;
}

/**
 * An inner `for` (or `.for_each`) over the input that does not iterate the outer item: `for a in &points {
 * for b in &points` is quadratic; `for order in &orders { for line in &order.lines` walks a nested structure once.
 */
function hasIndependentInnerLoop(outer: LoopScope, file: FileContext): boolean {
	const inner = [
		...ownDescendants(outer.body, EXPLICIT_LOOPS, isRustFunction).map((n) => rustLoopScope(n, file)),
		...ownDescendants(outer.body, 'call_expression', isRustFunction)
			.map((c) => implicitLoop(c, file))
			.filter((l) => l && /\.for_each\(/.test(l.label)),
	];
	const local = boundNames(outer);
	return inner.some((loop) => {
		if (!loop || loop.bound !== 'input') {
			return false;
		}
		// What the inner loop runs over: for a range, its end (`(i + 1)..n` still walks the whole input).
		const written = loop.node.childForFieldName('value') ?? loop.node.childForFieldName('function');
		let over = written && unwrap(written);
		if (over?.type === 'range_expression') {
			over = over.namedChildren[over.namedChildCount - 1] ?? over;
		}
		const words = (over?.text ?? '').split(/[^\w]+/);
		return !words.some((w) => local.has(w));
	});
}

/** The outer loop's pattern variables and the `let`s in its body. */
function boundNames(outer: LoopScope): Set<string> {
	const names = new Set<string>();
	const patterns = [outer.node, ...outer.body.descendantsOfType('let_declaration')].map((n) => n?.childForFieldName('pattern'));
	for (const id of patterns.flatMap((pattern) => pattern?.descendantsOfType('identifier') ?? [])) {
		if (id) {
			names.add(id.text);
		}
	}
	return names;
}

const RUST_LOOPS = ['for_expression', 'while_expression', 'loop_expression'];

/** How this language's loops are judged for heaviness (see heavyLoops.ts). */
const JUDGE: LoopJudge = {
	syntax: rustSyntax,
	loopScope: (n, f) => (RUST_LOOPS.includes(n.type) ? rustLoopScope(n, f) : undefined),
	heaviness,
	instead: OFFLOAD,
};
