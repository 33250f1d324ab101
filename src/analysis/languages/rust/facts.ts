import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { codeMatches, compact, nodeAt, parentOf } from '../../syntaxHelpers';

// --- Facts about one Rust file: what its `use` declarations bring into scope, computed on first use

export interface RustFacts {
	/** Local name → full path: `thread` → `std::thread` (`use std::thread;`), `nap` → `std::thread::sleep`. */
	uses: Map<string, string>;
	/** Modules imported with a glob: `use std::fs::*;` → `std::fs`. */
	globs: string[];
	/** Functions the file defines: a local `fn sleep` is not `std::thread::sleep`. */
	localFns: Set<string>;
	/** Modules the file defines: `mod fs { … }` shadows `std::fs`. */
	localMods: Set<string>;
}

const USE_LINE = /^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?use[ \t]/gm;
const FN_ITEM = /\bfn[ \t]+(\w+)/g;
const MOD_ITEM = /\bmod[ \t]+(\w+)/g;

export function createRustFacts(root: Node, text: string): RustFacts {
	const uses = new Map<string, string>();
	const globs: string[] = [];
	for (const hit of text.matchAll(USE_LINE)) {
		const keyword = nodeAt(root, hit.index + hit[0].length - 4, hit.index + hit[0].length - 1);
		const declaration = parentOf(keyword);
		const argument = declaration?.type === 'use_declaration' ? declaration.childForFieldName('argument') : undefined;
		if (argument) {
			collectUse(argument, '', uses, globs);
		}
	}
	const localFns = new Set(codeMatches(root, text, FN_ITEM).map((m) => m[1]));
	const localMods = new Set(codeMatches(root, text, MOD_ITEM).map((m) => m[1]));
	return { uses, globs, localFns, localMods };
}

export function rustFacts(file: FileContext): RustFacts {
	return file.facts(createRustFacts);
}

function join(prefix: string, path: string): string {
	const clean = compact(path).replace(/^::/, '');
	return prefix ? `${prefix}::${clean}` : clean;
}

function collectUse(node: Node, prefix: string, uses: Map<string, string>, globs: string[]): void {
	switch (node.type) {
		case 'identifier':
		case 'scoped_identifier':
		case 'crate':
		case 'super': {
			const full = join(prefix, node.text);
			uses.set(full.split('::').pop()!, full);
			return;
		}
		case 'self':
			if (prefix) {
				uses.set(prefix.split('::').pop()!, prefix);
			}
			return;
		case 'use_as_clause': {
			const path = node.childForFieldName('path');
			const alias = node.childForFieldName('alias')?.text;
			if (path && alias && alias !== '_') {
				uses.set(alias, path.type === 'self' ? prefix : join(prefix, path.text));
			}
			return;
		}
		case 'scoped_use_list': {
			const path = node.childForFieldName('path');
			const list = node.childForFieldName('list');
			if (list) {
				collectUse(list, path ? join(prefix, path.text) : prefix, uses, globs);
			}
			return;
		}
		case 'use_list':
			for (const child of node.namedChildren) {
				if (child) {
					collectUse(child, prefix, uses, globs);
				}
			}
			return;
		case 'use_wildcard': {
			const path = node.namedChild(0);
			globs.push(path ? join(prefix, path.text) : prefix);
			return;
		}
	}
}

/** Standard (and tokio) names that code often uses after `use std::{fs, thread}`; assumed std when nothing imports them. */
const STD_FALLBACK: Record<string, string> = {
	thread: 'std::thread',
	fs: 'std::fs',
	process: 'std::process',
	net: 'std::net',
	io: 'std::io',
	mpsc: 'std::sync::mpsc',
	JoinSet: 'tokio::task::JoinSet',
	File: 'std::fs::File',
	OpenOptions: 'std::fs::OpenOptions',
	Command: 'std::process::Command',
	TcpStream: 'std::net::TcpStream',
	TcpListener: 'std::net::TcpListener',
};
/** Crates whose glob imports may bring async namesakes (`tokio::fs`, `async_std::fs::File`) into scope. */
const ASYNC_CRATES = /^(?:tokio|async_std|smol|futures|async_process|async_fs|async_net)(?:::|$)/;
const ROOTS = new Set(['std', 'core', 'alloc', 'crate', 'self', 'super', 'Self']);

/**
 * The full paths a path expression may name, most likely first: `fs::read` → `std::fs::read` after
 * `use std::fs;`. A bare name imported by a glob yields one candidate per glob. Type arguments are dropped.
 */
export function resolvePath(file: FileContext, written: string): string[] {
	const text = compact(written)
		.replace(/::<.*?>(?=::|$)/g, '')
		.replace(/<.*?>(?=::)/g, '')
		.replace(/^::/, '');
	const segments = text.split('::');
	const head = segments[0];
	const rest = segments.slice(1);
	const facts = rustFacts(file);
	const imported = facts.uses.get(head);
	if (imported) {
		return [[imported, ...rest].join('::')];
	}
	if (ROOTS.has(head) || facts.localMods.has(head)) {
		return [text];
	}
	if (segments.length === 1 && facts.localFns.has(head)) {
		return [`<local>::${head}`];
	}
	const candidates = facts.globs.map((g) => [g, ...segments].join('::'));
	const fallback = STD_FALLBACK[head];
	if (fallback && !facts.globs.some((g) => ASYNC_CRATES.test(g))) {
		candidates.push([fallback, ...rest].join('::'));
	}
	candidates.push(text);
	return candidates;
}

/** Whether the file imports anything from one of these crates (`use argon2::…`). */
export function importsCrate(file: FileContext, crates: RegExp): boolean {
	const facts = rustFacts(file);
	return [...facts.uses.values(), ...facts.globs].some((path) => crates.test(path.split('::')[0]));
}
