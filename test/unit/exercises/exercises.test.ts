import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseExercise } from '../../../src/exercises/catalog';
import { checkExercise, type CheckOptions } from '../../../src/exercises/check';
import { scaffold, solutionFile } from '../../../src/exercises/scaffold';
import { findToolchains, missingToolchain, type Toolchains } from '../../../src/exercises/toolchains';
import type { CheckPart, CheckResult, Exercise } from '../../../src/exercises/types';
import { ruleLanguages } from '../../../src/analysis/languages';
import { settingsLanguage } from '../../../src/analysis/languageIds';
import { describeMachine } from '../../../src/labs/machine';
import { loadLessons } from '../../../src/lessons/catalog';
import { readLessonFiles } from '../lessonFiles';
import { analyzer, repoRoot } from '../testAnalyzer';

// Every bundled exercise, really checked on this machine: the starter fails for the reasons its brief
// declares, the reference solution passes, and the cheat (fast but wrong) fails on correctness. Where a
// toolchain is missing the run cannot be made: the static part is still asserted, then the test is pending.

const exercisesDir = path.join(repoRoot, 'exercises');
const exercises: Exercise[] = readdirSync(exercisesDir, { withFileTypes: true })
	.filter((d) => d.isDirectory() && !d.name.startsWith('_'))
	.map((d) => parseExercise(d.name, readFileSync(path.join(exercisesDir, d.name, 'brief.md'), 'utf8')))
	.sort((a, b) => a.order - b.order);

let toolchains: Toolchains;
let work: string;

const options = (): CheckOptions => ({ exercisesDir, toolchains, analyze: (text, e) => analyzer.analyze(text, e.language) });

/** Checks `file` as the learner's version of the exercise, in a fresh scaffolded folder. */
async function checkWith(exercise: Exercise, file: string): Promise<CheckResult> {
	const root = await mkdtemp(path.join(work, `${exercise.id}-`));
	await scaffold(root, [exercise], exercisesDir);
	await copyFile(file, path.join(root, exercise.id, exercise.file));
	return checkExercise(exercise, path.join(root, exercise.id), options());
}

const failedParts = (r: CheckResult): CheckPart[] =>
	(
		[
			['static', r.static],
			['correctness', r.correctness],
			['measure', r.measure],
		] as const
	)
		.filter(([, part]) => part && !part.ok)
		.map(([name]) => name);

const explain = (r: CheckResult) => JSON.stringify({ summary: r.summary, runError: r.runError, output: r.output, measure: r.measure }, null, 1);

suite('Exercises: every bundled one, checked for real', function () {
	this.timeout(180_000);

	suiteSetup(async () => {
		toolchains = await findToolchains(await describeMachine());
		work = await mkdtemp(path.join(os.tmpdir(), 'concurrency-lens-exercises-'));
	});
	suiteTeardown(() => rm(work, { recursive: true, force: true }));

	test('the course has at least 14 exercises: 6 JavaScript/TypeScript, 5 Python, 3 among Go, Rust, Java and C#', () => {
		const count = (languages: string[]) => exercises.filter((e) => languages.includes(settingsLanguage(e.language))).length;
		assert.ok(exercises.length >= 14, `${exercises.length} exercises`);
		assert.ok(count(['javascript', 'typescript']) >= 6, `${count(['javascript', 'typescript'])} JavaScript/TypeScript`);
		assert.ok(count(['python']) >= 5, `${count(['python'])} Python`);
		assert.ok(count(['go', 'rust', 'java', 'csharp']) >= 3, `${count(['go', 'rust', 'java', 'csharp'])} Go/Rust/Java/C#`);
	});

	test('each links to a lesson section that exists, and its rules read its language', () => {
		const { catalog } = loadLessons(readLessonFiles());
		for (const e of exercises) {
			assert.ok(catalog.resolve(e.lesson), `${e.id}: no lesson section ${e.lesson}`);
			for (const rule of e.rules) {
				assert.ok(ruleLanguages(rule).includes(settingsLanguage(e.language)), `${e.id}: ${rule} does not analyze ${e.language}`);
			}
			const own = path.join(exercisesDir, e.id);
			assert.ok(existsSync(path.join(own, 'starter', e.file)) && existsSync(solutionFile(exercisesDir, e)), `${e.id}: starter and solution`);
			if (e.runtime) {
				assert.ok(existsSync(path.join(own, 'cheats', e.file)), `${e.id}: a run exercise has a cheat`);
			}
		}
	});

	for (const exercise of exercises) {
		const own = path.join(exercisesDir, exercise.id);
		suite(`${exercise.id} (${exercise.runtime ?? 'analyzer only'})`, () => {
			const notRun = () => (exercise.runtime ? missingToolchain(exercise.runtime, toolchains) : undefined);

			test(`the starter fails: ${exercise.starterFails.join(', ')}`, async function () {
				const result = await checkWith(exercise, path.join(own, 'starter', exercise.file));
				assert.equal(result.status, 'fail', explain(result));
				assert.equal(result.runError, undefined, explain(result));
				if (notRun()) {
					assert.deepEqual(failedParts(result), exercise.starterFails.filter((p) => p === 'static'));
					return this.skip();
				}
				assert.deepEqual(failedParts(result), exercise.starterFails, explain(result));
			});

			test('the reference solution passes', async function () {
				const result = await checkWith(exercise, solutionFile(exercisesDir, exercise));
				assert.equal(result.status, 'pass', explain(result));
				if (notRun()) {
					return this.skip();
				}
				if (exercise.runtime) {
					assert.ok(result.correctness?.ok && (result.measure?.ok ?? true), explain(result));
				}
			});

			if (exercise.runtime) {
				test('the cheat (fast, but wrong) fails on correctness', async function () {
					if (notRun()) {
						return this.skip();
					}
					const result = await checkWith(exercise, path.join(own, 'cheats', exercise.file));
					assert.equal(result.status, 'fail', explain(result));
					assert.equal(result.correctness?.ok, false, explain(result));
				});
			}
		});
	}
});
