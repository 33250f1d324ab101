import ignore, { type Ignore } from 'ignore';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { languageForFile } from '../analysis/languageIds';

/** Folders that hold dependencies, build output or tool state: never the user's own source. */
const SKIPPED_FOLDERS = new Set([
	'.git',
	'.hg',
	'.svn',
	'node_modules',
	'vendor',
	'dist',
	'build',
	'out',
	'target',
	'bin',
	'obj',
	'.venv',
	'venv',
	'__pycache__',
	'.tox',
	'.mypy_cache',
	'.next',
	'.nuxt',
	'coverage',
	'.gradle',
	'.idea',
	'.vscode-test',
]);

export interface WalkOptions {
	exclude: readonly string[];
	/** Honour .gitignore files (on by default). */
	gitignore: boolean;
}

/** A source file to scan, or a folder that could not be read (so the report does not overstate coverage). */
export type WalkEntry = { file: string } | { unreadable: string; reason: string };

/**
 * Lists the supported source files under `targets` (files or folders), relative paths kept as given.
 * Skips dependency and build folders, git-ignored files and `exclude` globs. Throws with a clear message
 * when a target cannot be found or read.
 */
export async function* sourceFiles(targets: readonly string[], options: WalkOptions): AsyncGenerator<WalkEntry> {
	const excluded = options.exclude.length ? picomatch(options.exclude as string[], { dot: true }) : () => false;
	for (const target of targets) {
		const info = await stat(target).catch((e: NodeJS.ErrnoException) => {
			throw new Error(e.code === 'ENOENT' ? `no such file or folder: ${target}` : `cannot read ${target}: ${e.code ?? e.message}`);
		});
		if (info.isFile()) {
			if (languageForFile(target)) {
				yield { file: target };
			}
			continue;
		}
		yield* walkFolder(target, options.gitignore ? [] : undefined, excluded);
	}
}

interface ScopedIgnore {
	base: string;
	rules: Ignore;
}

async function* walkFolder(folder: string, ignores: ScopedIgnore[] | undefined, excluded: (p: string) => boolean): AsyncGenerator<WalkEntry> {
	const scoped = ignores ? [...ignores, ...(await gitignoreAt(folder))] : undefined;
	let entries;
	try {
		entries = await readdir(folder, { withFileTypes: true });
	} catch (e) {
		yield { unreadable: folder, reason: `folder could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
		return;
	}
	entries.sort((a, b) => a.name.localeCompare(b.name));
	for (const entry of entries) {
		const full = path.join(folder, entry.name);
		const posix = full.split(path.sep).join('/');
		const isDir = entry.isDirectory();
		if ((isDir && SKIPPED_FOLDERS.has(entry.name)) || excluded(posix) || (isDir && excluded(`${posix}/`)) || isIgnored(scoped, full, isDir)) {
			continue;
		}
		if (isDir) {
			yield* walkFolder(full, scoped, excluded);
		} else if (entry.isFile() && languageForFile(entry.name)) {
			yield { file: full };
		}
	}
}

async function gitignoreAt(folder: string): Promise<ScopedIgnore[]> {
	const text = await readFile(path.join(folder, '.gitignore'), 'utf8').catch(() => undefined);
	return text === undefined ? [] : [{ base: folder, rules: ignore().add(text) }];
}

function isIgnored(scoped: ScopedIgnore[] | undefined, full: string, isDir: boolean): boolean {
	return (scoped ?? []).some(({ base, rules }) => {
		const relative = path.relative(base, full).split(path.sep).join('/');
		return relative !== '' && !relative.startsWith('..') && rules.ignores(isDir ? `${relative}/` : relative);
	});
}
