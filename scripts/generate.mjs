// Regenerates what package.json and README.md derive from the rule catalogue and the registered detectors
// (settings schema, activation events, the rules table). Run through `npm run generate`, which compiles
// first; `test/unit/manifest.test.ts` fails when the files drift from this output.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { withGeneratedManifest, withRulesTable } = require(path.join(ROOT, 'out/src/analysis/rules/contributions.js'));

function rewrite(file, transform) {
	const full = path.join(ROOT, file);
	const before = readFileSync(full, 'utf8');
	const after = transform(before);
	if (after !== before) writeFileSync(full, after);
	console.log(`${file}: ${after === before ? 'up to date' : 'regenerated'}`);
}

rewrite('package.json', (text) => `${JSON.stringify(withGeneratedManifest(JSON.parse(text)), null, '\t')}\n`);
rewrite('README.md', withRulesTable);
