import assert from 'node:assert/strict';
import { jsModules } from '../../../src/analysis/languages/javascript/modules';
import { pythonModules } from '../../../src/analysis/languages/python/modules';

// The screen before cross-file one hop: the modules a file may import from the workspace, read from its text.
// Missing one loses a finding, so each import shape the module models resolve must be among them.
suite('cross-file: candidate modules read from the text', () => {
	test('Python: from-imports (also as modules), plain imports and the modules their dotted calls name', () => {
		const text = [
			'from app.db import get_user, Repo as R',
			'from . import cache',
			'from ..util import (',
			'    clock,  # the clock',
			'    retry,',
			')',
			'from pkg import a, \\',
			'    b',
			'import app, os.path as p',
			'# import commented',
			'x = "import not_a_module"',
			'app.services.mail.send(x)',
		].join('\n');
		const candidates = pythonModules.candidateModules(text);
		for (const expected of [
			'app.db',
			'app.db.get_user',
			'.cache',
			'..util',
			'..util.clock',
			'..util.retry',
			'pkg.a',
			'pkg.b',
			'app',
			'os.path',
			'app.services.mail',
		]) {
			assert.ok(candidates.includes(expected), `${expected} in ${candidates.join(', ')}`);
		}
		assert.ok(!candidates.includes('.'), 'a bare package of dots is no module name');
		assert.ok(!candidates.some((c) => c.includes('commented') || c.includes('not_a_module')));
		assert.deepEqual(pythonModules.candidateModules('async def f():\n    return 1\n'), []);
	});

	test('JavaScript: relative import and require specifiers, not packages', () => {
		const text = [
			"import { readConfig } from './config.js';",
			"import * as db from '../db';",
			"const { execSync } = require('child_process');",
			"const helpers = require('./helpers');",
			"const index = require('..');",
			"import fs from 'node:fs';",
		].join('\n');
		assert.deepEqual(jsModules.candidateModules(text), ['./config.js', '../db', './helpers', '..']);
	});
});
