// Runs every test/e2e/*.e2e.mjs spec (each `export default async function (t)`) through runE2E.
//   node test/e2e/run.mjs [name-filter ...]     e.g. `node test/e2e/run.mjs workbench`
// Needs `npm run build` first (`npm run test:e2e` does both).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runE2E } from './lib.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.e2e.mjs'))
	.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
	.sort();
if (files.length === 0) {
	console.error(`no test/e2e/*.e2e.mjs spec matches ${filters.join(' ') || '(none present)'}`);
	process.exit(1);
}
const specs = [];
for (const f of files) {
	const mod = await import(pathToFileURL(path.join(dir, f)).href);
	if (typeof mod.default !== 'function') throw new Error(`${f} must \`export default async function (t)\``);
	specs.push({ name: f.replace(/\.e2e\.mjs$/, ''), fn: mod.default });
}
await runE2E(specs);
