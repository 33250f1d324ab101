import path from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../analysis/analyzer';
import { fileWasmLoader } from '../analysis/fileWasmLoader';
import { loadExercises } from '../exercises/catalog';
import { checkExercise } from '../exercises/check';
import { checkReport } from '../exercises/report';
import { exists, scaffold } from '../exercises/scaffold';
import { findToolchains, missingToolchain } from '../exercises/toolchains';
import type { CheckResult, Exercise } from '../exercises/types';
import { findLab, LABS } from '../labs/catalog';
import { describeMachine } from '../labs/machine';
import { LabRunError, runLab } from '../labs/runner';
import { asciiResult } from '../labs/timeline';
import { quizStats } from '../quiz/stats';
import { formatOption, UsageError } from './args';
import { loadContent } from './content';
import { quizListing } from './quizListing';

// The course commands (lessons, quiz, lab, exercise): a module of their own, loaded only when one of them runs, because
// lesson parsing, highlighting, YAML and the quiz code are most of the CLI's size and a scan needs none of it.

export async function listLessons(args: string[], root: string): Promise<number> {
	const { values } = parseArgs({ args, options: { format: { type: 'string' }, content: { type: 'string' } } });
	const format = formatOption(values.format, ['text', 'json']);
	const content = await validContent(values.content ?? root);
	if (!content) {
		return 2;
	}
	const lessons = content.catalog.lessons.map((l) => ({
		id: l.id,
		title: l.title,
		order: l.order,
		summary: l.summary,
		group: l.group,
		sections: l.sections.map((s) => ({ id: s.id, title: s.title, anchor: `${l.id}#${s.id}` })),
		languages: [...new Set(l.examples.map((e) => e.language))].sort(),
		rules: l.rules,
		prerequisites: l.prerequisites,
	}));
	console.log(
		format === 'json'
			? JSON.stringify({ version: 1, lessons }, null, 2)
			: lessons
					.map(
						(l) =>
							`${l.order}. ${l.title} [${l.id}]\n   ${l.summary}\n   sections: ${l.sections.map((s) => s.id).join(', ')}\n   languages: ${l.languages.join(', ')}${l.rules.length ? `\n   rules: ${l.rules.join(', ')}` : ''}`,
					)
					.join('\n'),
	);
	return 0;
}

export async function listQuiz(args: string[], root: string, grammars: string): Promise<number> {
	const { values } = parseArgs({ args, options: { format: { type: 'string' }, lesson: { type: 'string' }, content: { type: 'string' } } });
	const format = formatOption(values.format, ['text', 'json']);
	const content = await validContent(values.content ?? root);
	if (!content) {
		return 2;
	}
	const { catalog, questions } = content;
	if (values.lesson && !catalog.get(values.lesson)) {
		throw new UsageError(`unknown lesson '${values.lesson}'`);
	}
	const analyzer = new Analyzer(fileWasmLoader(grammars));
	const selected = questions.filter((q) => !values.lesson || q.lesson === values.lesson);
	const listing = await quizListing(selected, analyzer);
	console.log(
		format === 'json'
			? JSON.stringify({ version: 1, stats: quizStats(selected), questions: listing }, null, 2)
			: listing.map((q) => `[${q.lesson}] ${q.id} (${q.kind})\n  ${q.prompt}\n  answer: ${JSON.stringify(q.answer)}`).join('\n\n'),
	);
	return 0;
}

export async function lab(args: string[], root: string): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: { format: { type: 'string' }, param: { type: 'string', multiple: true }, timeout: { type: 'string' }, python: { type: 'string' } },
	});
	const format = formatOption(values.format, ['text', 'json']);
	const machine = await describeMachine({ python: values.python });
	if (sub === 'list') {
		const labs = LABS.map((l) => ({
			id: l.id,
			title: l.title,
			runtime: l.runtime,
			lesson: l.lesson,
			knobs: l.knobs,
			variants: l
				.variants(Object.fromEntries(l.knobs.map((k) => [k.id, k.default === 'cores' ? Math.min(k.max, machine.cpus) : k.default])), machine)
				.map((v) => v.id),
			available: l.runtime === 'node' || !!(l.runtime === 'python' ? machine.python : machine.go),
		}));
		console.log(
			format === 'json'
				? JSON.stringify({ version: 1, machine, labs }, null, 2)
				: labs
						.map(
							(l) =>
								`${l.id} (${l.runtime}${l.available ? '' : ', runtime missing'})\n  ${l.title}\n  lesson: ${l.lesson}\n  knobs: ${l.knobs.map((k) => `${k.id}=${k.min}..${k.max}`).join(' ')}`,
						)
						.join('\n\n'),
		);
		return 0;
	}
	if (sub !== 'run' || positionals.length !== 1) {
		throw new UsageError("expected 'lab list' or 'lab run <id>'");
	}
	const found = findLab(positionals[0]);
	if (!found) {
		throw new UsageError(`unknown lab '${positionals[0]}' (labs: ${LABS.map((l) => l.id).join(', ')})`);
	}
	const given: Record<string, string> = {};
	for (const entry of values.param ?? []) {
		const [key, value] = entry.split('=');
		if (!key || value === undefined) {
			throw new UsageError(`--param expects k=v, got '${entry}'`);
		}
		given[key] = value;
	}
	const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
	if (timeout !== undefined && !(timeout > 0 && timeout <= 600)) {
		throw new UsageError('--timeout must be a number of seconds from 1 to 600');
	}
	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once('SIGINT', stop).once('SIGTERM', stop);
	try {
		const result = await runLab(found, given, {
			labsDir: path.join(root, 'labs'),
			machine,
			signal: controller.signal,
			timeoutMs: timeout && timeout * 1000,
			onProgress: ({ variant, index, total }) => process.stderr.isTTY && process.stderr.write(`\r\x1b[Krunning ${index + 1}/${total}: ${variant.label}…`),
		});
		if (process.stderr.isTTY) {
			process.stderr.write('\r\x1b[K');
		}
		console.log(format === 'json' ? JSON.stringify(result, null, 2) : asciiResult(result, found));
		return 0;
	} catch (e) {
		if (!(e instanceof LabRunError)) {
			throw e;
		}
		console.error(`concurrency-lens: lab ${found.id}: ${e.message}`);
		return e.failure === 'bad-params' || e.failure === 'missing-runtime' ? 2 : 1;
	} finally {
		process.off('SIGINT', stop).off('SIGTERM', stop);
	}
}

