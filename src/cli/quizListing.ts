import type { Analyzer } from '../analysis/analyzer';
import type { Question } from '../quiz/types';
import { flaggedLines } from '../quiz/findLineKey';

/** One question as `concurrency-lens quiz --format json` lists it, with its correct answer(s). */
export interface QuizListingEntry {
	id: string;
	lesson: string;
	section: string;
	kind: Question['kind'];
	prompt: string;
	options?: string[];
	items?: string[];
	code?: string;
	language?: string;
	/** The code or diagram (as lesson Markdown) shown with predict-output and scenario questions. */
	exhibit?: string;
	difficulty: 1 | 2 | 3;
	/** Option indexes (single, multiple), true/false, 1-based lines (find-the-line, from the analyzer), or the item order. */
	answer: number[] | boolean;
	explanation: string | string[];
	seed?: boolean;
}

export async function quizListing(questions: readonly Question[], analyzer: Analyzer): Promise<QuizListingEntry[]> {
	// concurrency-lens: ignore[unbounded-task-spawn] each question's code is analyzed in this process; nothing outside is called
	return Promise.all(
		questions.map(async (q): Promise<QuizListingEntry> => {
			const base = {
				id: q.id,
				lesson: q.lesson,
				section: q.section,
				kind: q.kind,
				prompt: q.prompt,
				difficulty: q.difficulty,
				...(q.seed ? { seed: true } : {}),
			};
			switch (q.kind) {
				case 'single':
				case 'multiple':
				case 'predict-output':
				case 'scenario':
					return {
						...base,
						...(q.exhibit ? { exhibit: q.exhibit } : {}),
						options: q.options.map((o) => o.text),
						answer: q.options.flatMap((o, i) => (o.correct ? [i] : [])),
						explanation: q.options.map((o) => o.explain),
					};
				case 'true-false':
					return { ...base, answer: q.answer, explanation: [q.explain.true, q.explain.false] };
				case 'find-the-line':
					return { ...base, code: q.code, language: q.language, answer: await flaggedLines(q, analyzer), explanation: q.explain };
				case 'order':
					return { ...base, items: q.items, answer: q.items.map((_, i) => i), explanation: q.explain };
			}
		}),
	);
}
