import type { Finding, LanguageId, Span } from './types';

/** A safe rewrite for a finding: replace `range` with `newText` (plus any import it needs). */
export interface Rewrite {
	title: string;
	edits: { range: Span; newText: string }[];
}

interface Call {
	/** The callee as written: `time.sleep`, `fs.readFileSync`, `Thread.Sleep`. */
	callee: string;
	/** The argument text between the parentheses. */
	args: string;
}

/**
 * Rewrites that keep the program's meaning and keep concurrency bounded: the awaited async equivalent,
 * the blocking call moved to a worker thread, or a capped pool. Returns [] when no rewrite is safe.
 */
export function rewritesFor(finding: Finding, text: string, languageId: LanguageId): Rewrite[] {
	const lines = text.split('\n');
	const source = sliceSpan(lines, finding.range);
	const replace = (title: string, newText: string, extra: Rewrite['edits'] = []): Rewrite[] => [
		{ title, edits: [{ range: finding.range, newText }, ...extra] },
	];
	switch (languageId) {
		case 'python':
			return pythonRewrites(finding, source, lines, replace);
		case 'javascript':
		case 'typescript':
		case 'tsx':
			return jsRewrites(finding, source, replace);
		case 'csharp':
			return csharpRewrites(finding, source, replace);
		case 'rust':
			return rustRewrites(finding, source, text, replace);
		case 'java':
			return javaRewrites(finding, source, replace);
		case 'go':
		case 'cpp':
			return []; // no rewrite is safe enough: bounding a goroutine or a std::thread needs design
	}
}

type Replace = (title: string, newText: string, extra?: Rewrite['edits']) => Rewrite[];

/** Only whole single calls `callee(args)` are rewritten: anything else (chains, lambdas) is left alone. */
function parseCall(source: string): Call | undefined {
	const match = /^([A-Za-z_][\w.:]*)\s*\(([\s\S]*)\)$/.exec(source.trim());
	if (!match || !balanced(match[2])) {
		return undefined;
	}
	return { callee: match[1], args: match[2] };
}

/** True when every bracket in `args` closes within it, so `f(a)(b)` is not mistaken for one call. */
function balanced(args: string): boolean {
	let depth = 0;
	for (const c of args.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""')) {
		depth += c === '(' || c === '[' || c === '{' ? 1 : c === ')' || c === ']' || c === '}' ? -1 : 0;
		if (depth < 0) {
			return false;
		}
	}
	return depth === 0;
}

function sliceSpan(lines: readonly string[], span: Span): string {
	if (span.startLine === span.endLine) {
		return lines[span.startLine]?.slice(span.startColumn, span.endColumn) ?? '';
	}
	return [lines[span.startLine].slice(span.startColumn), ...lines.slice(span.startLine + 1, span.endLine), lines[span.endLine].slice(0, span.endColumn)].join(
		'\n',
	);
}

const withArgs = (fn: string, args: string) => (args.trim() ? `${fn}, ${args}` : fn);

// --- Python

function pythonRewrites(finding: Finding, source: string, lines: readonly string[], replace: Replace): Rewrite[] {
	const call = parseCall(source);
	if (!call) {
		return [];
	}
	const importAsyncio = lines.some((line) => /^\s*import\s+.*\basyncio\b/.test(line))
		? []
		: [{ range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, newText: 'import asyncio\n' }];
	const before = lines[finding.range.startLine].slice(0, finding.range.startColumn);
	const insideWith = /\bwith\s+(?:[^:]*,\s*)?$/.test(before);
	switch (finding.ruleId) {
		case 'blocking-call-in-async':
			if (finding.callee === 'time.sleep') {
				return replace('Use `await asyncio.sleep(…)`', `await asyncio.sleep(${call.args})`, importAsyncio);
			}
			if (insideWith || /(^|\.)(open|connect|urlopen|[A-Z]\w*)$/.test(call.callee)) {
				return [];
			}
			return replace(
				`Run it in a worker thread: \`await asyncio.to_thread(${call.callee}, …)\``,
				`await asyncio.to_thread(${withArgs(call.callee, call.args)})`,
				importAsyncio,
			);
		case 'blocking-wait-in-async':
			return finding.callee === 'asyncio.run' ? replace('Await the coroutine instead of starting a new loop', `await ${call.args.trim()}`) : [];
		case 'cpu-bound-in-async':
			// hashlib, zlib and bcrypt release the GIL, so a thread really runs them off the loop.
			return !finding.chain && /^(hashlib|zlib|gzip|bz2|lzma|bcrypt)\./.test(finding.callee)
				? replace(
						`Run it in a worker thread: \`await asyncio.to_thread(${call.callee}, …)\``,
						`await asyncio.to_thread(${withArgs(call.callee, call.args)})`,
						importAsyncio,
					)
				: [];
		case 'unbounded-thread-pool': {
			const size = /\blen\s*\([^()]*\)/.exec(call.args);
			return size ? replace(`Cap the pool at 32 workers: \`min(${size[0]}, 32)\``, `${call.callee}(${call.args.replace(size[0], `min(${size[0]}, 32)`)})`) : [];
		}
		case 'unbounded-thread-spawn':
		case 'unbounded-task-spawn':
			return []; // bounding a spawn loop changes its structure: the lesson shows how
		case 'dangling-task':
			return []; // who should own the task (a set, a TaskGroup, the caller) is a design choice: the lesson shows them
	}
}

