import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../analysis/types';
import type { Lane } from '../labs/types';
import { CHECK_PROGRAM } from './catalog';
import { ProcessLimitError, runBounded, tail } from '../util/boundedProcess';
import { missingToolchain, type Toolchains } from './toolchains';
import type { CheckPart, CheckResult, Exercise, PartResult, StaticResult } from './types';

// Checks one exercise in the learner's folder, three ways: the analyzer must report none of the exercise's
// findings; the check program (the exercise's `check.<ext>`, ours) must find the results right; and it must
// measure the property the exercise is about. The learner's code runs in a child process with a time limit,
// an output cap and a memory cap, and its process tree is killed at the end.

export interface CheckOptions {
	/** The package's `exercises/` folder. */
	exercisesDir: string;
	toolchains: Toolchains;
	analyze: (text: string, exercise: Exercise) => Promise<Finding[]>;
	/** Why the learner's code must not run (an untrusted workspace): the check is then static only. */
	noRun?: string;
	/** For running the learner's code; compiling has a limit of its own. */
	timeoutMs?: number;
	signal?: AbortSignal;
	onSpawn?: (pid: number) => void;
}

export const RUN_TIMEOUT_MS = 20_000;
const COMPILE_TIMEOUT_MS = 120_000;
const MAX_SOURCE_BYTES = 256 * 1024;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** What the check program writes to the file named by CONCURRENCY_LENS_RESULT. */
export interface RunReport {
	correctness: PartResult;
	measure?: PartResult;
	lanes?: Lane[];
}

export async function checkExercise(exercise: Exercise, folder: string, options: CheckOptions): Promise<CheckResult> {
	const started = performance.now();
	const finish = (result: Omit<CheckResult, 'version' | 'id' | 'durationMs'>): CheckResult => ({
		version: 1,
		id: exercise.id,
		...result,
		durationMs: Math.round(performance.now() - started),
	});
	const learnerFile = path.join(folder, exercise.file);
	const source = await readSource(learnerFile, exercise);
	if (typeof source !== 'string') {
		return finish({ status: 'error', summary: source.error, static: { ok: false, message: source.error, findings: [] } });
	}
	let staticResult: StaticResult;
	try {
		staticResult = await staticCheck(exercise, source, options);
	} catch (e) {
		const error = `the analyzer could not read ${exercise.file}: ${(e as Error).message}`;
		return finish({ status: 'error', summary: error, static: { ok: false, message: error, findings: [] } });
	}
	if (!exercise.runtime) {
		return finish({ ...verdict(staticResult), staticOnly: 'This exercise is checked by the analyzer alone.' });
	}
	const notRun = options.noRun ?? missingToolchain(exercise.runtime, options.toolchains);
	if (notRun) {
		return finish({ ...verdict(staticResult), staticOnly: `Not run: ${notRun}. Only the analyzer checked it.` });
	}
	const ran = await runCheck(exercise, learnerFile, options);
	return finish(verdict(staticResult, ran));
}

async function readSource(file: string, exercise: Exercise): Promise<string | { error: string }> {
	try {
		const info = await stat(file);
		if (info.size > MAX_SOURCE_BYTES) {
			return { error: `${exercise.file} is ${Math.round(info.size / 1024)} KB, more than the ${MAX_SOURCE_BYTES / 1024} KB an exercise file may have` };
		}
		const text = await readFile(file, 'utf8');
		return text.includes('\0') ? { error: `${exercise.file} is not a text file` } : text;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'ENOENT'
			? { error: `${exercise.file} is missing from the exercise's folder: Reset the exercise to get the starter back` }
			: { error: `${exercise.file} could not be read: ${(e as Error).message}` };
	}
}

async function staticCheck(exercise: Exercise, source: string, options: CheckOptions): Promise<StaticResult> {
	const findings = (await options.analyze(source, exercise))
		.filter((f) => exercise.rules.includes(f.ruleId))
		.map((f) => ({ rule: f.ruleId, line: f.range.startLine + 1, message: f.message }));
	if (exercise.rules.length === 0) {
		return { ok: true, message: 'No analyzer rule covers this mistake yet: the run decides.', findings };
	}
	return findings.length === 0
		? { ok: true, message: `The analyzer finds no ${exercise.rules.join(' or ')} here.`, findings }
		: { ok: false, findings, message: `The analyzer still reports ${findings.length === 1 ? 'a finding' : `${findings.length} findings`}: line ${findings.map((f) => f.line).join(', ')}: ${findings[0].message}` };
}

type RunOutcome = { report: RunReport; output: string } | { runError: string; output: string };

