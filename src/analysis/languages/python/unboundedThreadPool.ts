import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector } from '../../languageSupport';
import { callOf, qualifiedCallee } from './syntax';

const POOLS = callTable({
	'size the pool from the machine: `max_workers=min(32, os.cpu_count() + 4)` for I/O, `os.cpu_count()` for CPU work': [
		'concurrent.futures.ThreadPoolExecutor',
		'concurrent.futures.ProcessPoolExecutor',
		'multiprocessing.Pool',
		'multiprocessing.pool.ThreadPool',
		'multiprocessing.pool.Pool',
	],
});

/** Keyword and position of the size argument of each pool constructor. */
const SIZE_KEYWORDS = new Set(['max_workers', 'processes']);

export const unboundedThreadPool: Detector = {
	ruleId: 'unbounded-thread-pool',
	mode: 'anywhere',
	trigger: POOLS.trigger,
	statementHint: /\blen\s*\(/,
	detect(node, file) {
		const call = callOf(node);
		const name = call ? qualifiedCallee(call, file) : undefined;
		const fix = POOLS.fixFor(name);
		const size = call && fix ? sizeArgument(call) : undefined;
		// `min(len(items), 8)` is capped; a bare `len(items)` is not.
		if (!call || !fix || !size || !/\blen\s*\(/.test(size.text) || /^min\s*\(/.test(size.text)) {
			return undefined;
		}
		return { node: call, callee: name!.split('.').pop()!, instead: fix, detail: `sized by \`${size.text}\`` };
	},
};

function sizeArgument(call: Node): Node | undefined {
	const args = call.childForFieldName('arguments')?.namedChildren ?? [];
	for (const arg of args) {
		if (arg?.type === 'keyword_argument' && SIZE_KEYWORDS.has(arg.childForFieldName('name')?.text ?? '')) {
			return arg.childForFieldName('value') ?? undefined;
		}
	}
	const first = args[0];
	return first && first.type !== 'keyword_argument' ? first : undefined;
}
