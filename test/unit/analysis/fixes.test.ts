import assert from 'node:assert/strict';
import { fileWasmLoader } from '../../../src/analysis/fileWasmLoader';
import { rewritesFor, type Rewrite } from '../../../src/analysis/fixes';
import { ParserHost } from '../../../src/analysis/parser';
import type { LanguageId, Span } from '../../../src/analysis/types';
import { analyzer, wasmFolder } from '../testAnalyzer';

const parsers = new ParserHost(fileWasmLoader(wasmFolder));

function offset(lines: string[], line: number, column: number): number {
	return lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
}

/** Applies edits back to front so earlier offsets stay valid. */
function apply(text: string, rewrite: Rewrite): string {
	const lines = text.split('\n');
	const edits = rewrite.edits.map((e) => ({
		start: offset(lines, e.range.startLine, e.range.startColumn),
		end: offset(lines, e.range.endLine, e.range.endColumn),
		text: e.newText,
	}));
	edits.sort((a, b) => b.start - a.start);
	return edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);
}

interface Case {
	name: string;
	language: LanguageId;
	before: string;
	after: string;
}

const CASES: Case[] = [
	{
		name: 'Python time.sleep → await asyncio.sleep',
		language: 'python',
		before: 'import asyncio\nimport time\n\nasync def tick():\n    time.sleep(0.5)\n',
		after: 'import asyncio\nimport time\n\nasync def tick():\n    await asyncio.sleep(0.5)\n',
	},
	{
		name: 'Python time.sleep adds the asyncio import it needs',
		language: 'python',
		before: 'import time\n\nasync def tick():\n    time.sleep(1)\n',
		after: 'import asyncio\nimport time\n\nasync def tick():\n    await asyncio.sleep(1)\n',
	},
	{
		name: 'Python blocking call → await asyncio.to_thread',
		language: 'python',
		before: 'import asyncio\nimport requests\n\nasync def fetch(url):\n    return requests.get(url, timeout=5)\n',
		after: 'import asyncio\nimport requests\n\nasync def fetch(url):\n    return await asyncio.to_thread(requests.get, url, timeout=5)\n',
	},
	{
		name: 'Python one-hop helper call → await asyncio.to_thread(helper)',
		language: 'python',
		before: 'import asyncio\n\ndef load():\n    with open("a") as f:\n        return f.read()\n\nasync def main():\n    data = load()\n    return data\n',
		after:
			'import asyncio\n\ndef load():\n    with open("a") as f:\n        return f.read()\n\nasync def main():\n    data = await asyncio.to_thread(load)\n    return data\n',
	},
	{
		name: 'Python asyncio.run inside a coroutine → await',
		language: 'python',
		before: 'import asyncio\n\nasync def inner():\n    return 1\n\nasync def outer():\n    return asyncio.run(inner())\n',
		after: 'import asyncio\n\nasync def inner():\n    return 1\n\nasync def outer():\n    return await inner()\n',
	},
	{
		name: 'Python pool sized by the input gets a cap',
		language: 'python',
		before:
			'from concurrent.futures import ThreadPoolExecutor\n\ndef run(urls):\n    with ThreadPoolExecutor(max_workers=len(urls)) as pool:\n        return list(pool.map(print, urls))\n',
		after:
			'from concurrent.futures import ThreadPoolExecutor\n\ndef run(urls):\n    with ThreadPoolExecutor(max_workers=min(len(urls), 32)) as pool:\n        return list(pool.map(print, urls))\n',
	},
	{
		name: 'Node fs.readFileSync → await fs.promises.readFile',
		language: 'javascript',
		before: "const fs = require('fs');\n\nasync function load(p) {\n  return fs.readFileSync(p, 'utf8');\n}\n",
		after: "const fs = require('fs');\n\nasync function load(p) {\n  return await fs.promises.readFile(p, 'utf8');\n}\n",
	},
	{
		name: 'TypeScript fs.writeFileSync → await fs.promises.writeFile',
		language: 'typescript',
		before: "import * as fs from 'node:fs';\n\nexport async function save(p: string, d: string): Promise<void> {\n  fs.writeFileSync(p, d);\n}\n",
		after: "import * as fs from 'node:fs';\n\nexport async function save(p: string, d: string): Promise<void> {\n  await fs.promises.writeFile(p, d);\n}\n",
	},
	{
		name: 'C# Thread.Sleep → await Task.Delay',
		language: 'csharp',
		before:
			'using System.Threading;\nusing System.Threading.Tasks;\n\nclass A {\n    async Task Run() {\n        Thread.Sleep(100);\n        await Task.Yield();\n    }\n}\n',
		after:
			'using System.Threading;\nusing System.Threading.Tasks;\n\nclass A {\n    async Task Run() {\n        await Task.Delay(100);\n        await Task.Yield();\n    }\n}\n',
	},
	{
		name: 'C# File.ReadAllText → await File.ReadAllTextAsync',
		language: 'csharp',
		before:
			'using System.IO;\nusing System.Threading.Tasks;\n\nclass A {\n    async Task<string> Load(string p) {\n        return File.ReadAllText(p);\n    }\n}\n',
		after:
			'using System.IO;\nusing System.Threading.Tasks;\n\nclass A {\n    async Task<string> Load(string p) {\n        return await File.ReadAllTextAsync(p);\n    }\n}\n',
	},
	{
		name: 'Rust std::thread::sleep → tokio::time::sleep(…).await',
		language: 'rust',
		before: 'use std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    std::thread::sleep(Duration::from_millis(10));\n}\n',
		after: 'use std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    tokio::time::sleep(Duration::from_millis(10)).await;\n}\n',
	},
	{
		name: 'Java newCachedThreadPool → a fixed pool sized to the CPUs',
		language: 'java',
		before: 'import java.util.concurrent.*;\n\nclass A {\n    ExecutorService pool = Executors.newCachedThreadPool();\n}\n',
		after:
			'import java.util.concurrent.*;\n\nclass A {\n    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());\n}\n',
	},
];

