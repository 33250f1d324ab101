import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { languageForFile } from '../../../src/analysis/languageIds';
import { ParserHost } from '../../../src/analysis/parser';
import { nodeAt, NodeLocator, parentOf } from '../../../src/analysis/syntaxHelpers';
import { fileWasmLoader } from '../../../src/analysis/fileWasmLoader';
import { seededRandom } from '../../../src/quiz/shuffle';
import { ADVERSARIAL_LANGUAGES, generate, SHAPES } from '../../adversarial';
import { analyzer, repoRoot, wasmFolder } from '../testAnalyzer';

// The worst cases `npm run bench` times must also be right: one finding per generated site. The engine's
// shortcuts for them (a forward-moving locator, remembered parents) must agree with tree-sitter's own.

suite('Adversarial files: deep nests, long lines, many functions', () => {
	for (const languageId of ADVERSARIAL_LANGUAGES) {
		for (const shape of SHAPES) {
			test(`${languageId} ${shape}: one finding per site, at each site`, async () => {
				for (const bytes of [600, 6000]) {
					const { text, sites } = generate(languageId, shape, bytes);
					const findings = await analyzer.analyze(text, languageId);
					assert.equal(findings.length, sites, `${bytes} bytes`);
					const starts = new Set(findings.map((f) => `${f.range.startLine}:${f.range.startColumn}`));
					assert.equal(starts.size, sites, 'every finding at a site of its own');
				}
			});
		}
	}
});

suite('NodeLocator', () => {
	const host = new ParserHost(fileWasmLoader(wasmFolder));
	const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');
	const files = readdirSync(fixturesRoot).flatMap((folder) =>
		readdirSync(path.join(fixturesRoot, folder))
			.filter((f) => languageForFile(f))
			.map((f) => ({ name: `${folder}/${f}`, languageId: languageForFile(f)!, text: readFileSync(path.join(fixturesRoot, folder, f), 'utf8') })),
	);

	test('finds what descendantForIndex finds, in document order and shuffled, and learns the right parents', async () => {
		const random = seededRandom(7);
		for (const { name, languageId, text } of files) {
			// Word ranges like trigger hits, empty ranges (line ends) and the text's end.
			const ranges = [...text.matchAll(/\w+|\n/g)].map((m) => (m[0] === '\n' ? [m.index, m.index] : [m.index, m.index + m[0].length]));
			ranges.push([text.length, text.length]);
			const shuffled = [...ranges].sort(() => random() - 0.5);
			for (const order of [ranges, shuffled]) {
				// A new tree each time: no parent remembered from the last order.
				const tree = await host.parse(languageId, text);
				const locator = new NodeLocator(tree.rootNode);
				try {
					for (const [start, end] of order) {
						const found = locator.at(start, end);
						const expected = nodeAt(tree.rootNode, start, end);
						const where = `${name} ${start}-${end}`;
						assert.equal(found.id, expected.id, `${where}: ${found.type} for ${expected.type}`);
						for (let n: typeof expected | null = expected; n; n = n.parent) {
							assert.equal(parentOf(n)?.id, n.parent?.id, `${where}: the parent of ${n.type}`);
						}
					}
				} finally {
					locator.dispose();
					tree.delete();
				}
			}
		}
	});
});
