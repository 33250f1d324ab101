/**
 * Builds a lookup from qualified call names to the fix a message suggests, from groups that share a fix:
 * `{ 'await asyncio.sleep(…)': ['time.sleep'] }`. Also yields the trigger regex: the last segment of every
 * name, followed by an opening parenthesis (or `!(` for Rust macros, `<` for generic calls).
 */
export interface CallTable {
	readonly fixes: ReadonlyMap<string, string>;
	readonly trigger: RegExp;
	fixFor(qualifiedName: string | undefined): string | undefined;
}

export function callTable(groups: Record<string, readonly string[]>, extraWords: readonly string[] = [], separator = /\.|::/): CallTable {
	const fixes = new Map<string, string>();
	for (const [fix, names] of Object.entries(groups)) {
		for (const name of names) {
			fixes.set(name, fix);
		}
	}
	const words = new Set([...[...fixes.keys()].map((n) => n.split(separator).pop()!), ...extraWords]);
	const trigger = wordsTrigger([...words]);
	return { fixes, trigger, fixFor: (name) => (name === undefined ? undefined : fixes.get(name)) };
}

/** A global regex matching any of `words` as a whole word followed by `(`, `!(`, `<` or `{`. */
export function wordsTrigger(words: readonly string[], follow = String.raw`(?=\s*(?:\(|!\s*\(|<|\{))`): RegExp {
	const alternatives = [...new Set(words)].sort((a, b) => b.length - a.length).map((w) => w.replace(/[$]/g, '\\$'));
	return new RegExp(String.raw`\b(?:${alternatives.join('|')})\b${follow}`, 'g');
}
