/**
 * In-source suppression: `<comment> concurrency-lens: ignore[rule-id, other-rule] reason`, on the flagged
 * line or on a comment-only line just above it. The reason is required: a suppression without one does
 * not apply, and the finding says why.
 */

export type SuppressionMatch = { kind: 'suppressed'; reason: string; line: number } | { kind: 'missing-reason'; line: number };

const SUPPRESSION = /(?:#|\/\/|\/\*)\s*concurrency-lens:\s*ignore\[([^\]]*)\]([^\n]*)$/;

/** `column` is where the comment starts, for the caller to confirm it really is a comment. */
interface ParsedSuppression {
	rules: string[];
	reason: string;
	column: number;
}

export function parseSuppression(lineText: string): ParsedSuppression | undefined {
	const match = SUPPRESSION.exec(lineText);
	if (!match) {
		return undefined;
	}
	const rules = match[1]
		.split(',')
		.map((r) => r.trim())
		.filter((r) => r.length > 0);
	const reason = match[2].replace(/\*\/\s*$/, '').trim();
	return { rules, reason, column: match.index };
}

/**
 * Looks for a suppression of `ruleId` for a finding on `line`. `isComment(line, column)` tells whether the
 * text at that position is inside a comment, so a suppression-looking string literal does not count.
 */
export function findSuppression(
	lines: readonly string[],
	line: number,
	ruleId: string,
	isComment: (line: number, column: number) => boolean,
): SuppressionMatch | undefined {
	const candidates = [line];
	if (line > 0 && /^\s*(#|\/\/|\/\*)/.test(lines[line - 1] ?? '')) {
		candidates.push(line - 1);
	}
	for (const candidate of candidates) {
		const parsed = parseSuppression(lines[candidate] ?? '');
		if (!parsed || !(parsed.rules.includes(ruleId) || parsed.rules.includes('*'))) {
			continue;
		}
		if (!isComment(candidate, parsed.column)) {
			continue;
		}
		return parsed.reason ? { kind: 'suppressed', reason: parsed.reason, line: candidate } : { kind: 'missing-reason', line: candidate };
	}
	return undefined;
}

/** The comment text a quick fix inserts (without the comment marker). */
export function suppressionComment(ruleId: string, reason: string): string {
	return `concurrency-lens: ignore[${ruleId}] ${reason.trim()}`;
}
