import path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ModuleModel } from '../../languageSupport';
import { isInside } from '../../files';
import { parentOf } from '../../syntaxHelpers';
import { createPythonFacts, isCall } from './syntax';

/** `from app.db import get_user, Repo`, with a parenthesized list over several lines or `\` continuations. */
const FROM_IMPORT = /^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|(?:[^\n#\\]|\\\r?\n)*)/gm;
/** `import app.db, os.path as p`. */
const PLAIN_IMPORT = /^[ \t]*import[ \t]+([^\n#;]+)/gm;

/**
 * Python's imports for cross-file one hop: `from app.db import get_user` then `get_user()`, `import app.db`
 * then `app.db.get_user()`, `from . import db` then `db.get_user()`. The qualified name's last part is the
 * function, the rest its module (a `.py` file or a package's `__init__.py`).
 */
export const pythonModules: ModuleModel = {
	candidateModules(text) {
		const direct: string[] = [];
		const guessed: string[] = [];
		for (const [, module, names] of text.matchAll(FROM_IMPORT)) {
			direct.push(module);
			// `from app import db` names a module too: `db.get_user()` calls into `app.db`.
			for (const name of names.replace(/#[^\n]*|[()\\]/g, ' ').split(',')) {
				const imported = /^\s*(\w+)/.exec(name)?.[1];
				if (imported) {
					guessed.push(module.endsWith('.') ? module + imported : `${module}.${imported}`);
				}
			}
		}
		for (const [, list] of text.matchAll(PLAIN_IMPORT)) {
			for (const part of list.split(',')) {
				const dotted = /^\s*([\w.]+)/.exec(part)?.[1];
				if (!dotted) {
					continue;
				}
				direct.push(dotted);
				// `import app` then `app.db.get_user()`: the module is the call's dotted name but its last part.
				if (!/\bas\b/.test(part)) {
					const head = dotted.split('.')[0];
					for (const [, chain] of text.matchAll(new RegExp(`\\b${head}((?:\\.\\w+)+)[ \\t]*\\(`, 'g'))) {
						guessed.push(head + chain.slice(0, chain.lastIndexOf('.')));
					}
				}
			}
		}
		return [...new Set([...direct, ...guessed])].filter((m) => /[^.]/.test(m));
	},
	importedNames: (file) => file.facts(createPythonFacts).imports.keys(),
	importedCallAt(name, file) {
		// Up the attribute chain the name heads (`app.db.get_user`), to the call it names.
		let callee: Node = name;
		for (let up = parentOf(callee); up?.type === 'attribute' && up.childForFieldName('object')?.id === callee.id; up = parentOf(callee)) {
			callee = up;
		}
		const call = parentOf(callee);
		if (!isCall(call) || call.childForFieldName('function')?.id !== callee.id) {
			return undefined;
		}
		const facts = file.facts(createPythonFacts);
		if (!facts.importedAt(name.text, call.startIndex)) {
			return undefined;
		}
		const qualified = facts.qualify(callee.text, call.startIndex);
		const dot = qualified.lastIndexOf('.');
		const module = qualified.slice(0, dot);
		return dot > 0 && /[^.]/.test(module) ? { call, callee, module, name: qualified.slice(dot + 1) } : undefined;
	},
	exportedName(fn) {
		const parent = parentOf(fn.node);
		const holder = parent?.type === 'decorated_definition' ? parentOf(parent) : parent;
		return fn.node.type === 'function_definition' && holder?.type === 'module' ? fn.name : undefined;
	},
	moduleFiles(module, fromFile, root) {
		const dots = /^\.*/.exec(module)![0].length;
		const parts = module.slice(dots).split('.').filter(Boolean);
		const inDir = (dir: string) => [path.join(dir, ...parts) + '.py', path.join(dir, ...parts, '__init__.py')];
		let dir = path.dirname(fromFile);
		if (dots > 0) {
			// `.db` is in the importing file's package, `..db` in its parent's.
			for (let i = 1; i < dots; i++) {
				dir = path.dirname(dir);
			}
			return parts.length > 0 ? inDir(dir) : [];
		}
		// An absolute import: from the importing file's folder up to the workspace root (scripts run from a
		// folder see its modules; packages are found from the root or a `src` layout's folder).
		const files: string[] = [];
		for (; ; dir = path.dirname(dir)) {
			files.push(...inDir(dir));
			if (!isInside(dir, root) || dir === root || path.dirname(dir) === dir) {
				return files;
			}
		}
	},
};
