/**
 * Caret fixtures (as in vscode-anycode): a comment line `^ rule-id` under a code line expects a finding of
 * that rule starting at the caret's column on the nearest code line above. `<- rule-id` expects it at
 * column 0. `^ rule-id suppressed` expects a finding silenced by an ignore comment. Every other finding
 * is unexpected, so each fixture is positive and negative at once.
 */
export interface Expectation {
	line: number;
	column: number;
	ruleId: string;
	suppressed: boolean;
}

const CARET = /^(\s*)(?:#|\/\/)(\s*)(\^|<-)\s*([a-z][a-z0-9-]*)(\s+suppressed)?\s*$/;

export function parseCarets(text: string): Expectation[] {
	const lines = text.split('\n');
	const expectations: Expectation[] = [];
	let lastCode = -1;
	lines.forEach((line, index) => {
		const match = CARET.exec(line);
		if (!match) {
			lastCode = index;
			return;
		}
		if (lastCode < 0) {
			throw new Error(`caret on line ${index + 1} has no code line above it`);
		}
		const column = match[3] === '<-' ? 0 : line.indexOf('^');
		expectations.push({ line: lastCode, column, ruleId: match[4], suppressed: !!match[5] });
	});
	return expectations;
}