/** Combines the parts into a result: the first part that fails names the failure. */
export function verdict(staticResult: StaticResult, ran?: RunOutcome): Omit<CheckResult, 'version' | 'id' | 'durationMs'> {
	const base = { static: staticResult, ...(ran?.output ? { output: ran.output } : {}) };
	if (ran && 'runError' in ran) {
		return { ...base, status: 'fail', failed: staticResult.ok ? 'run' : 'static', runError: ran.runError, summary: `Your code did not run to a result: ${ran.runError}` };
	}
	const report = ran?.report;
	const parts: [CheckPart, PartResult | undefined][] = [
		['static', staticResult],
		['correctness', report?.correctness],
		['measure', report?.measure],
	];
	const failed = parts.find(([, part]) => part && !part.ok);
	const dynamic = report ? { correctness: report.correctness, ...(report.measure ? { measure: report.measure } : {}), ...(report.lanes ? { lanes: report.lanes } : {}) } : {};
	if (failed) {
		const label = { static: 'Analyzer', correctness: 'Correctness', measure: 'Measure' }[failed[0]];
		return { ...base, ...dynamic, status: 'fail', failed: failed[0], summary: `${label}: ${failed[1]?.message}` };
	}
	return { ...base, ...dynamic, status: 'pass', summary: report?.measure?.message ?? report?.correctness.message ?? staticResult.message };
}

interface Step {
	file: string;
	args: string[];
	env?: Record<string, string>;
	cwd?: string;
	/** A compile step: its failure is the learner's syntax or type error. */
	compile?: boolean;
}

async function runCheck(exercise: Exercise, learnerFile: string, options: CheckOptions): Promise<RunOutcome> {
	const work = await mkdtemp(path.join(os.tmpdir(), `concurrency-lens-${exercise.id}-`));
	try {
		const planned = await plan(exercise, learnerFile, work, options);
		if ('compileError' in planned) {
			return { runError: planned.compileError, output: '' };
		}
		const resultFile = path.join(work, 'result.json');
		const env = { CONCURRENCY_LENS_RESULT: resultFile, CONCURRENCY_LENS_CPUS: String(os.availableParallelism()) };
		let output = '';
		for (const step of planned) {
			const limitMs = step.compile ? COMPILE_TIMEOUT_MS : (options.timeoutMs ?? RUN_TIMEOUT_MS);
			try {
				const outcome = await runBounded({
					file: step.file,
					args: step.args,
					env: { ...env, ...step.env },
					cwd: step.cwd ?? work,
					deadline: Date.now() + limitMs,
					limitSeconds: Math.round(limitMs / 1000),
					maxOutputBytes: MAX_OUTPUT_BYTES,
					maxMemoryMb: 1024,
					signal: options.signal,
					onSpawn: options.onSpawn,
					subject: step.compile ? 'the compiler' : 'your code',
				});
				output = tail([outcome.stdout, outcome.stderr].filter(Boolean).join('\n'), 20);
				if (step.compile && exercise.runtime === 'rust') {
					// rustc names the scratch copy: name the learner's file instead.
					output = output.replaceAll('exercise.rs', exercise.file);
				}
				if (outcome.code !== 0) {
					return {
						runError: step.compile ? `it does not compile:\n${output}` : `the check's process exited with code ${outcome.code}${output ? `:\n${output}` : ''}`,
						output,
					};
				}
			} catch (e) {
				if (!(e instanceof ProcessLimitError)) {
					throw e;
				}
				const why = e.failure === 'timeout' && !step.compile ? `${e.message} (an endless loop, or a wait nothing ends?)` : e.message;
				return { runError: why, output };
			}
		}
		const raw = await readFile(resultFile, 'utf8').catch(() => undefined);
		if (raw === undefined) {
			return { runError: 'the check ended without a result (does your code exit the process, or swallow the end of the run?)', output };
		}
		return { report: parseReport(raw), output };
	} finally {
		await rm(work, { recursive: true, force: true });
	}
}

