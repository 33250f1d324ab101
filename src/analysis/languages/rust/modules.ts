import path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, ModuleModel } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { rustFacts } from './facts';

/** `use crate::db::{get_user, Repo};`, `pub(crate) use super::net;`: the tree after `use`. */
const USE_OF_CRATE = /^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?use[ \t]+((?:crate|self|super)\b[^;]*);/gm;
/** `mod db;`: a module in a file of its own (`mod db { … }` is in this one). */
const MOD_FILE = /^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;/gm;
/** `crate::db::get_user(…)` written out in full, without a `use`. */
const PATH_CALL = /\b((?:crate|super)(?:[ \t]*::[ \t]*\w+)+)[ \t]*(?:::[ \t]*<[^>\n]*>[ \t]*)?\(/g;
/** Heads of paths that start in this crate: a call can name its module in full (`crate::db::get_user()`). */
const CRATE_HEADS = ['crate', 'super'];
/** Files that hold their own module's children beside them (other files keep them in a folder of their name). */
const MOD_RS = new Set(['mod.rs', 'lib.rs', 'main.rs']);

/**
 * Rust's modules for cross-file one hop: `mod db;` then `db::get_user()`, `use crate::db::get_user;` then
 * `get_user()`, `use super::net;` then `net::fetch()`, or `crate::db::get_user()` in full. A module path is
 * looked up as rustc does by default: `a::b` in `a/b.rs` or `a/b/mod.rs`, from the crate's `src` folder
 * (`crate::`, or a binary's, a test's, an example's own folder), the importing module's folder (`self::`, `mod`)
 * or its parent's (`super::`). Other crates (dependencies, or a package's library used from its binary by
 * name) are not the workspace's modules here; `#[path]` attributes are not followed.
 */
export const rustModules: ModuleModel = {
	candidateModules(text) {
		const modules: string[] = [];
		for (const [, tree] of text.matchAll(USE_OF_CRATE)) {
			for (const used of expandUse(compact(tree.replace(/\s+as\s+\w+/g, '')))) {
				// `use crate::db::get_user` names a function of `crate::db`; `use crate::db` names the module.
				modules.push(used, used.slice(0, used.lastIndexOf('::')));
			}
		}
		for (const [, name] of text.matchAll(MOD_FILE)) {
			modules.push(`self::${name}`);
		}
		for (const [, written] of text.matchAll(PATH_CALL)) {
			const full = compact(written);
			modules.push(full.slice(0, full.lastIndexOf('::')));
		}
		return [...new Set(modules)].filter((m) => m.includes('::') || m === 'crate' || m === 'super');
	},
	importedNames(file) {
		const names = [...rustFacts(file).uses].filter(([, full]) => inCrate(full.split('::'), file)).map(([name]) => name);
		return [...names, ...file.facts(fileModules), ...CRATE_HEADS];
	},
	importedCallAt(name, file) {
		// Up the path the name heads (`db::get_user`), to the call it names.
		let callee: Node = name;
		for (let up = parentOf(callee); up?.type === 'scoped_identifier' && up.childForFieldName('path')?.id === callee.id; up = parentOf(callee)) {
			callee = up;
		}
		const generic = parentOf(callee);
		const function_ = generic?.type === 'generic_function' && generic.childForFieldName('function')?.id === callee.id ? generic : callee;
		const call = parentOf(function_);
		if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== function_.id) {
			return undefined;
		}
		const [head, ...rest] = compact(callee.text).split('::');
		const imported = rustFacts(file).uses.get(head);
		const full = inCrate([...(imported ? imported.split('::') : [head]), ...rest], file);
		if (!full || full.length < 2) {
			return undefined;
		}
		const module = full.slice(0, -1).join('::');
		// `self::f` is this file; `crate::db::Repo::new` names a type's function, not a module's (no `Repo.rs`).
		return module === 'self' ? undefined : { call, callee, module, name: full[full.length - 1] };
	},
	exportedName(fn) {
		return fn.node.type === 'function_item' && parentOf(fn.node)?.type === 'source_file' ? fn.name : undefined;
	},
	moduleFiles(module, fromFile, root) {
		const rest = module.split('::');
		let dir: string;
		if (rest[0] === 'crate') {
			rest.shift();
			dir = cratePlace(fromFile, root).folder;
		} else {
			dir = moduleFolder(fromFile, root);
			if (rest[0] === 'self') {
				rest.shift();
			}
			for (; rest[0] === 'super'; rest.shift()) {
				dir = path.dirname(dir);
			}
		}
		if (rest.length === 0) {
			// A module's own file: the crate root, or the parent's `x.rs` / `x/mod.rs`.
			const roots = path.basename(fromFile) === 'main.rs' ? ['main.rs', 'lib.rs'] : ['lib.rs', 'main.rs'];
			return [dir + '.rs', path.join(dir, 'mod.rs'), ...roots.map((r) => path.join(dir, r))];
		}
		const base = path.join(dir, ...rest);
		return [base + '.rs', path.join(base, 'mod.rs')];
	},
};

