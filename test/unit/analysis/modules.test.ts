import assert from 'node:assert/strict';
import { jsModules } from '../../../src/analysis/languages/javascript/modules';
import path from 'node:path';
import { pythonModules } from '../../../src/analysis/languages/python/modules';
import { rustModules } from '../../../src/analysis/languages/rust/modules';

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

	test('Rust: `use` trees of this crate, `mod` files and paths called in full, not other crates', () => {
		const text = [
			'mod db;',
			'mod tests { }',
			'pub(crate) use crate::net::{self, fetch::{get, post as send}, *};',
			'use super::util::clock as c;',
			'use std::fs;',
			'use serde::Deserialize;',
			'// use crate::commented;',
			'fn f() { crate::jobs::queue::push(1); super::retry::<u8>(2); }',
		].join('\n');
		const candidates = rustModules.candidateModules(text);
		for (const expected of ['self::db', 'crate::net', 'crate::net::fetch', 'crate::net::fetch::post', 'super::util', 'crate::jobs::queue', 'super']) {
			assert.ok(candidates.includes(expected), `${expected} in ${candidates.join(', ')}`);
		}
		assert.ok(!candidates.some((c) => /tests|std|serde|\*|\bas\b|send|commented/.test(c)), candidates.join(', '));
	});
});

// Where a module's file is, from the importing file: the order the runtime (or rustc) tries them in.
suite('cross-file: module files', () => {
	const root = path.resolve('/ws');
	const at = (...parts: string[]) => path.join(root, ...parts);

	test("Rust: crate paths from the src folder, mod and self beside mod.rs or in the file's folder, super one folder up", () => {
		assert.deepEqual(rustModules.moduleFiles('crate::net::fetch', at('src', 'api', 'routes.rs'), root), [
			at('src', 'net', 'fetch.rs'),
			at('src', 'net', 'fetch', 'mod.rs'),
		]);
		assert.deepEqual(rustModules.moduleFiles('self::db', at('src', 'main.rs'), root), [at('src', 'db.rs'), at('src', 'db', 'mod.rs')]);
		assert.deepEqual(rustModules.moduleFiles('self::query', at('src', 'db.rs'), root), [at('src', 'db', 'query.rs'), at('src', 'db', 'query', 'mod.rs')]);
		assert.deepEqual(rustModules.moduleFiles('super::util', at('src', 'net', 'mod.rs'), root), [at('src', 'util.rs'), at('src', 'util', 'mod.rs')]);
		assert.deepEqual(rustModules.moduleFiles('super', at('src', 'net', 'fetch.rs'), root), [
			at('src', 'net.rs'),
			at('src', 'net', 'mod.rs'),
			at('src', 'net', 'lib.rs'),
			at('src', 'net', 'main.rs'),
		]);
		assert.deepEqual(rustModules.moduleFiles('crate', at('src', 'main.rs'), root).slice(-2), [at('src', 'main.rs'), at('src', 'lib.rs')]);
		// Cargo's other targets are crates of their own: a binary (one file, or a folder with its main.rs), a test, an example.
		const files = (module: string, ...from: string[]) => rustModules.moduleFiles(module, at(...from), root)[0];
		assert.equal(files('crate::cli', 'src', 'bin', 'tool.rs'), at('src', 'bin', 'cli.rs'));
		assert.equal(files('self::cli', 'src', 'bin', 'tool.rs'), at('src', 'bin', 'cli.rs'));
		assert.equal(files('crate::cli', 'src', 'bin', 'tool', 'args.rs'), at('src', 'bin', 'tool', 'cli.rs'));
		assert.equal(files('self::cli', 'src', 'bin', 'tool', 'main.rs'), at('src', 'bin', 'tool', 'cli.rs'));
		assert.equal(files('self::common', 'tests', 'api.rs'), at('tests', 'common.rs'));
		assert.equal(files('crate::helpers', 'tests', 'common', 'mod.rs'), at('tests', 'helpers.rs'));
		assert.equal(files('crate::common', 'examples', 'demo.rs'), at('examples', 'common.rs'));
		// …but a module named `tests` inside src is the library's.
		assert.equal(files('crate::db', 'src', 'tests', 'mod.rs'), at('src', 'db.rs'));
		assert.equal(files('self::fixtures', 'src', 'tests.rs'), at('src', 'tests', 'fixtures.rs'));
		// A loose file, in no package layout: its own folder.
		assert.equal(files('crate::util', 'scripts', 'gen.rs'), at('scripts', 'util.rs'));
	});
});
