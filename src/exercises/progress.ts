import type { CheckResult } from './types';

/**
 * What the learner has done in the exercises, as stored in VS Code's globalState (synced, like lesson
 * progress). Every reader goes through `parseExerciseProgress`: a corrupt value is repaired, never fatal.
 */
export interface ExerciseProgress {
	version: 1;
	exercises: Record<string, ExerciseEntry>;
}

export interface ExerciseEntry {
	/** The last check's verdict and when it was made; absent before the first check. */
	last?: 'passing' | 'failing';
	checkedAt?: number;
	/** When a check first passed: a later failing edit does not take the achievement away. */
	passedAt?: number;
	/** How many hints the learner has opened. */
	hints?: number;
}

export type ExerciseState = 'not-started' | 'failing' | 'passing';

export function emptyExerciseProgress(): ExerciseProgress {
	return { version: 1, exercises: {} };
}

/** Reads stored progress, keeping every well-formed entry; `recovered` says something had to be dropped. */
export function parseExerciseProgress(raw: unknown): { progress: ExerciseProgress; recovered: boolean } {
	const progress = emptyExerciseProgress();
	if (raw === undefined || raw === null) {
		return { progress, recovered: false };
	}
	const value = raw as Partial<ExerciseProgress>;
	if (typeof raw !== 'object' || value.version !== 1 || !isRecord(value.exercises)) {
		return { progress, recovered: true };
	}
	let recovered = false;
	for (const [id, entry] of Object.entries(value.exercises)) {
		const e = isRecord(entry) ? entry : {};
		const checked = (e.last === 'passing' || e.last === 'failing') && isTime(e.checkedAt);
		if (!isRecord(entry) || (e.last !== undefined && !checked)) {
			recovered = true;
			continue;
		}
		progress.exercises[id] = {
			...(checked ? { last: e.last as 'passing' | 'failing', checkedAt: e.checkedAt as number } : {}),
			...(isTime(e.passedAt) ? { passedAt: e.passedAt } : {}),
			...(Number.isInteger(e.hints) && (e.hints as number) >= 0 ? { hints: e.hints as number } : {}),
		};
	}
	return { progress, recovered };
}

/** Progress after a check; an `error` result (the check could not be made) changes nothing. */
export function recordCheck(progress: ExerciseProgress, result: CheckResult, at: number): ExerciseProgress {
	if (result.status === 'error') {
		return progress;
	}
	const before = progress.exercises[result.id];
	const passing = result.status === 'pass';
	const entry: ExerciseEntry = { ...before, last: passing ? 'passing' : 'failing', checkedAt: at, ...(passing && !before?.passedAt ? { passedAt: at } : {}) };
	return { ...progress, exercises: { ...progress.exercises, [result.id]: entry } };
}

export function recordHint(progress: ExerciseProgress, id: string, shown: number): ExerciseProgress {
	const before = progress.exercises[id];
	return { ...progress, exercises: { ...progress.exercises, [id]: { ...before, hints: Math.max(before?.hints ?? 0, shown) } } };
}

/** Passing once passed: the tree shows the achievement, the last check's verdict is in its tooltip. */
export function exerciseState(progress: ExerciseProgress, id: string): ExerciseState {
	const entry = progress.exercises[id];
	return entry?.passedAt ? 'passing' : entry?.last ? 'failing' : 'not-started';
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTime(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
