import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { languageForFile } from '../../../src/analysis/languageIds';
import type { Finding } from '../../../src/analysis/types';
import { WorkspaceIndex } from '../../../src/analysis/workspaceIndex';
import { analyzer, repoRoot } from '../testAnalyzer';
import { parseCarets, type Expectation } from './caretFixtures';
import { describeForSnapshot, formatSnapshot, parseSnapshot, splitCases } from './fixtureSnapshots';

// One test per `###` case of every fixture: the carets state which findings the case must produce (and
// that there are no others), and `<fixture>.snap` pins what users read about them (message, ranges,
// context, chain, fix). `npm run test:update-snapshots` rewrites the snapshots for review.

const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');
const updating = process.env.UPDATE_SNAPSHOTS === '1';
const NO_FINDINGS = '(no findings)';

function describeFinding(f: Finding, lines: string[]): string {
	return `  ${f.range.startLine + 1}:${f.range.startColumn} ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}  | ${lines[f.range.startLine]?.trim()}\n      ${f.message}`;
}

function describeExpectation(e: Expectation, lines: string[]): string {
	return `  ${e.line + 1}:${e.column} ${e.ruleId}${e.suppressed ? ' (suppressed)' : ''}  | ${lines[e.line]?.trim()}`;
}

const matches = (f: Finding, e: Expectation) =>
	f.ruleId === e.ruleId && f.range.startLine === e.line && f.range.startColumn === e.column && !!f.suppressed === e.suppressed;

/**
 * A language's fixtures: its files, each analyzed alone, and its folders, each a small workspace whose
 * files are analyzed with cross-file one hop into the others.
 */
function fixtureFiles(language: string): { file: string; fixture: string; workspace?: string }[] {
	const folder = path.join(fixturesRoot, language);
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
		if (!entry.isDirectory()) {
			return [{ file: entry.name, fixture: path.join(folder, entry.name) }];
		}
		const workspace = path.join(folder, entry.name);
		return readdirSync(workspace, { recursive: true, encoding: 'utf8' }).map((name) => ({
			file: `${entry.name}/${name.split(path.sep).join('/')}`,
			fixture: path.join(workspace, name),
			workspace,
		}));
	});
}

const index = new WorkspaceIndex(analyzer, { maxBytes: 1 << 20 });

for (const language of readdirSync(fixturesRoot)) {
	for (const { file, fixture, workspace } of fixtureFiles(language)) {
		const languageId = languageForFile(file);
		if (!languageId) {
			continue;
		}
		const snapFile = `${fixture}.snap`;
		const text = readFileSync(fixture, 'utf8');
		const lines = text.split('\n');
		const expected = parseCarets(text);
		const stored = existsSync(snapFile) ? parseSnapshot(readFileSync(snapFile, 'utf8')) : undefined;
		const actual = new Map<string, string>();
		let findings: Finding[] = [];

		suite(`Fixture ${language}/${file}`, () => {
			suiteSetup(async () => {
				findings = await analyzer.analyze(text, languageId, {}, workspace ? index.resolverFor(fixture, [workspace]) : undefined);
			});

			for (const fixtureCase of splitCases(text)) {
				const inCase = (line: number) => line >= fixtureCase.startLine && line < fixtureCase.endLine;
				test(fixtureCase.title, () => {
					const found = findings.filter((f) => inCase(f.range.startLine));
					const snapshot = found.map((f) => describeForSnapshot(f, text, languageId, workspace)).join('\n') || NO_FINDINGS;
					actual.set(fixtureCase.title, snapshot);
					const wanted = expected.filter((e) => inCase(e.line));
					const unexpected = found.filter((f) => !wanted.some((e) => matches(f, e)));
					const missing = wanted.filter((e) => !found.some((f) => matches(f, e)));
					const report = [
						missing.length ? `missing:\n${missing.map((e) => describeExpectation(e, lines)).join('\n')}` : '',
						unexpected.length ? `unexpected:\n${unexpected.map((f) => describeFinding(f, lines)).join('\n')}` : '',
					]
						.filter(Boolean)
						.join('\n');
					assert.equal(report, '', `${file}, case "${fixtureCase.title}":\n${report}`);
					if (!updating) {
						assert.ok(stored, `${path.relative(repoRoot, snapFile)} is missing: run \`npm run test:update-snapshots\``);
						assert.equal(
							snapshot,
							stored.get(fixtureCase.title) ?? '(case not in the snapshot)',
							`what users read changed; if intended, run \`npm run test:update-snapshots\` and review the diff`,
						);
					}
				});
			}

			test('(the snapshot has no case the fixture lost)', function () {
				if (updating || !stored) {
					this.skip();
				}
				const cases = new Set(splitCases(text).map((c) => c.title));
				assert.deepEqual(
					[...stored.keys()].filter((title) => !cases.has(title)),
					[],
					'run `npm run test:update-snapshots`',
				);
			});

			suiteTeardown(() => {
				if (updating) {
					writeFileSync(snapFile, formatSnapshot(actual));
				}
			});
		});
	}
}
