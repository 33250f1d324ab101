import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope, Site, SyntaxModel } from './languageSupport';
import { containsAwait, isLargeCount, parentOf } from './syntaxHelpers';

/** How one language judges loops for `cpu-bound-in-async`. */
export interface LoopJudge {
	/** The language's syntax: its functions and await points. */
	syntax: SyntaxModel;
	/** The loops that count here (a language may leave out some of its `loopScope`s). */
	loopScope(node: Node, file: FileContext): LoopScope | undefined;
	/** What makes a loop heavy besides a large literal count (nested loops over input, hashing per item). */
	heaviness(loop: LoopScope, file: FileContext): string | undefined;
	/** The fix the finding suggests. */
	instead: string;
}

/**
 * The site of a CPU-heavy loop: heavy (a large literal count, or what the language adds), with no await
 * inside, and not inside a heavy loop of the same function, which is reported instead.
 */
export function heavyLoopSite(loop: LoopScope, file: FileContext, judge: LoopJudge): Site | undefined {
	const detail = heavinessOf(loop, file, judge);
	if (!detail || containsAwait(loop.node, judge.syntax) || enclosingLoopIsHeavy(loop, file, judge)) {
		return undefined;
	}
	return { node: loop.node, callee: loop.label, instead: judge.instead, detail };
}

function heavinessOf(loop: LoopScope, file: FileContext, judge: LoopJudge): string | undefined {
	return isLargeCount(loop.count) ? `${loop.count!.toLocaleString('en-US')} iterations` : judge.heaviness(loop, file);
}

function enclosingLoopIsHeavy(loop: LoopScope, file: FileContext, judge: LoopJudge): boolean {
	for (let p: Node | null = parentOf(loop.node); p && !judge.syntax.isFunction(p); p = parentOf(p)) {
		const outer = judge.loopScope(p, file);
		if (outer && outer.node.id !== loop.node.id && heavinessOf(outer, file, judge) && !containsAwait(outer.node, judge.syntax)) {
			return true;
		}
	}
	return false;
}