suite('Quick-fix rewrites', () => {
	for (const c of CASES) {
		test(c.name, async () => {
			const [finding] = await analyzer.analyze(c.before, c.language);
			assert.ok(finding, 'the "before" text must have a finding');
			const [rewrite] = rewritesFor(finding, c.before, c.language);
			assert.ok(rewrite, 'expected a rewrite');
			const after = apply(c.before, rewrite);
			assert.equal(after, c.after);
			const tree = await parsers.parse(c.language, after);
			try {
				assert.equal(tree.rootNode.hasError, false, 'the rewritten text must still parse');
			} finally {
				tree.delete();
			}
			const remaining = await analyzer.analyze(after, c.language);
			assert.ok(!remaining.some((f) => f.ruleId === finding.ruleId && f.range.startLine === finding.range.startLine), 'the finding must be gone');
		});
	}

	test('no rewrite where none is safe: open(), constructors, unknown shapes', async () => {
		const text = 'import asyncio\nimport sqlite3\n\nasync def f():\n    with open("x") as fh:\n        fh.read()\n    sqlite3.connect("db")\n';
		for (const finding of await analyzer.analyze(text, 'python')) {
			assert.deepEqual(rewritesFor(finding, text, 'python'), [], finding.callee);
		}
		const handler = "const fs = require('fs');\napp.get('/x', (req, res) => {\n  res.send(fs.readFileSync('x'));\n});\n";
		const handlerFindings = await analyzer.analyze(handler, 'javascript');
		assert.equal(handlerFindings.length, 1, 'a request handler that is not async is still on the event loop');
		assert.deepEqual(rewritesFor(handlerFindings[0], handler, 'javascript'), [], '`await` in a function that is not async would not compile');
		const rust = 'async fn f() {\n    std::thread::sleep(std::time::Duration::from_secs(1));\n}\n';
		for (const finding of await analyzer.analyze(rust, 'rust')) {
			assert.deepEqual(rewritesFor(finding, rust, 'rust'), [], 'without tokio in the file, the tokio rewrite would not compile');
		}
	});

	test('edits never overlap', () => {
		const span: Span = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 };
		const finding = {
			ruleId: 'blocking-call-in-async',
			kind: 'blocking-in-async',
			severity: 'warning',
			message: '',
			range: span,
			callee: 'time.sleep',
			lesson: 'x',
		} as const;
		const [rewrite] = rewritesFor({ ...finding, range: { startLine: 1, startColumn: 0, endLine: 1, endColumn: 13 } }, 'import time\ntime.sleep(1)\n', 'python');
		assert.equal(rewrite.edits.length, 2);
	});
});
