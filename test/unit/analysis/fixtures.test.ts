import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { languageForFile } from '../../../src/analysis/languageIds';
import type { Finding } from '../../../src/analysis/types';
import { analyzer, repoRoot } from '../testAnalyzer';
import { parseCarets, type Expectation } from './caretFixtures';

const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');

function describeFinding(f: Finding, lines: string[]): string {
	return `  ${f.range.startLine + 1}:${f.range.startColumn} ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}  | ${lines[f.range.startLine]?.trim()}\n      ${f.message}`;
}

function describeExpectation(e: Expectation, lines: string[]): string {
	return `  ${e.line + 1}:${e.column} ${e.ruleId}${e.suppressed ? ' (suppressed)' : ''}  | ${lines[e.line]?.trim()}`;
}

suite('Analyzer fixtures (caret-marked)', () => {
	for (const language of readdirSync(fixturesRoot)) {
		for (const file of readdirSync(path.join(fixturesRoot, language))) {
			const languageId = languageForFile(file);
			if (!languageId) {
				continue;
			}
			test(`${language}/${file}`, async () => {
				const text = readFileSync(path.join(fixturesRoot, language, file), 'utf8');
				const lines = text.split('\n');
				const expected = parseCarets(text);
				const findings = await analyzer.analyze(text, languageId);
				const matches = (f: Finding, e: Expectation) =>
					f.ruleId === e.ruleId && f.range.startLine === e.line && f.range.startColumn === e.column && !!f.suppressed === e.suppressed;
				const unexpected = findings.filter((f) => !expected.some((e) => matches(f, e)));
				const missing = expected.filter((e) => !findings.some((f) => matches(f, e)));
				const report = [
					missing.length ? `missing:\n${missing.map((e) => describeExpectation(e, lines)).join('\n')}` : '',
					unexpected.length ? `unexpected:\n${unexpected.map((f) => describeFinding(f, lines)).join('\n')}` : '',
				].filter(Boolean).join('\n');
				assert.ok(expected.length > 0 || findings.length === 0, 'a fixture with no carets must produce no findings');
				assert.equal(report, '', `${file}:\n${report}`);
			});
		}
	}
});