/** The commands that run the check program against the learner's file, compiling first where needed. */
async function plan(exercise: Exercise, learnerFile: string, work: string, options: CheckOptions): Promise<Step[] | { compileError: string }> {
	const own = path.join(options.exercisesDir, exercise.id);
	const harness = path.join(options.exercisesDir, '_harness');
	const { toolchains } = options;
	const node = (file: string): Step => ({
		file: process.execPath,
		// VS Code's own Node (as the labs run): the learner needs no Node install. The preload refuses connections beyond 127.0.0.1.
		args: ['--max-old-space-size=512', '--require', path.join(harness, 'guard.js'), path.join(own, CHECK_PROGRAM.node)],
		env: { ELECTRON_RUN_AS_NODE: '1', CONCURRENCY_LENS_EXERCISE_FILE: file },
	});
	const copy = async (from: string, to: string) => copyFile(from, path.join(work, to));
	switch (exercise.runtime) {
		case undefined:
			return [];
		case 'node':
			return [node(learnerFile)];
		case 'typescript': {
			const compiled = await transpile(learnerFile, work);
			return typeof compiled === 'string' ? [node(compiled)] : compiled;
		}
		case 'python':
			return [
				{
					file: toolchains.python ?? 'python3',
					args: [path.join(own, CHECK_PROGRAM.python)],
					env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONPATH: harness, CONCURRENCY_LENS_EXERCISE_FILE: learnerFile },
				},
			];
		case 'go': {
			// One package main: the learner's file, the check and the shared harness; standard library only, offline.
			await Promise.all([copy(learnerFile, exercise.file), copy(path.join(own, CHECK_PROGRAM.go), 'check_main.go'), copy(path.join(harness, 'harness.go'), 'harness.go')]);
			await writeFile(path.join(work, 'go.mod'), 'module exercise\n\ngo 1.19\n');
			const env = { GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GO111MODULE: 'on' };
			return [
				{ file: toolchains.go ?? 'go', args: ['build', '-o', 'check-bin', '.'], env, compile: true },
				{ file: path.join(work, 'check-bin'), args: [] },
			];
		}
		case 'java':
			await Promise.all([copy(learnerFile, exercise.file), copy(path.join(own, CHECK_PROGRAM.java), 'Check.java'), copy(path.join(harness, 'Harness.java'), 'Harness.java')]);
			return [
				{ file: toolchains.java?.javac ?? 'javac', args: ['-encoding', 'UTF-8', '-d', 'classes', exercise.file, 'Check.java', 'Harness.java'], compile: true },
				{ file: toolchains.java?.java ?? 'java', args: ['-Xmx256m', '-cp', 'classes', 'Check'] },
			];
		case 'rust':
			// main.rs declares `mod exercise; mod harness;`: rustc finds both beside it.
			await Promise.all([copy(learnerFile, 'exercise.rs'), copy(path.join(own, CHECK_PROGRAM.rust), 'main.rs'), copy(path.join(harness, 'harness.rs'), 'harness.rs')]);
			return [
				{ file: toolchains.rustc ?? 'rustc', args: ['--edition', '2021', '-O', '-o', 'check-bin', 'main.rs'], compile: true },
				{ file: path.join(work, 'check-bin'), args: [] },
			];
	}
}

/** TypeScript through the bundled compiler (types erased, imports to CommonJS), never the learner's toolchain. */
async function transpile(file: string, work: string): Promise<string | { compileError: string }> {
	const { transform } = await import('sucrase');
	try {
		const { code } = transform(await readFile(file, 'utf8'), { transforms: ['typescript', 'imports'], filePath: file, production: true });
		const out = path.join(work, `${path.basename(file, path.extname(file))}.js`);
		await writeFile(out, code);
		return out;
	} catch (e) {
		return { compileError: `it does not compile: ${(e as Error).message}` };
	}
}

/** Reads the check program's report; it is ours, so a malformed one is a bug to report plainly. */
export function parseReport(raw: string): RunReport {
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		throw new Error(`the check program wrote a result that is not JSON: ${raw.slice(0, 120)}`);
	}
	const o = (value ?? {}) as Record<string, unknown>;
	const part = (key: string, required: boolean): PartResult | undefined => {
		const p = o[key] as Record<string, unknown> | undefined;
		if (p === undefined && !required) {
			return undefined;
		}
		if (!p || typeof p.ok !== 'boolean' || typeof p.message !== 'string') {
			throw new Error(`the check program's result has no valid '${key}' part`);
		}
		const figures = p.figures && typeof p.figures === 'object' ? Object.fromEntries(Object.entries(p.figures).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) : undefined;
		return { ok: p.ok, message: p.message.slice(0, 600), ...(figures ? { figures } : {}) };
	};
	const correctness = part('correctness', true) ?? { ok: false, message: '' };
	const measure = part('measure', false);
	const lanes = Array.isArray(o.lanes) ? o.lanes.filter(isLane) : [];
	return { correctness, ...(measure ? { measure } : {}), ...(lanes.length ? { lanes } : {}) };
}

const STATES: readonly unknown[] = ['work', 'wait', 'blocked'];

function isLane(value: unknown): value is Lane {
	const lane = value as Partial<Lane> | null;
	return (
		typeof lane?.lane === 'string' &&
		Array.isArray(lane.segments) &&
		lane.segments.every((s) => typeof s?.task === 'string' && Number.isFinite(s.from) && Number.isFinite(s.to) && STATES.includes(s.state))
	);
}
