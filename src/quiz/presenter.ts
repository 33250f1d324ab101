import type { LessonCatalog } from '../lessons/catalog';
import { highlightLines } from '../lessons/highlight';
import { lessonMarkdown } from '../lessons/markdown';
import type { AnswerMessage, FeedbackView, QuestionView, ResultView } from '../protocol/messages';
import type { Grade } from './grading';
import { displayOrder, passed, score, type QuizSession } from './session';
import { answerKind, type Answer, type Question } from './types';

/** Turns engine data into what the quiz webview shows, and the webview's answers back into engine terms. */

const inline = (text: string) => lessonMarkdown().renderInline(text);
const block = (text: string) => lessonMarkdown().render(text);

/** The question as shown: no answer keys, choices in this session's shuffled order. */
export function questionView(question: Question, session: QuizSession, lessons: LessonCatalog): QuestionView {
	const order = displayOrder(session, question);
	const view: QuestionView = {
		id: question.id,
		kind: answerKind(question.kind),
		lesson: question.lesson,
		lessonTitle: lessons.get(question.lesson)?.title ?? question.lesson,
		section: question.section,
		promptHtml: inline(question.prompt),
		number: session.current + 1,
		total: session.questionIds.length,
	};
	if ('options' in question) {
		view.optionsHtml = order.map((i) => inline(question.options[i].text));
		if (question.exhibit) {
			view.exhibitHtml = block(question.exhibit);
		}
	} else if (question.kind === 'order') {
		view.itemsHtml = order.map((i) => inline(question.items[i]));
	} else if (question.kind === 'find-the-line') {
		view.code = { language: question.language, linesHtml: highlightLines(question.code, question.language) };
	}
	return view;
}

/** Maps display positions in an answer back to the question's own option indexes. */
export function toEngineAnswer(question: Question, session: QuizSession, answer: AnswerMessage): Answer {
	if (answer.kind !== answerKind(question.kind)) {
		throw new Error(`a ${answer.kind} answer for a ${question.kind} question`);
	}
	const order = displayOrder(session, question);
	const original = (i: number) => {
		if (order[i] === undefined) {
			throw new Error(`option ${i} does not exist`);
		}
		return order[i];
	};
	switch (answer.kind) {
		case 'single':
			return { kind: 'single', choice: original(answer.choice) };
		case 'multiple':
			return { kind: 'multiple', choices: answer.choices.map(original) };
		case 'order':
			return { kind: 'order', order: answer.order.map(original) };
		case 'true-false':
		case 'find-the-line':
			return answer; // not shuffled
	}
}

export function feedbackView(grade: Grade, answer: AnswerMessage, flaggedLines?: readonly number[]): FeedbackView {
	return {
		correct: grade.correct,
		explanationHtml: block(grade.explanation),
		...(grade.expected ? { expectedHtml: block(grade.expected) } : {}),
		answer,
		...(flaggedLines ? { flaggedLines: [...flaggedLines] } : {}),
	};
}

export function resultView(session: QuizSession, questions: ReadonlyMap<string, Question>, lessons: LessonCatalog): ResultView {
	const s = score(session);
	return {
		correct: s.correct,
		total: s.total,
		percent: s.percent,
		passed: passed(session),
		missed: s.missed.flatMap((id) => {
			const q = questions.get(id);
			if (!q) {
				return [];
			}
			const sectionTitle = lessons.resolve(`${q.lesson}#${q.section}`)?.sectionTitle ?? q.section;
			return [{ id, promptHtml: inline(q.prompt), lesson: q.lesson, section: q.section, sectionTitle }];
		}),
	};
}
