import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exercise } from './types';

// Puts the exercises into a folder of the learner's: one folder per exercise with its brief as README.md and
// the starter file. Nothing that exists is overwritten: a file already there is kept and reported.

/** The file that marks a folder as an exercises folder (the extension and the CLI find exercises by it). */
export const MARKER = 'concurrency-lens-exercises.json';

export interface ScaffoldReport {
	created: string[];
	kept: string[];
}

/** Whether a file or folder is there (and reachable). */
export function exists(file: string): Promise<boolean> {
	return access(file).then(
		() => true,
		() => false,
	);
}

/** The README an exercise's folder gets: the brief, then the hints folded away, gentlest first. */
export function exerciseReadme(exercise: Exercise): string {
	const hints = exercise.hints.map((hint, i) => `<details><summary>Hint ${i + 1}</summary>\n\n${hint}\n\n</details>`).join('\n\n');
	const check = 'Check it with `concurrency-lens exercise check .. --id ' + exercise.id + '`, or with the Check lens above the code in VS Code.';
	return `${exercise.brief}\n\n**Measured:** ${exercise.measures}\n\n${check}\n\n${hints}\n`;
}

/** Writes what is missing of the given exercises into `root`; `exercisesDir` is the package's `exercises/`. */
export async function scaffold(root: string, exercises: readonly Exercise[], exercisesDir: string): Promise<ScaffoldReport> {
	const report: ScaffoldReport = { created: [], kept: [] };
	const write = async (file: string, content: () => string | Promise<Buffer>) => {
		const relative = path.relative(root, file);
		if (await exists(file)) {
			report.kept.push(relative);
			return;
		}
		await mkdir(path.dirname(file), { recursive: true });
		await writeFile(file, await content(), { flag: 'wx' });
		report.created.push(relative);
	};
	await write(path.join(root, MARKER), () => `${JSON.stringify({ version: 1, exercises: exercises.map((e) => e.id) }, null, 2)}\n`);
	await write(path.join(root, 'README.md'), () => index(exercises));
	for (const exercise of exercises) {
		await write(path.join(root, exercise.id, 'README.md'), () => exerciseReadme(exercise));
		await write(path.join(root, exercise.id, exercise.file), () => readFile(starterFile(exercisesDir, exercise)));
	}
	return report;
}

export function starterFile(exercisesDir: string, exercise: Exercise): string {
	return path.join(exercisesDir, exercise.id, 'starter', exercise.file);
}

export function solutionFile(exercisesDir: string, exercise: Exercise): string {
	return path.join(exercisesDir, exercise.id, 'solution', exercise.file);
}

/** Puts the starter back (the learner asked to reset). */
export async function resetExercise(root: string, exercise: Exercise, exercisesDir: string): Promise<void> {
	await mkdir(path.join(root, exercise.id), { recursive: true });
	await copyFile(starterFile(exercisesDir, exercise), path.join(root, exercise.id, exercise.file));
}

function index(exercises: readonly Exercise[]): string {
	const rows = exercises.map((e, i) => `${i + 1}. [${e.title}](${e.id}/README.md) — \`${e.id}/${e.file}\``).join('\n');
	return `# Concurrency Lens exercises\n\nEach folder holds a brief and a file with a concurrency mistake in it. Fix the file until its check passes:\nthe analyzer must find nothing, the results must be right, and the run must measure what the brief asks.\n\n${rows}\n`;
}
