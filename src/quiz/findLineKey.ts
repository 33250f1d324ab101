import type { Finding, LanguageId } from '../analysis/types';
import type { FindLineQuestion } from './types';

/** The find-the-line key: the 1-based lines where the analyzer reports the question's rule in its snippet. */
export async function flaggedLines(
	question: FindLineQuestion & { key?: number[] },
	analyzer: { analyze(text: string, languageId: LanguageId): Promise<Finding[]> },
): Promise<number[]> {
	// Questions built from the learner's code carry the key of the analysis of their whole file.
	if (question.key) {
		return question.key;
	}
	const findings = await analyzer.analyze(question.code, question.language);
	return [...new Set(findings.filter((f) => f.ruleId === question.rule && !f.suppressed).map((f) => f.range.startLine + 1))];
}
