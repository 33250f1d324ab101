import type { Detector } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { callOf, qualifiedCallee, createJsFacts } from './syntax';

/**
 * Modules whose `*Sync` functions block on I/O or a child process (CPU-bound ones are another rule): Node's
 * own, and the drop-in replacements for `fs` that keep its sync API.
 */
const IO_SYNC = /^(fs|fs-extra|graceful-fs|child_process)\.(\w+)Sync$/;
/** Deno's file and process APIs: `Deno.readTextFileSync` and its awaited twin `Deno.readTextFile`. */
const DENO_SYNC = /^Deno\.(\w+)Sync$/;

/** The promise-based equivalent for a `*Sync` function of `module`. */
function syncFix(module: string, base: string): string {
	if (module === 'child_process') {
		return `\`await promisify(${base})(…)\` from \`node:util\`, or \`spawn\` and await its 'close' event`;
	}
	if (module === 'fs-extra') {
		return `\`await ${base}(…)\` (fs-extra's promise form)`;
	}
	return base === 'exists' ? '`await fs.promises.access(…)` (or `stat`)' : `\`await fs.promises.${base}(…)\` (from \`node:fs/promises\`)`;
}

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	// `Sync(` alone (not the whole identifier) keeps the scan a plain substring search; the engine takes the
	// identifier around the hit.
	trigger: /Sync(?=\s*\()|\bwait(?=\s*\()/g,
	fileTrigger(file) {
		const aliases = [...file.facts(createJsFacts).bindings].filter(([local, q]) => IO_SYNC.test(q) && !local.endsWith('Sync')).map(([local]) => local);
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
			return { node: call, callee: name, instead: syncFix(sync[1], sync[2]) };
		}
		const callee = compact(call.childForFieldName('function')?.text ?? '');
		// `Atomics` and `Deno` are globals: a name the file binds itself is something else.
		if (file.facts(createJsFacts).bindings.has(callee.split('.')[0])) {
			return undefined;
		}
		if (callee === 'Atomics.wait') {
			return { node: call, callee, instead: '`await Atomics.waitAsync(…).value`' };
		}
		const deno = DENO_SYNC.exec(callee);
		return deno ? { node: call, callee, instead: `\`await Deno.${deno[1]}(…)\`` } : undefined;
	},
};
