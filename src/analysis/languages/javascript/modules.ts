import path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ModuleModel } from '../../languageSupport';
import { parentOf, unwrapParens } from '../../syntaxHelpers';
import { javascriptScreen } from './screen';
import { createJsFacts, importedSpecifiers, isRelative } from './syntax';

/** Statements and declarations a top-level function may sit in: `export function f`, `export const f = () =>`, `exports.f = function`. */
const TOP_LEVEL_HOLDERS = new Set([
	'export_statement',
	'lexical_declaration',
	'variable_declaration',
	'variable_declarator',
	'expression_statement',
	'assignment_expression',
]);

/** What Node and the TypeScript compiler try for a relative specifier without an extension. */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];

/**
 * Relative imports for cross-file one hop: `import { readConfig } from './config'` or `const { readConfig } =
 * require('./config')` then `readConfig()`; `import * as db from './db'` or `const db = require('./db')` then
 * `db.query()`. Packages in node_modules are not the workspace's code: their blocking calls are the driver
 * tables' business.
 */
export const jsModules: ModuleModel = {
	candidateModules: (text) => [...new Set(importedSpecifiers(text).filter(isRelative))],
	importedNames: (file) => file.facts(createJsFacts).relative.keys(),
	importedCallAt(name, file) {
		const target = file.facts(createJsFacts).relative.get(name.text);
		if (!target) {
			return undefined;
		}
		const parent = parentOf(name);
		// `db.query()` on a whole module (a namespace import or a required module object).
		const member =
			parent?.type === 'member_expression' && parent.childForFieldName('object')?.id === name.id ? parent.childForFieldName('property') : undefined;
		const callee: Node = member ? parent! : name;
		const call = parentOf(callee);
		if (call?.type !== 'call_expression' || unwrapParens(call.childForFieldName('function') ?? call).id !== callee.id) {
			return undefined;
		}
		const function_ = member ? (target.member ? undefined : member.text) : target.member;
		// `require('./db').pool.query`: only a module's own functions are one hop away.
		return function_ && !function_.includes('.') ? { call, callee, module: target.module, name: function_ } : undefined;
	},
	mayBlock: (text, detectors) => javascriptScreen(text, detectors) !== 'none',
	exportedName(fn) {
		let name = fn.name;
		for (let n = parentOf(fn.node); n; n = parentOf(n)) {
			if (n.type === 'program') {
				return name;
			}
			if (!TOP_LEVEL_HOLDERS.has(n.type)) {
				return undefined;
			}
			if (n.type === 'export_statement' && n.children.some((c) => c?.type === 'default')) {
				name = 'default';
			}
		}
		return undefined;
	},
	moduleFiles(module, fromFile) {
		const base = path.resolve(path.dirname(fromFile), module);
		// TypeScript's ESM imports name the emitted `.js`; the source is the `.ts` beside it.
		const emitted = /\.[mc]?js$/.exec(base);
		const sources = emitted ? ['.ts', '.tsx', '.mts', '.cts'].map((ext) => base.slice(0, -emitted[0].length) + ext) : [];
		return [
			...(path.extname(base) ? [base] : []),
			...sources,
			...EXTENSIONS.map((ext) => base + ext),
			...EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
		];
	},
};
