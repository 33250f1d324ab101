// `npm run test:update-snapshots`: reruns the fixture tests with UPDATE_SNAPSHOTS=1, which rewrites every
// `test/fixtures/**/*.snap` from the analyzer's current output. Review the diff before committing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mocha = require.resolve('mocha/bin/mocha.js');
const { status } = spawnSync(process.execPath, [mocha, '--no-config', '--ui', 'tdd', '--timeout', '60000', 'out/test/unit/analysis/fixtures.test.js'], {
	stdio: 'inherit',
	env: { ...process.env, UPDATE_SNAPSHOTS: '1' },
});
process.exit(status ?? 1);