/** The lessons and quizzes of `dir`, or undefined after printing their problems. */
async function validContent(dir: string) {
	const content = await loadContent(dir);
	content.errors.forEach((e) => console.error(`concurrency-lens: ${e.message}`));
	return content.errors.length ? undefined : content;
}

export async function exercise(args: string[], root: string, grammars: string): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: { format: { type: 'string' }, id: { type: 'string', multiple: true }, timeout: { type: 'string' }, python: { type: 'string' } },
	});
	const format = formatOption(values.format, ['text', 'json']);
	const exercisesDir = path.join(root, 'exercises');
	const { exercises, errors } = await loadExercises(exercisesDir);
	// A broken exercise is left out and named; the others still work.
	errors.forEach((e) => console.error(`concurrency-lens: exercise left out: ${e.message}`));
	const unknown = (values.id ?? []).filter((id) => !exercises.some((e) => e.id === id));
	if (unknown.length) {
		throw new UsageError(`unknown exercise '${unknown[0]}' (exercises: ${exercises.map((e) => e.id).join(', ')})`);
	}
	const selected = exercises.filter((e) => !values.id || values.id.includes(e.id));
	if (sub === 'list') {
		const toolchains = await findToolchains(await describeMachine({ python: values.python }));
		const runs = (e: Exercise) => {
			const missing = e.runtime && missingToolchain(e.runtime, toolchains);
			return !e.runtime ? 'static only' : missing ? `static only: ${missing}` : 'yes';
		};
		const rows = selected.map((e) => ({
			id: e.id,
			title: e.title,
			language: e.language,
			runtime: e.runtime ?? null,
			lesson: e.lesson,
			rules: e.rules,
			file: e.file,
			measures: e.measures,
			run: runs(e),
		}));
		console.log(
			format === 'json'
				? JSON.stringify({ version: 1, exercises: rows }, null, 2)
				: rows
						.map((r) => `${r.id} (${r.language}${r.run === 'yes' ? '' : `, ${r.run}`})\n  ${r.title}\n  lesson: ${r.lesson}\n  measures: ${r.measures}`)
						.join('\n\n'),
		);
		return 0;
	}
	if ((sub !== 'init' && sub !== 'check') || positionals.length !== 1) {
		throw new UsageError("expected 'exercise list', 'exercise init <dir>' or 'exercise check <dir>'");
	}
	const dir = path.resolve(positionals[0]);
	if (sub === 'init') {
		const report = await scaffold(dir, selected, exercisesDir);
		if (format === 'json') {
			console.log(JSON.stringify({ version: 1, folder: dir, ...report }, null, 2));
		} else {
			console.log(
				`${report.created.length} files written to ${dir}${report.kept.length ? `; ${report.kept.length} already there were kept as they are` : ''}.`,
			);
			console.log(
				`Next: fix ${selected[0] ? `${selected[0].id}/${selected[0].file}` : 'an exercise'}, then: concurrency-lens exercise check ${positionals[0]}`,
			);
		}
		return 0;
	}
	const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
	if (timeout !== undefined && !(timeout > 0 && timeout <= 600)) {
		throw new UsageError('--timeout must be a number of seconds from 1 to 600');
	}
	const present = await Promise.all(selected.map((e) => exists(path.join(dir, e.id))));
	const toCheck = selected.filter((_, i) => present[i]);
	if (toCheck.length === 0) {
		throw new UsageError(`no exercise folders in ${dir}: run 'concurrency-lens exercise init ${positionals[0]}' first`);
	}
	const toolchains = await findToolchains(await describeMachine({ python: values.python }));
	const analyzer = new Analyzer(fileWasmLoader(grammars));
	const controller = new AbortController();
	const stop = () => controller.abort();
	process.once('SIGINT', stop).once('SIGTERM', stop);
	const results: CheckResult[] = [];
	try {
		// One at a time: two checks measuring side by side would disturb each other's figures.
		for (const e of toCheck) {
			const result = await checkExercise(e, path.join(dir, e.id), {
				exercisesDir,
				toolchains,
				analyze: (text, x) => analyzer.analyze(text, x.language),
				timeoutMs: timeout && timeout * 1000,
				signal: controller.signal,
			});
			results.push(result);
			if (format === 'text') {
				console.log(checkReport(e, result));
			}
		}
	} finally {
		analyzer.dispose();
		process.off('SIGINT', stop).off('SIGTERM', stop);
	}
	if (format === 'json') {
		console.log(JSON.stringify({ version: 1, results }, null, 2));
	}
	return results.some((r) => r.status === 'error') ? 2 : results.every((r) => r.status === 'pass') ? 0 : 1;
}
