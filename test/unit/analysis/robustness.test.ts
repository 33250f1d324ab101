import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BinaryInputError } from '../../../src/analysis/errors';
import { languageForFile } from '../../../src/analysis/languageIds';
import { supportFor } from '../../../src/analysis/languages';
import type { LanguageId } from '../../../src/analysis/types';
import { loadLessons } from '../../../src/lessons/catalog';
import { seededRandom } from '../../../src/quiz/shuffle';
import { readLessonFiles } from '../lessonFiles';
import { analyzer, repoRoot } from '../testAnalyzer';

const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');
const fixtures = readdirSync(fixturesRoot).flatMap((folder) =>
	readdirSync(path.join(fixturesRoot, folder))
		.filter((f) => languageForFile(f))
		.map((f) => ({ name: `${folder}/${f}`, language: languageForFile(f)!, text: readFileSync(path.join(fixturesRoot, folder, f), 'utf8') })),
);
const examples = loadLessons(readLessonFiles()).catalog.lessons.flatMap((l) =>
	l.examples.map((e) => ({ name: `${l.id}#${e.id}`, language: e.language, text: e.code })),
);

const key = (f: { ruleId: string; range: { startLine: number; startColumn: number } }) => `${f.range.startLine}:${f.range.startColumn}:${f.ruleId}`;

suite('Analyzer robustness', () => {
	test('the textual screen never rules out a finding the full parse makes (fixtures and lesson examples)', async () => {
		for (const { name, language, text } of [...fixtures, ...examples]) {
			const support = supportFor(language);
			const screened = (await analyzer.analyze(text, language)).map(key);
			const screen = support.screen;
			support.screen = undefined;
			try {
				const unscreened = (await analyzer.analyze(text, language)).map(key);
				assert.deepEqual(screened, unscreened, name);
			} finally {
				support.screen = screen;
			}
		}
	});

	test('empty files, whitespace and lone keywords give no findings', async () => {
		for (const language of ['python', 'javascript', 'typescript', 'tsx', 'go', 'java', 'csharp', 'rust', 'cpp'] as LanguageId[]) {
			for (const text of ['', '\n\n', 'async', 'for', 'go', 'Thread(', '/*', '"""', '#']) {
				assert.deepEqual(await analyzer.analyze(text, language), [], `${language}: ${JSON.stringify(text)}`);
			}
		}
	});

	test('binary input is refused with a clear error, not parsed', async () => {
		await assert.rejects(analyzer.analyze('import time\0\0\0async def f():\n    time.sleep(1)\n', 'python'), BinaryInputError);
	});

	test('syntax errors still let the rest of the file be analyzed', async () => {
		const text = 'import time\n\ndef broken(:\n    pass\n\nasync def ok():\n    time.sleep(1)\n';
		const findings = await analyzer.analyze(text, 'python');
		assert.deepEqual(
			findings.map((f) => f.range.startLine),
			[6],
		);
	});

	test('deeply nested code and huge files finish without a stack overflow or a hang', async () => {
		const depth = 400;
		const nested = `async def f(xs):\n${Array.from({ length: depth }, (_, i) => `${'    '.repeat(i + 1)}if xs:\n`).join('')}${'    '.repeat(depth + 1)}time.sleep(1)\n`;
		const findings = await analyzer.analyze(`import time\n${nested}`, 'python');
		assert.equal(findings.length, 1);
		const jsNested = `const fs = require('fs');\nasync function f() {\n${'['.repeat(3000)}${']'.repeat(3000)};\n fs.readFileSync('x');\n}\n`;
		assert.equal((await analyzer.analyze(jsNested, 'javascript')).length, 1);
		const huge = 'import threading\n\ndef spawn(items):\n    for x in items:\n        threading.Thread(target=print).start()\n\n'.repeat(4000);
		const hugeFindings = await analyzer.analyze(huge, 'python');
		assert.equal(hugeFindings.length, 4000);
	});

	// Only "no crash" here: on broken code the parser's error recovery and the screen's reading of the
	// indentation may honestly disagree about which function a line is in.
	test('random mutations of every fixture never crash the analyzer', async () => {
		const random = seededRandom(20261127);
		const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
		const junk = ['(', ')', '{', '}', ':', '"', "'", '`', '\n', '    ', 'async ', 'await ', 'for ', 'go ', '/*', '#', '\\'];
		for (const { name, language, text } of fixtures) {
			for (let i = 0; i < 20; i++) {
				const at = Math.floor(random() * text.length);
				const end = Math.min(text.length, at + Math.floor(random() * 80));
				const mutated = random() < 0.5 ? text.slice(0, at) + pick(junk) + text.slice(end) : text.slice(0, at) + text.slice(end, end + 200) + text.slice(at);
				const support = supportFor(language);
				const screen = support.screen;
				try {
					await analyzer.analyze(mutated, language);
					support.screen = undefined;
					await analyzer.analyze(mutated, language);
				} catch (e) {
					assert.fail(`${name}, mutation ${i} at ${at}: ${(e as Error).stack}`);
				} finally {
					support.screen = screen;
				}
			}
		}
	});
});