// --- JavaScript / TypeScript

/** fs functions whose promise API has the same name and arguments. */
const FS_PROMISES = new Set([
	'readFile',
	'writeFile',
	'appendFile',
	'readdir',
	'stat',
	'lstat',
	'mkdir',
	'mkdtemp',
	'rm',
	'rmdir',
	'unlink',
	'rename',
	'copyFile',
	'cp',
	'access',
	'chmod',
	'chown',
	'realpath',
	'readlink',
	'symlink',
	'truncate',
	'utimes',
	'opendir',
]);

function jsRewrites(finding: Finding, source: string, replace: Replace): Rewrite[] {
	const call = parseCall(source);
	// `await` needs an async function: a request handler that is not async gets the message's advice only.
	const inAsync = finding.context?.kind === 'async-function';
	const match = call && inAsync && finding.ruleId === 'blocking-call-in-async' ? /^(\w+)\.(\w+)Sync$/.exec(call.callee) : undefined;
	if (!call || !match || !finding.callee.startsWith('fs.') || !FS_PROMISES.has(match[2])) {
		return [];
	}
	return replace(`Use \`await ${match[1]}.promises.${match[2]}(…)\``, `await ${match[1]}.promises.${match[2]}(${call.args})`);
}

// --- C#

function csharpRewrites(finding: Finding, source: string, replace: Replace): Rewrite[] {
	const trimmed = source.trim();
	if (finding.ruleId === 'blocking-wait-in-async') {
		const result = /^([\s\S]+?)\.Result$/.exec(trimmed);
		if (result) {
			return replace('Await the task instead of blocking on `.Result`', `(await ${result[1]})`);
		}
		const wait = /^([\s\S]+?)\.(?:Wait\(\)|GetAwaiter\(\)\.GetResult\(\))$/.exec(trimmed);
		if (wait) {
			return replace('Await the task instead of blocking on it', `await ${wait[1]}`);
		}
		const waitAll = parseCall(trimmed);
		return waitAll && /^(System\.Threading\.Tasks\.)?Task\.WaitAll$/.test(waitAll.callee)
			? replace('Use `await Task.WhenAll(…)`', `await Task.WhenAll(${waitAll.args})`)
			: [];
	}
	const call = parseCall(trimmed);
	if (!call || finding.ruleId !== 'blocking-call-in-async' || finding.chain) {
		return [];
	}
	if (/^(System\.Threading\.)?Thread\.Sleep$/.test(call.callee)) {
		return replace('Use `await Task.Delay(…)`', `await Task.Delay(${call.args})`);
	}
	const file = /^((?:System\.IO\.)?File)\.((?:Read|Write|Append)All(?:Text|Bytes|Lines))$/.exec(call.callee);
	return file ? replace(`Use \`await ${file[1]}.${file[2]}Async(…)\``, `await ${file[1]}.${file[2]}Async(${call.args})`) : [];
}

// --- Rust

const TOKIO_FS = new Set(['read_to_string', 'read', 'write', 'create_dir_all', 'create_dir', 'remove_file', 'remove_dir_all', 'copy', 'rename', 'metadata']);

function rustRewrites(finding: Finding, source: string, text: string, replace: Replace): Rewrite[] {
	const call = parseCall(source);
	// Only where the crate already uses tokio: the rewrite must compile.
	if (!call || finding.ruleId !== 'blocking-call-in-async' || finding.chain || !/\btokio\b/.test(text)) {
		return [];
	}
	if (/^(?:std::)?(?:thread::)?sleep$/.test(call.callee) && /sleep/.test(finding.callee)) {
		return replace('Use `tokio::time::sleep(…).await`', `tokio::time::sleep(${call.args}).await`);
	}
	const fs = /^(?:std::)?fs::(\w+)$/.exec(call.callee);
	return fs && TOKIO_FS.has(fs[1]) ? replace(`Use \`tokio::fs::${fs[1]}(…).await\``, `tokio::fs::${fs[1]}(${call.args}).await`) : [];
}

// --- Java

function javaRewrites(finding: Finding, source: string, replace: Replace): Rewrite[] {
	const call = parseCall(source);
	return finding.ruleId === 'unbounded-thread-pool' &&
		call &&
		/^(?:java\.util\.concurrent\.)?Executors\.newCachedThreadPool$/.test(call.callee) &&
		call.args.trim() === ''
		? replace(
				'Use a fixed pool sized to the CPUs',
				`${call.callee.replace(/newCachedThreadPool$/, 'newFixedThreadPool')}(Runtime.getRuntime().availableProcessors())`,
			)
		: [];
}
