import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { closest, codeMatches, compact, isCodeAt, nodeAt, parentOf } from '../../syntaxHelpers';

// --- Facts about one C++ (or C) file, computed on first use from regexes over the text

/** What a name was declared as; the detectors only care about these few kinds. */
export type DeclaredKind = 'thread' | 'thread-container' | 'thread-group' | 'semaphore' | 'future' | 'future-container';

interface Declared {
	index: number;
	/** The function the declaration is local to (the whole file for members and globals). */
	scopeStart: number;
	scopeEnd: number;
}

export interface CppFacts {
	/** `using namespace std;` → `std`; the namespaces an unqualified name may live in. */
	usingNamespaces: string[];
	/** First segment → what it stands for: `thread` → `std::thread` (`using std::thread;`), `net` → `boost::asio`. */
	aliases: Map<string, string>;
	/** `${kind}:${name}` → where names of that kind are declared (`std::vector<std::thread> workers` → `thread-container:workers`). */
	declared: Map<string, Declared[]>;
	/** Whether the file defines a function of this name (a local `sleep` is not POSIX sleep); cached per name. */
	definesFunction(name: string): boolean;
}

const USING_NAMESPACE = /\busing\s+namespace\s+((?:::)?\w+(?:\s*::\s*\w+)*)\s*;/g;
const USING_DECLARATION = /\busing\s+((?:::)?\w+(?:\s*::\s*\w+)+)\s*;/g;
const NAMESPACE_ALIAS = /\bnamespace\s+(\w+)\s*=\s*((?:::)?\w+(?:\s*::\s*\w+)*)\s*;/g;
/** `using Thread = std::thread;` (plain names only: a template alias is not a drop-in spelling). */
const TYPE_ALIAS = /\busing\s+(\w+)\s*=\s*((?:::)?\w+(?:\s*::\s*\w+)*)\s*;/g;

const TEMPLATE_ARGS = String.raw`<(?:[^<>;{}()]|<[^<>;{}()]*>)*>`;
const THREAD_TYPE = String.raw`(?:(?:::)?(?:std|boost)\s*::\s*)?j?thread`;
const FUTURE_TYPE = String.raw`(?:(?:::)?std\s*::\s*)?(?:shared_)?future\s*${TEMPLATE_ARGS}`;
const CONTAINER = String.raw`\b(?:vector|deque|list|forward_list|array|queue|stack)\s*<\s*`;
const NAME = String.raw`\s*[&*]*\s*(\w+)`;

