import type { SegmentState } from '../lessons/diagrams';

// The labs' public shapes. `LabResult` is what `concurrency-lens lab run --format json` prints: a
// contract, so fields are only ever added.

export type LabRuntime = 'node' | 'python' | 'go';

/** A number the learner may change before a run, validated against its range before anything starts. */
export interface Knob {
	id: string;
	label: string;
	min: number;
	max: number;
	/** A number, or `cores`: this machine's logical cores, clamped to the range. */
	default: number | 'cores';
	unit?: string;
}

export type LabParams = Record<string, number>;

export interface Variant {
	id: string;
	label: string;
	/** Environment the variant's process starts with (UV_THREADPOOL_SIZE, GOMAXPROCS). */
	env?: Record<string, string>;
}

export interface Lab {
	id: string;
	title: string;
	runtime: LabRuntime;
	/** The bundled program, relative to the package's `labs/` folder. */
	program: string;
	/** `lessonId#sectionId`: where the lab is run from and what it illustrates. */
	lesson: string;
	knobs: readonly Knob[];
	variants(params: LabParams, machine: Machine): Variant[];
	/** The variant speedups are measured against. */
	baseline?: string;
	/** The logical cores it needs to show its point, and what blurs with fewer (the result says so). */
	cores?: { needed: number; otherwise: string };
	/** One sentence: what to look at in the result. */
	notice: string;
}

export interface Segment {
	task: string;
	from: number;
	to: number;
	state: SegmentState;
}

export interface Lane {
	lane: string;
	segments: Segment[];
}

export interface VariantResult {
	id: string;
	label: string;
	wallMs: number;
	cpuMs: number;
	/** From spawning the program to its first event: the cost of starting the runtime. */
	startupMs: number;
	metrics: Record<string, number>;
	lanes: Lane[];
}

export interface Machine {
	cpus: number;
	cpuModel: string;
	platform: string;
	arch: string;
	node: string;
	python?: { version: string; freeThreaded: boolean; executable: string };
	go?: { version: string; command: string };
}

export interface LabResult {
	version: 1;
	lab: string;
	params: LabParams;
	machine: Machine;
	startedAt: string;
	variants: VariantResult[];
	/** What this machine could not show, said plainly. */
	notes: string[];
}
