// Bundles the extension (node/cjs, `vscode` external), the CLI (node/cjs) and the webview scripts
// (browser/iife), and copies the tree-sitter WASM files the analyzer loads at run time.
// Flags: --watch (rebuild on change), --production (minify, no source maps).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

/** The grammar files to ship, read from the language table itself so a new language cannot be forgotten here. */
async function grammarFiles() {
	const { outputFiles } = await esbuild.build({ entryPoints: ['src/analysis/languageIds.ts'], bundle: true, write: false, format: 'esm', platform: 'node' });
	const { LANGUAGES } = await import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
	return [...new Set(LANGUAGES.map((l) => l.grammar))];
}

/** Prints errors in the `file:line:col: error: text` shape the esbuild problem matcher reads. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
			console.log('[watch] build finished');
		});
	},
};

/** The CLI loads its course commands only when one runs: keep them a file of their own, not inlined. */
const courseCommandsApart = {
	name: 'course-commands-apart',
	setup(build) {
		build.onResolve({ filter: /^\.\/course\.js$/ }, (args) =>
			args.importer.endsWith(path.join('cli', 'main.ts')) ? { path: './course.js', external: true } : undefined,
		);
	},
};

/** @type {import('esbuild').BuildOptions & { plugins: import('esbuild').Plugin[] }} */
const shared = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	// In watch mode the problem-matcher plugin prints errors; esbuild's own log would print them twice.
	logLevel: watch ? 'silent' : 'warning',
	plugins: watch ? [problemMatcher] : [],
};

const contexts = await Promise.all([
	esbuild.context({
		...shared,
		entryPoints: {
			extension: 'src/extension.ts',
			cli: 'src/cli/main.ts',
			course: 'src/cli/course.ts',
			scanWorker: 'src/cli/scanWorker.ts',
			analysisWorker: 'src/analysis/offThreadWorker.ts',
		},
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		plugins: [...shared.plugins, courseCommandsApart],
	}),
	esbuild.context({
		...shared,
		entryPoints: { lesson: 'media/lesson.ts', quiz: 'media/quiz.ts' },
		outdir: 'dist/webview',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
	}),
]);

async function copyAssets() {
	const wasmDir = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));
	await mkdir('dist/grammars', { recursive: true });
	await Promise.all([
		copyFile(path.join(wasmDir, 'tree-sitter.wasm'), 'dist/grammars/tree-sitter.wasm'),
		...(await grammarFiles()).map((file) => copyFile(path.join(wasmDir, file), `dist/grammars/${file}`)),
	]);
}

await copyAssets();
if (watch) {
	await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
	await Promise.all(contexts.map((ctx) => ctx.rebuild()));
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