/** Declarations worth remembering, by kind; the first capture group is the declared name. */
const DECLARATIONS: readonly [DeclaredKind, RegExp][] = [
	['thread-container', new RegExp(`${CONTAINER}${THREAD_TYPE}\\s*(?:,[^<>;]*)?>${NAME}`, 'g')],
	['future-container', new RegExp(`${CONTAINER}${FUTURE_TYPE}\\s*(?:,[^<>;]*)?>${NAME}`, 'g')],
	['thread-group', /\bthread_group\s*[&*]*\s*(\w+)/g],
	['semaphore', /\b(?:counting_semaphore\s*<[^<>;]*>|binary_semaphore|sem_t|interprocess_semaphore|QSemaphore)\s*[&*]*\s*(\w+)/g],
	['future', new RegExp(`\\b${FUTURE_TYPE}${NAME}`, 'g')],
	['future', /\bauto\s*&{0,2}\s*(\w+)\s*=\s*(?:(?:::)?std\s*::\s*)?async\s*\(/g],
	['future', /\bauto\s*&{0,2}\s*(\w+)\s*=\s*[\w.\->[\]]+?\s*(?:\.|->)\s*(?:get_future|share)\s*\(/g],
	['thread', new RegExp(`\\b${THREAD_TYPE}\\s+(\\w+)\\s*[({=;]`, 'g')],
	['thread', new RegExp(`\\bauto\\s+(\\w+)\\s*=\\s*${THREAD_TYPE}\\s*[({]`, 'g')],
];

const INCLUDE_THREAD = /#\s*include\s*<thread>/g;
const OWN_THREAD = /\b(?:class|struct|union|enum)\s+thread\b/g;

const FUNCTION_TYPES = new Set(['function_definition', 'lambda_expression']);

export function createCppFacts(root: Node, text: string): CppFacts {
	const inCode = (pattern: RegExp) => codeMatches(root, text, pattern);
	const usingNamespaces = inCode(USING_NAMESPACE).map((hit) => normalize(hit[1]));
	const aliases = new Map<string, string>();
	for (const hit of inCode(USING_DECLARATION)) {
		const target = normalize(hit[1]);
		aliases.set(target.split('::').pop()!, target);
	}
	for (const pattern of [NAMESPACE_ALIAS, TYPE_ALIAS]) {
		for (const hit of inCode(pattern)) {
			aliases.set(hit[1], normalize(hit[2]));
		}
	}
	// `#include <thread>` and a bare `thread t(f)`: the `using namespace std;` is in a header this file includes.
	if (inCode(INCLUDE_THREAD).length > 0 && inCode(OWN_THREAD).length === 0) {
		for (const name of ['thread', 'jthread', 'this_thread']) {
			if (!aliases.has(name)) {
				aliases.set(name, `std::${name}`);
			}
		}
	}
	const declared = new Map<string, Declared[]>();
	for (const [kind, pattern] of DECLARATIONS) {
		for (const hit of text.matchAll(pattern)) {
			const nameIndex = hit.index + hit[0].lastIndexOf(hit[1]);
			if (!isCodeAt(root, nameIndex)) {
				continue;
			}
			const scope = enclosingFunction(nodeAt(root, nameIndex));
			const key = `${kind}:${hit[1]}`;
			const list = declared.get(key) ?? [];
			list.push({ index: nameIndex, scopeStart: scope?.startIndex ?? 0, scopeEnd: scope?.endIndex ?? text.length });
			declared.set(key, list);
		}
	}
	const definitions = new Map<string, boolean>();
	const definesFunction = (name: string) => {
		let defined = definitions.get(name);
		if (defined === undefined) {
			defined = [...text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))].some((hit) => {
				const declarator = parentOf(nodeAt(root, hit.index));
				return declarator?.type === 'function_declarator' && parentOf(declarator)?.type === 'function_definition';
			});
			definitions.set(name, defined);
		}
		return defined;
	};
	return { usingNamespaces, aliases, declared, definesFunction };
}

/** `:: std :: thread` → `std::thread`. */
function normalize(name: string): string {
	return compact(name).replace(/^::/, '');
}

/** A parameter belongs to its function; the name of a function belongs to the scope around it. */
function enclosingFunction(node: Node): Node | undefined {
	return closest(node, FUNCTION_TYPES);
}

/** Whether `name` is declared as `kind` in a scope that contains `at`. */
export function isDeclared(file: FileContext, kind: DeclaredKind, name: string, at: Node): boolean {
	const list = file.facts(createCppFacts).declared.get(`${kind}:${name}`) ?? [];
	return list.some((d) => d.scopeStart <= at.startIndex && at.startIndex <= d.scopeEnd);
}

/** Names declared as `kind` anywhere in the file (for file-specific triggers). */
export function declaredNames(file: FileContext, kind: DeclaredKind): string[] {
	const prefix = `${kind}:`;
	return [...file.facts(createCppFacts).declared.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/**
 * The fully qualified spellings a name as written may stand for, most likely first: itself (aliases
 * expanded), then inside each `using namespace`. `this_thread::sleep_for` with `using namespace std;` →
 * [`this_thread::sleep_for`, `std::this_thread::sleep_for`].
 */
function qualifications(written: string, file: FileContext): string[] {
	const facts = file.facts(createCppFacts);
	let name = normalize(written);
	const head = name.split('::')[0];
	const alias = facts.aliases.get(head);
	if (alias !== undefined && alias !== name) {
		name = alias + name.slice(head.length);
	}
	return [name, ...facts.usingNamespaces.map((ns) => `${ns}::${name}`)];
}

/** The first spelling of `written` that `wanted` accepts. */
export function resolveName(written: string, file: FileContext, wanted: (qualified: string) => boolean): string | undefined {
	return qualifications(written, file).find(wanted);
}
