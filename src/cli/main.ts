#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../analysis/analyzer';
import { fileWasmLoader } from '../analysis/fileWasmLoader';
import { LANGUAGES, settingsLanguage } from '../analysis/languageIds';
import { ruleLanguages } from '../analysis/languages';
import { isRuleId, RULE_IDS, RULES } from '../analysis/rules/catalog';
import type { AnalysisOptions, RuleSetting } from '../analysis/types';
import { toJson, toSarif, toText } from './formats';
import { formatOption, isUsageError, UsageError } from './args';
import { POOL_PAYS_FROM_FILES, scan } from './scan';

/** The package root (holding `lessons/` and `dist/grammars/`), found from wherever this file was built to. */
const ROOT = packageRoot(__dirname);

function packageRoot(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'lessons')) && existsSync(path.join(dir, 'package.json'))) {
			return dir;
		}
		if (path.dirname(dir) === dir) {
			return path.resolve(start, '..');
		}
	}
}

/** Grammars as the build copies them; in a source checkout before a build, straight from the package. */
async function grammarFolder(): Promise<string> {
	const built = path.join(ROOT, 'dist', 'grammars');
	// A computed id, so the bundler leaves this development-only lookup alone.
	const runtime = ['@vscode', 'tree-sitter-wasm', 'wasm', 'tree-sitter.wasm'].join('/');
	return access(built).then(
		() => built,
		() => path.dirname(require.resolve(runtime)),
	);
}
/** The version the package declares: one source, read once at start-up. */
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const USAGE = `concurrency-lens ${VERSION} — find blocking work in async code and unbounded spawning

Usage:
  concurrency-lens scan [paths…] [options]   analyze files and folders (default: .)
  concurrency-lens rules [--format text|json]  list the rule catalogue
  concurrency-lens lessons [--format text|json] [--content dir]  list the lessons (fails on invalid content)
  concurrency-lens quiz [--format text|json] [--lesson id] [--content dir]  list quiz questions with their keys
  concurrency-lens lab list [--format text|json]   list the bundled experiments, their knobs and runtimes
  concurrency-lens lab run <id> [--param k=v]… [--format text|json] [--timeout s] [--python path]
                                  run an experiment on this machine and print what was measured
  concurrency-lens exercise list [--format text|json]   list the fix-it exercises and what each measures
  concurrency-lens exercise init <dir>     write the exercises into a folder (existing files are kept)
  concurrency-lens exercise check <dir> [--id X]… [--format text|json] [--timeout s] [--python path]
                                  check your fixes: the analyzer, the results, and a measured run

  --content dir                   read lessons/ from another folder (to check lessons you are writing)

Scan options:
  --format text|json|sarif        output format (default text)
  --rules a,b                     run only these rules
  --disable rule                  switch a rule off (repeatable)
  --severity rule=level           re-grade a rule: error, warning, info, hint or off (repeatable)
  --language-severity lang:rule=level   the same, for one language (repeatable)
  --exclude glob                  skip matching paths (repeatable)
  --max-file-size KB              skip larger files (default 1024)
  --no-gitignore                  also scan files that .gitignore excludes
  --cross-file                    also follow async code's calls into the scanned code's own modules (Python
                                  imports, JS/TS relative imports): one hop, the chain names the file
  -j, --jobs N                    worker threads that read and analyze (default: the machine's cores, from
                                  1,000 files; fewer are scanned in this thread; 1: always this thread)
  -o, --output file               write the report to a file instead of stdout

Exit codes: 0 no findings, 1 findings, 2 usage or I/O error.
lab run: 0 measured, 1 the experiment failed (crash, timeout), 2 bad parameters or a missing runtime.
exercise check: 0 every checked exercise passes, 1 some fail, 2 usage error or a check that could not be made.`;

export async function main(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	if (!command || command === '--help' || command === '-h' || command === 'help') {
		console.log(USAGE);
		return command ? 0 : 2;
	}
	if (command === '--version' || command === '-v') {
		console.log(VERSION);
		return 0;
	}
	switch (command) {
		case 'scan':
			return runScan(rest);
		case 'rules':
			return listRules(rest);
		// Lessons, quizzes and labs load their own module, so a scan never loads what it does not use.
		case 'lessons':
			return (await import('./course.js')).listLessons(rest, ROOT);
		case 'quiz':
			return (await import('./course.js')).listQuiz(rest, ROOT, await grammarFolder());
		case 'lab':
			return (await import('./course.js')).lab(rest, ROOT);
		case 'exercise':
			return (await import('./course.js')).exercise(rest, ROOT, await grammarFolder());
		default:
			throw new UsageError(`unknown command '${command}'`);
	}
}

