import type { ChoiceQuestion, Question, QuestionKind } from './types';

/**
 * Test-taking cues a quiz must not have. A learner who always picks the longest option, or ticks most boxes
 * in a multiple-select question, should score no better than chance.
 */

/** Choice questions with one right option among three or more, where length could give the answer away. */
function oneAnswerChoices(questions: readonly Question[]): ChoiceQuestion[] {
	return questions.filter((q): q is ChoiceQuestion => 'options' in q && q.kind !== 'multiple' && q.options.length >= 3);
}

/** The right option is strictly longer than every other one. */
export function rightIsLongest(q: ChoiceQuestion): boolean {
	const right = q.options.find((o) => o.correct)!.text.length;
	return q.options.every((o) => o.correct || o.text.length < right);
}

/** At most a third of a file's one-answer questions may have the right option as the longest (chance is ¼ with four options). */
export const LONGEST_RIGHT_LIMIT = 1 / 3;

/** One problem per quiz file whose right options are systematically the longest. */
export function lengthCueProblems(questions: readonly Question[]): { file: string; problem: string }[] {
	const byFile = new Map<string, ChoiceQuestion[]>();
	for (const q of oneAnswerChoices(questions)) {
		byFile.set(q.file, [...(byFile.get(q.file) ?? []), q]);
	}
	return [...byFile].flatMap(([file, qs]) => {
		const longest = qs.filter(rightIsLongest);
		return longest.length > Math.ceil(qs.length * LONGEST_RIGHT_LIMIT)
			? [
					{
						file,
						problem: `the right option is the longest in ${longest.length} of ${qs.length} one-answer questions (${longest.map((q) => q.id).join(', ')}); balance the option lengths`,
					},
				]
			: [];
	});
}

export interface QuizStats {
	questions: number;
	byKind: Partial<Record<QuestionKind, number>>;
	byDifficulty: Record<'1' | '2' | '3', number>;
	/** One-answer choice questions, and how many of them have the right option as the longest. */
	oneAnswer: { questions: number; rightIsLongest: number };
	/** Multiple-select questions: how many have each count of right options, and how many have a majority right. */
	multiple: { questions: number; byRightCount: Record<string, number>; majorityRight: number };
}

export function quizStats(questions: readonly Question[]): QuizStats {
	const count = <K extends string>(keys: K[]) => keys.reduce<Partial<Record<K, number>>>((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {});
	const one = oneAnswerChoices(questions);
	const multiple = questions.filter((q): q is ChoiceQuestion => q.kind === 'multiple');
	const rightCount = (q: ChoiceQuestion) => q.options.filter((o) => o.correct).length;
	return {
		questions: questions.length,
		byKind: count(questions.map((q) => q.kind)),
		byDifficulty: { 1: 0, 2: 0, 3: 0, ...count(questions.map((q) => String(q.difficulty) as '1' | '2' | '3')) },
		oneAnswer: { questions: one.length, rightIsLongest: one.filter(rightIsLongest).length },
		multiple: {
			questions: multiple.length,
			byRightCount: count(multiple.map((q) => `${rightCount(q)} of ${q.options.length}`)) as Record<string, number>,
			majorityRight: multiple.filter((q) => rightCount(q) * 2 > q.options.length).length,
		},
	};
}