/** A path of this crate from this file, starting `crate`, `self` or `super` (`net::ping` after `mod net;` is `self::net::ping`). */
function inCrate(segments: string[], file: FileContext): string[] | undefined {
	if (/^(?:crate|self|super)$/.test(segments[0])) {
		return segments;
	}
	return file.facts(fileModules).has(segments[0]) ? ['self', ...segments] : undefined;
}

/** The modules this file declares in files of their own (`mod db;`), by name. */
function fileModules(root: Node): Set<string> {
	const names = new Set<string>();
	for (const item of root.namedChildren) {
		if (item?.type === 'mod_item' && !item.childForFieldName('body')) {
			const name = item.childForFieldName('name')?.text;
			if (name) {
				names.add(name);
			}
		}
	}
	return names;
}

/** Folders beside `src` whose `.rs` files Cargo builds as crates of their own. */
const TARGET_FOLDERS = new Set(['tests', 'examples', 'benches']);

/**
 * Where `file` sits in its crate, as Cargo lays a package out: the folder of the crate's root file (`src`;
 * `src/bin/tool` for a binary in a folder of its own, `src/bin` for a one-file binary; `tests`, `examples`,
 * `benches` for those targets; else the file's own folder), and whether the file is that root.
 */
function cratePlace(file: string, root: string): { folder: string; isRoot: boolean } {
	const isModRs = MOD_RS.has(path.basename(file));
	const ancestors: string[] = [];
	for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
		ancestors.push(dir);
		if (dir === root || path.dirname(dir) === dir) {
			break;
		}
	}
	const src = ancestors.find((dir) => path.basename(dir) === 'src');
	if (src) {
		const [first, second, third] = path.relative(src, file).split(path.sep);
		if (first === 'bin' && second !== undefined) {
			return third === undefined ? { folder: path.join(src, first), isRoot: true } : { folder: path.join(src, first, second), isRoot: isModRs };
		}
		return { folder: src, isRoot: isModRs };
	}
	const target = ancestors.find((dir) => TARGET_FOLDERS.has(path.basename(dir)));
	return target ? { folder: target, isRoot: isModRs || path.dirname(file) === target } : { folder: path.dirname(file), isRoot: isModRs };
}

/** The folder of this file's child modules: beside `mod.rs` and crate roots, else in a folder of the file's name. */
function moduleFolder(file: string, root: string): string {
	return cratePlace(file, root).isRoot ? path.dirname(file) : file.slice(0, -path.extname(file).length);
}

/** The paths a use tree (aliases taken out) names: `crate::db::{self, get_user, *}` → `crate::db`, `crate::db::get_user`. */
function expandUse(tree: string): string[] {
	const brace = tree.indexOf('{');
	if (brace < 0) {
		return [tree.replace(/(?:^|::)\*$/, '')];
	}
	const prefix = tree.slice(0, brace).replace(/::$/, '');
	const items: string[] = [];
	let depth = 0;
	let start = brace + 1;
	for (let i = start; i < tree.length; i++) {
		const c = tree[i];
		if (c === '{') {
			depth++;
		} else if (c === '}' && depth > 0) {
			depth--;
		} else if ((c === ',' && depth === 0) || (c === '}' && depth === 0)) {
			items.push(tree.slice(start, i));
			start = i + 1;
			if (c === '}') {
				break;
			}
		}
	}
	return items.filter(Boolean).flatMap((item) => expandUse(item).map((used) => (used === 'self' || used === '' ? prefix : `${prefix}::${used}`)));
}
