import type { RuleId } from '../analysis/rules/catalog';
import type { LanguageId } from '../analysis/types';
import type { Lane } from '../labs/types';

// The exercises' public shapes. `CheckResult` is what `concurrency-lens exercise check --format json`
// prints: a contract, so fields are only ever added.

/** How an exercise's check program runs: the toolchain it needs. */
export type ExerciseRuntime = 'node' | 'typescript' | 'python' | 'go' | 'java' | 'rust';

/** The three things a check asks, in the order they are reported. */
export type CheckPart = 'static' | 'correctness' | 'measure';

export interface Exercise {
	/** Its folder under `exercises/`, and the folder it is scaffolded into. */
	id: string;
	title: string;
	/** The analyzer's language for the learner's file. */
	language: LanguageId;
	/** What the dynamic check needs; absent: the exercise is checked by the analyzer alone. */
	runtime?: ExerciseRuntime;
	/** `lessonId#sectionId`: what the exercise practises. */
	lesson: string;
	/** The rules whose findings on the learner's file fail the check (may be empty: no rule sees it yet). */
	rules: RuleId[];
	/** The learner's file, relative to the exercise's folder (starter/ and solution/ hold one each). */
	file: string;
	/** Progressive hints, the gentlest first. */
	hints: string[];
	/** One sentence: what the run measures and the bar it must clear. */
	measures: string;
	/** The parts the starter fails (tests check that it fails for exactly these reasons). */
	starterFails: CheckPart[];
	/** The brief, Markdown. */
	brief: string;
	/** Position in the course (the catalogue is sorted by it). */
	order: number;
}

export interface PartResult {
	ok: boolean;
	message: string;
	/** What was measured, by name (ms, counts, ratios), for the learner and for scripts. */
	figures?: Record<string, number>;
}

export interface StaticResult extends PartResult {
	findings: { rule: RuleId; line: number; message: string }[];
}

export type CheckStatus = 'pass' | 'fail' | 'error';

export interface CheckResult {
	version: 1;
	id: string;
	/** pass: every part that ran holds; fail: some part does not; error: the check could not be made. */
	status: CheckStatus;
	/** The first part that failed, or `run` when the learner's code could not be run to a result. */
	failed?: CheckPart | 'run';
	/** One line for a status bar or a tree item's tooltip. */
	summary: string;
	static: StaticResult;
	correctness?: PartResult;
	measure?: PartResult;
	/** Why the code was not run (a missing toolchain, an untrusted workspace), when it was not. */
	staticOnly?: string;
	/** Why the run produced no result: a syntax error, a crash, a time limit. */
	runError?: string;
	/** The last lines the learner's code printed. */
	output?: string;
	/** A measured timeline, drawn like the labs' ones. */
	lanes?: Lane[];
	durationMs: number;
}
