/**
 * Every id the extension contributes, in one place, matching package.json (a unit test checks it). Plain
 * objects rather than const enums, so that test can list them.
 */

export const EXTENSION_ID = 'concurrency-lens.concurrency-lens';
export const SOURCE = 'concurrency-lens';

export const CommandId = {
	// user-facing
	OpenLesson: 'concurrencyLens.openLesson',
	ContinueLearning: 'concurrencyLens.continueLearning',
	OpenQuiz: 'concurrencyLens.openQuiz',
	QuizAll: 'concurrencyLens.quizAll',
	QuizFromFinding: 'concurrencyLens.quizFromFinding',
	ResetProgress: 'concurrencyLens.resetProgress',
	ScanWorkspace: 'concurrencyLens.scanWorkspace',
	ToggleMode: 'concurrencyLens.toggleMode',
	ShowOutput: 'concurrencyLens.showOutput',
	RunLab: 'concurrencyLens.runLab',
	CancelLab: 'concurrencyLens.cancelLab',
	StartExercises: 'concurrencyLens.startExercises',
	CheckExercise: 'concurrencyLens.checkExercise',
	ExerciseHint: 'concurrencyLens.exerciseHint',
	ResetExercise: 'concurrencyLens.resetExercise',
	ShowExerciseSolution: 'concurrencyLens.showExerciseSolution',
	NextExercise: 'concurrencyLens.nextExercise',
	// internal (hidden from the palette)
	OpenExample: 'concurrencyLens.openExample',
	IgnoreFinding: 'concurrencyLens.ignoreFinding',
	DisableRule: 'concurrencyLens.disableRule',
	ShowExerciseResult: 'concurrencyLens.showExerciseResult',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const ViewId = {
	Lessons: 'concurrencyLens.lessons',
	Exercises: 'concurrencyLens.exercises',
} as const;
export type ViewId = (typeof ViewId)[keyof typeof ViewId];

export const WebviewType = {
	Lesson: 'concurrencyLens.lesson',
	Quiz: 'concurrencyLens.quiz',
} as const;
export type WebviewType = (typeof WebviewType)[keyof typeof WebviewType];

export const enum ContextKey {
	HasFindings = 'concurrencyLens.hasFindings',
	Mode = 'concurrencyLens.mode',
}

/** The scheme of read-only documents that show a lesson's example in an editor. */
export const EXAMPLE_SCHEME = 'concurrency-lens-example';

/** globalState keys (synced across machines with setKeysForSync, except the quiz in progress). */
export const enum StateKey {
	Progress = 'concurrencyLens.progress',
	Quiz = 'concurrencyLens.activeQuiz',
	LargeFileNotice = 'concurrencyLens.largeFileNoticeShown',
	LabResults = 'concurrencyLens.labResults',
	ExerciseProgress = 'concurrencyLens.exerciseProgress',
	/** Where the learner put the exercises: a path on this machine, so not synced. */
	ExerciseRoot = 'concurrencyLens.exerciseRoot',
}

/** The globalState keys synced across machines: learning progress, never machine-bound state. */
export const SYNCED_STATE_KEYS: readonly string[] = [StateKey.Progress, StateKey.ExerciseProgress];
