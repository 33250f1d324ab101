import { grade, type Grade } from './grading';
import { questionSeed, shuffledIndices } from './shuffle';
import type { Answer, Question } from './types';

/** A quiz in progress: which questions, in what order, and what was answered. Plain data, so it persists. */
export interface QuizSession {
	/** What the quiz covers: one lesson, everything, the misses of an earlier run, or a question from code. */
	scope: { kind: 'lesson'; lesson: string } | { kind: 'all' } | { kind: 'retry'; of: string } | { kind: 'code' };
	seed: number;
	questionIds: string[];
	/** Index of the question on screen. */
	current: number;
	answers: Record<string, { answer: Answer; correct: boolean }>;
	startedAt: number;
	finishedAt?: number;
}

export function startSession(scope: QuizSession['scope'], questions: readonly Question[], seed: number, now: number): QuizSession {
	const order = shuffledIndices(questions.length, seed);
	return { scope, seed, questionIds: order.map((i) => questions[i].id), current: 0, answers: {}, startedAt: now };
}

/** A session over only the questions missed in `previous`, in a fresh order. */
export function retryMissed(previous: QuizSession, questions: readonly Question[], seed: number, now: number): QuizSession {
	const missed = new Set(previous.questionIds.filter((id) => previous.answers[id] && !previous.answers[id].correct));
	const label = previous.scope.kind === 'lesson' ? previous.scope.lesson : previous.scope.kind;
	return startSession(
		{ kind: 'retry', of: label },
		questions.filter((q) => missed.has(q.id)),
		seed,
		now,
	);
}

/**
 * Records the answer to the current question (once: answers are final) and returns its grade. Throws on an
 * answer for a question that is not current or already answered, so a forged message cannot skip ahead.
 */
export function answerCurrent(
	session: QuizSession,
	question: Question,
	answer: Answer,
	flaggedLines?: readonly number[],
): { session: QuizSession; grade: Grade } {
	if (session.questionIds[session.current] !== question.id) {
		throw new Error(`question ${question.id} is not the current question`);
	}
	if (session.answers[question.id]) {
		throw new Error(`question ${question.id} was already answered`);
	}
	const result = grade(question, answer, flaggedLines);
	return { session: { ...session, answers: { ...session.answers, [question.id]: { answer, correct: result.correct } } }, grade: result };
}

/** Moves to the next question, or finishes the session after the last one. Only after answering. */
export function advance(session: QuizSession, now: number): QuizSession {
	const id = session.questionIds[session.current];
	if (!id || !session.answers[id]) {
		return session;
	}
	return session.current + 1 < session.questionIds.length
		? { ...session, current: session.current + 1 }
		: { ...session, finishedAt: session.finishedAt ?? now };
}

export interface Score {
	answered: number;
	correct: number;
	total: number;
	/** 0–100, of all questions in the session. */
	percent: number;
	missed: string[];
}

export function score(session: QuizSession): Score {
	const answered = session.questionIds.filter((id) => session.answers[id]);
	const correct = answered.filter((id) => session.answers[id].correct).length;
	const total = session.questionIds.length;
	return {
		answered: answered.length,
		correct,
		total,
		percent: total === 0 ? 0 : Math.round((correct / total) * 100),
		missed: answered.filter((id) => !session.answers[id].correct),
	};
}

/** The order options (or order items) are shown in for a question in this session. */
export function displayOrder(session: QuizSession, question: Question): number[] {
	const count = 'options' in question ? question.options.length : question.kind === 'order' ? question.items.length : 0;
	return shuffledIndices(count, questionSeed(session.seed, question.id));
}

/** Passing a lesson's quiz: at least this share right, over a finished session. */
export const PASS_PERCENT = 80;

export function passed(session: QuizSession): boolean {
	return session.finishedAt !== undefined && score(session).percent >= PASS_PERCENT;
}
