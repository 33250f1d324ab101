import type { Detector } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { callOf, qualifiedCallee, type JsFacts } from './syntax';

/** Node modules whose `*Sync` functions block on I/O or a child process (CPU-bound ones are another rule). */
const IO_SYNC = /^(?:fs|child_process)\.(\w+)Sync$/;

/** The promise-based equivalent for a `fs.*Sync` function. */
function fsFix(base: string): string {
	return base === 'exists' ? '`await fs.promises.access(…)` (or `stat`)' : `\`await fs.promises.${base}(…)\` (from \`node:fs/promises\`)`;
}

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	// `Sync(` alone (not the whole identifier) keeps the scan a plain substring search; the engine takes the
	// identifier around the hit.
	trigger: /Sync(?=\s*\()|\bwait(?=\s*\()/g,
	fileTrigger(file) {
		const aliases = [...file.facts<JsFacts>().bindings].filter(([local, q]) => IO_SYNC.test(q) && !local.endsWith('Sync')).map(([local]) => local);
		return aliases.length ? new RegExp(`\\b(?:${aliases.join('|')})(?=\\s*\\()`, 'g') : undefined;
	},
	detect(node, file) {
		const call = callOf(node);
		if (!call || call.type !== 'call_expression') {
			return undefined;
		}
		const name = qualifiedCallee(call, file);
		const sync = name ? IO_SYNC.exec(name) : undefined;
		if (name && sync) {
			const instead = name.startsWith('fs.') ? fsFix(sync[1]) : `\`await promisify(${sync[1]})(…)\` from \`node:util\`, or \`spawn\` and await its 'close' event`;
			return { node: call, callee: name, instead };
		}
		const callee = compact(call.childForFieldName('function')?.text ?? '');
		if (callee === 'Atomics.wait' && !file.facts<JsFacts>().bindings.has('Atomics')) {
			return { node: call, callee, instead: '`await Atomics.waitAsync(…).value`' };
		}
		return undefined;
	},
};
