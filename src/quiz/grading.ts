import { answerKind, type Answer, type Question } from './types';

export interface Grade {
	correct: boolean;
	/** Why: the chosen option's explanation, or the question's. */
	explanation: string;
	/** What a right answer looks like, in words, when the learner missed it. */
	expected?: string;
}

/**
 * Grades one answer. `flaggedLines` is the find-the-line key: the 1-based lines where the analyzer reports
 * the question's rule in its snippet, so a quiz and the analyzer can never disagree.
 * Throws when the answer's kind does not match the question or points outside it: callers validate first.
 */
export function grade(question: Question, answer: Answer, flaggedLines: readonly number[] = []): Grade {
	if (answer.kind !== answerKind(question.kind)) {
		throw new Error(`answer of kind ${answer.kind} for a ${question.kind} question`);
	}
	switch (question.kind) {
		case 'single':
		case 'predict-output':
		case 'scenario': {
			const { choice } = answer as Extract<Answer, { kind: 'single' }>;
			const chosen = question.options[choice] ?? invalid();
			const right = question.options.find((o) => o.correct)!;
			return { correct: chosen.correct, explanation: chosen.explain, expected: chosen.correct ? undefined : `${right.text} — ${right.explain}` };
		}
		case 'multiple': {
			const choices = new Set((answer as Extract<Answer, { kind: 'multiple' }>).choices);
			[...choices].forEach((c) => question.options[c] ?? invalid());
			const correct = question.options.every((o, i) => o.correct === choices.has(i));
			const explanation = question.options.map((o, i) => `${choices.has(i) ? '☑' : '☐'} ${o.text}: ${o.explain}`).join('\n');
			const expected = question.options
				.filter((o) => o.correct)
				.map((o) => o.text)
				.join('; ');
			return { correct, explanation, expected: correct ? undefined : expected };
		}
		case 'true-false': {
			const { value } = answer as Extract<Answer, { kind: 'true-false' }>;
			return {
				correct: value === question.answer,
				explanation: question.explain[value ? 'true' : 'false'],
				expected: value === question.answer ? undefined : String(question.answer),
			};
		}
		case 'find-the-line': {
			const { line } = answer as Extract<Answer, { kind: 'find-the-line' }>;
			if (!Number.isInteger(line) || line < 1 || line > question.code.split('\n').length) {
				invalid();
			}
			const correct = flaggedLines.includes(line);
			return { correct, explanation: question.explain, expected: correct ? undefined : `line ${flaggedLines.join(' or ')}` };
		}
		case 'order': {
			const { order } = answer as Extract<Answer, { kind: 'order' }>;
			if (order.length !== question.items.length || new Set(order).size !== order.length || order.some((i) => question.items[i] === undefined)) {
				invalid();
			}
			const correct = order.every((item, position) => item === position);
			return { correct, explanation: question.explain, expected: correct ? undefined : question.items.map((t, i) => `${i + 1}. ${t}`).join('\n') };
		}
	}
}

function invalid(): never {
	throw new Error('the answer does not fit the question');
}
