import { passed, score, type QuizSession } from './session';
import type { Question } from './types';

/**
 * What the learner has done, as stored in VS Code's globalState (synced across machines). Plain JSON;
 * every reader goes through `parseProgress`, so a corrupt or older value is repaired, never fatal.
 */
export interface Progress {
	version: 1;
	lessons: Record<string, LessonProgress>;
	questions: Record<string, QuestionProgress>;
	/** Where the learner left off: "Continue where you left off" opens it. */
	last?: { lesson: string; section?: string; at: number };
}

export interface LessonProgress {
	read?: boolean;
	lastSection?: string;
	quizPassed?: boolean;
	/** Best score (percent) over finished quizzes of this lesson. */
	bestScore?: number;
}

export interface QuestionProgress {
	attempts: number;
	correct: number;
	/** Right answers in a row, most recent last; 0 after a miss. */
	streak: number;
	lastCorrect: boolean;
	lastAt: number;
}

export type LessonState = 'not-started' | 'in-progress' | 'read' | 'quiz-passed';

export function emptyProgress(): Progress {
	return { version: 1, lessons: {}, questions: {} };
}

/** Reads stored progress, keeping every well-formed entry; `recovered` says something had to be dropped. */
export function parseProgress(raw: unknown): { progress: Progress; recovered: boolean } {
	if (raw === undefined || raw === null) {
		return { progress: emptyProgress(), recovered: false };
	}
	const progress = emptyProgress();
	let recovered = false;
	const value = raw as Partial<Progress>;
	if (typeof raw !== 'object' || value.version !== 1) {
		return { progress, recovered: true };
	}
	for (const [id, lesson] of Object.entries(isRecord(value.lessons) ? value.lessons : {})) {
		if (!isRecord(lesson)) {
			recovered = true;
			continue;
		}
		const entry: LessonProgress = {};
		if (typeof lesson.read === 'boolean') {
			entry.read = lesson.read;
		}
		if (typeof lesson.lastSection === 'string') {
			entry.lastSection = lesson.lastSection;
		}
		if (typeof lesson.quizPassed === 'boolean') {
			entry.quizPassed = lesson.quizPassed;
		}
		if (typeof lesson.bestScore === 'number' && lesson.bestScore >= 0 && lesson.bestScore <= 100) {
			entry.bestScore = lesson.bestScore;
		}
		recovered ||= Object.keys(entry).length !== Object.keys(lesson).length;
		progress.lessons[id] = entry;
	}
	for (const [id, q] of Object.entries(isRecord(value.questions) ? value.questions : {})) {
		const ok = isRecord(q) && [q.attempts, q.correct, q.streak, q.lastAt].every((n) => typeof n === 'number' && n >= 0) && typeof q.lastCorrect === 'boolean';
		if (ok) {
			progress.questions[id] = { attempts: q.attempts, correct: q.correct, streak: q.streak, lastCorrect: q.lastCorrect, lastAt: q.lastAt };
		} else {
			recovered = true;
		}
	}
	const last = value.last;
	if (last && typeof last.lesson === 'string' && typeof last.at === 'number') {
		progress.last = { lesson: last.lesson, at: last.at, ...(typeof last.section === 'string' ? { section: last.section } : {}) };
	} else if (last !== undefined) {
		recovered = true;
	}
	if (!isRecord(value.lessons) || !isRecord(value.questions)) {
		recovered = true;
	}
	return { progress, recovered };
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The learner opened a lesson (or scrolled to a section): remember where, for "continue". */
export function visit(progress: Progress, lesson: string, section: string | undefined, now: number): Progress {
	const entry = { ...progress.lessons[lesson], ...(section ? { lastSection: section } : {}) };
	return { ...progress, lessons: { ...progress.lessons, [lesson]: entry }, last: { lesson, ...(section ? { section } : {}), at: now } };
}

/** The learner reached the end of a lesson. */
export function markRead(progress: Progress, lesson: string): Progress {
	return { ...progress, lessons: { ...progress.lessons, [lesson]: { ...progress.lessons[lesson], read: true } } };
}

export function recordAnswer(progress: Progress, questionId: string, correct: boolean, now: number): Progress {
	const before = progress.questions[questionId] ?? { attempts: 0, correct: 0, streak: 0, lastCorrect: false, lastAt: 0 };
	const after: QuestionProgress = {
		attempts: before.attempts + 1,
		correct: before.correct + (correct ? 1 : 0),
		streak: correct ? before.streak + 1 : 0,
		lastCorrect: correct,
		lastAt: now,
	};
	return { ...progress, questions: { ...progress.questions, [questionId]: after } };
}

/**
 * A finished session updates each lesson it covered: best score, and "quiz passed" when that lesson's
 * questions in the session were at least PASS_PERCENT right and all of them were answered.
 */
export function recordSession(progress: Progress, session: QuizSession, questions: readonly Question[]): Progress {
	if (session.finishedAt === undefined) {
		return progress;
	}
	const lessonOf = new Map(questions.map((q) => [q.id, q.lesson]));
	const lessons = { ...progress.lessons };
	const covered = new Set(session.questionIds.map((id) => lessonOf.get(id)).filter((l): l is string => !!l));
	for (const lesson of covered) {
		const ids = session.questionIds.filter((id) => lessonOf.get(id) === lesson);
		const sub: QuizSession = { ...session, questionIds: ids };
		const percent = score(sub).percent;
		const entry = { ...lessons[lesson] };
		entry.bestScore = Math.max(entry.bestScore ?? 0, percent);
		entry.quizPassed ||= passed(sub) && session.scope.kind !== 'code';
		lessons[lesson] = entry;
	}
	return { ...progress, lessons };
}

export function lessonState(progress: Progress, lesson: string): LessonState {
	const entry = progress.lessons[lesson];
	if (entry?.quizPassed) {
		return 'quiz-passed';
	}
	if (entry?.read) {
		return 'read';
	}
	return entry ? 'in-progress' : 'not-started';
}

export interface Mastery {
	/** Questions of the lesson answered at least once. */
	answered: number;
	/** Answered right two or more times in a row. */
	mastered: number;
	total: number;
}

export function mastery(progress: Progress, lessonQuestions: readonly Question[]): Mastery {
	const states = lessonQuestions.map((q) => progress.questions[q.id]);
	return { answered: states.filter(Boolean).length, mastered: states.filter((s) => s && s.streak >= 2).length, total: lessonQuestions.length };
}