async function runScan(args: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			format: { type: 'string' },
			rules: { type: 'string' },
			disable: { type: 'string', multiple: true },
			severity: { type: 'string', multiple: true },
			'language-severity': { type: 'string', multiple: true },
			exclude: { type: 'string', multiple: true },
			'max-file-size': { type: 'string' },
			'no-gitignore': { type: 'boolean' },
			'cross-file': { type: 'boolean' },
			jobs: { type: 'string', short: 'j' },
			output: { type: 'string', short: 'o' },
		},
	});
	const format = formatOption(values.format, ['text', 'json', 'sarif']);
	const maxKb = Number(values['max-file-size'] ?? 1024);
	if (!Number.isFinite(maxKb) || maxKb <= 0) {
		throw new UsageError('--max-file-size must be a positive number of KB');
	}
	const jobs = Number(values.jobs ?? os.availableParallelism());
	if (!Number.isInteger(jobs) || jobs < 1) {
		throw new UsageError('--jobs must be a whole number of threads, 1 or more');
	}
	const analysis = analysisOptions(values.rules, values.disable ?? [], values.severity ?? [], values['language-severity'] ?? []);
	const grammars = await grammarFolder();
	const analyzer = new Analyzer(fileWasmLoader(grammars));
	const progress =
		process.stderr.isTTY && format !== 'text' ? (n: number, file: string) => process.stderr.write(`\r\x1b[Kscanned ${n} files… ${file.slice(-60)}`) : undefined;
	const report = await scan(positionals.length ? positionals : ['.'], analyzer, {
		analysis,
		maxFileBytes: maxKb * 1024,
		exclude: values.exclude ?? [],
		gitignore: !values['no-gitignore'],
		jobs,
		// An explicit --jobs is obeyed; by default a small scan stays in this thread.
		poolFromFiles: values.jobs === undefined ? POOL_PAYS_FROM_FILES : 0,
		grammars,
		onProgress: progress,
		crossFile: !!values['cross-file'],
	});
	if (progress) {
		process.stderr.write('\r\x1b[K');
	}
	for (const s of report.skipped) {
		process.stderr.write(`concurrency-lens: skipped ${s.file}: ${s.reason}\n`);
	}
	const output = format === 'json' ? toJson(report) : format === 'sarif' ? toSarif(report, VERSION) : toText(report);
	await write(output, values.output);
	return report.reports.some((r) => r.findings.some((f) => !f.suppressed)) ? 1 : 0;
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Builds analysis options from the rule flags, rejecting unknown rules, languages and levels. */
export function analysisOptions(only: string | undefined, disable: string[], severity: string[], languageSeverity: string[]): AnalysisOptions {
	const rules: Record<string, RuleSetting> = {};
	const checkRule = (id: string) => {
		if (!isRuleId(id)) {
			throw new UsageError(`unknown rule '${id}' (rules: ${RULE_IDS.join(', ')})`);
		}
		return id;
	};
	if (only !== undefined) {
		const wanted = new Set(only.split(',').map((r) => checkRule(r.trim())));
		for (const id of RULE_IDS) {
			if (!wanted.has(id)) {
				rules[id] = 'off';
			}
		}
	}
	for (const id of disable) {
		rules[checkRule(id)] = 'off';
	}
	const level = (text: string, flag: string) => {
		if (!LEVELS.has(text)) {
			throw new UsageError(`${flag}: level must be one of ${[...LEVELS].join(', ')}`);
		}
		return text as RuleSetting;
	};
	for (const entry of severity) {
		const [id, value] = entry.split('=');
		rules[checkRule(id)] = level(value ?? '', '--severity');
	}
	const languageRules: AnalysisOptions['languageRules'] = {};
	for (const entry of languageSeverity) {
		const match = /^([\w#+]+):([\w-]+)=(\w+)$/.exec(entry);
		const language = LANGUAGES.find((l) => l.id === match?.[1] || l.name.toLowerCase() === match?.[1].toLowerCase())?.id;
		if (!match || !language) {
			throw new UsageError(`--language-severity expects language:rule=level, e.g. go:unbounded-task-spawn=off (got '${entry}')`);
		}
		const key = settingsLanguage(language);
		languageRules[key] = { ...languageRules[key], [checkRule(match[2])]: level(match[3], '--language-severity') };
	}
	return { rules, languageRules };
}

function listRules(args: string[]): number {
	const { values } = parseArgs({ args, options: { format: { type: 'string' } } });
	const format = formatOption(values.format, ['text', 'json']);
	const rules = RULE_IDS.map((id) => ({
		id,
		kind: RULES[id].kind,
		languages: ruleLanguages(id),
		severity: RULES[id].defaultSeverity,
		lesson: RULES[id].lesson,
		title: RULES[id].title,
	}));
	console.log(
		format === 'json'
			? JSON.stringify({ version: 1, rules }, null, 2)
			: rules.map((r) => `${r.id} (${r.kind}, ${r.severity})\n  ${r.title}\n  languages: ${r.languages.join(', ')}\n  lesson: ${r.lesson}`).join('\n\n'),
	);
	return 0;
}

async function write(text: string, file: string | undefined): Promise<void> {
	if (file) {
		const { writeFile } = await import('node:fs/promises');
		await writeFile(file, text + '\n');
	} else {
		process.stdout.write(text + '\n');
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(e: unknown) => {
			const usage = isUsageError(e);
			console.error(`concurrency-lens: ${(e as Error).message}${usage ? "\nRun 'concurrency-lens --help' for usage." : ''}`);
			process.exitCode = 2;
		},
	);
}
