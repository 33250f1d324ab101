/** Every id the extension contributes, in one place, matching package.json. */

export const EXTENSION_ID = 'concurrency-lens.concurrency-lens';
export const SOURCE = 'concurrency-lens';

export const enum CommandId {
	// user-facing
	OpenLesson = 'concurrencyLens.openLesson',
	ContinueLearning = 'concurrencyLens.continueLearning',
	OpenQuiz = 'concurrencyLens.openQuiz',
	QuizAll = 'concurrencyLens.quizAll',
	QuizFromFinding = 'concurrencyLens.quizFromFinding',
	ResetProgress = 'concurrencyLens.resetProgress',
	ScanWorkspace = 'concurrencyLens.scanWorkspace',
	ToggleMode = 'concurrencyLens.toggleMode',
	ShowOutput = 'concurrencyLens.showOutput',
	// internal (hidden from the palette)
	OpenExample = 'concurrencyLens.openExample',
	IgnoreFinding = 'concurrencyLens.ignoreFinding',
	DisableRule = 'concurrencyLens.disableRule',
}

export const enum ViewId {
	Lessons = 'concurrencyLens.lessons',
}

export const enum WebviewType {
	Lesson = 'concurrencyLens.lesson',
	Quiz = 'concurrencyLens.quiz',
}

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
}
