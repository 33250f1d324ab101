import type { Node } from '@vscode/tree-sitter-wasm';
import type { AwaitPoints, FileContext, FunctionScope, LoopScope, SyntaxModel } from '../../languageSupport';
import { limitIterations } from '../../loopHelpers';
import {
	boundNames,
	callAfter,
	callBefore,
	closest,
	compact,
	constantIterations,
	isCodeAt,
	type Iterations,
	LIMITER_NAME,
	loopHeader,
	nodeAt,
	ownDescendants,
	parentOf,
	parentSkippingParens,
	shorten,
} from '../../syntaxHelpers';

// --- Facts about one Python file, each computed on first use: re-analysis after an edit pays only for
// what its detectors ask.

interface ScopedImport {
	qualified: string;
	/** The function the import statement is in (the whole file for a module-level import). */
	start: number;
	end: number;
}

interface Binding {
	callee: string;
	index: number;
	/** The function the binding is local to (the whole file for module globals and `self.` attributes). */
	scopeStart: number;
	scopeEnd: number;
}

const THREAD_BASE = /^(?:threading\.Thread|Thread|multiprocessing\.Process|Process)$/;
/**
 * One pass over the line starts finds every line the facts need: imports, `def`/`class` (with bases),
 * `with … as x` and `x = f(…)` assignments. One scan instead of five keeps re-analysis after an edit cheap.
 */
const FACT_LINE =
	/^[ \t]*(?:(?<imp>(?:from[ \t]+[\w.]+[ \t]+import|import)[ \t])|(?:async[ \t]+)?(?<kw>def|class)[ \t]+(?<name>\w+)(?:[ \t]*\((?<bases>[^)]*)\))?|(?:async[ \t]+)?with[ \t]+(?<with>[^\n]*)|(?<target>(?:self\.)?[A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*(?<callee>[A-Za-z_][\w.]*)[ \t]*\()/gm;
/** `name:` as a parameter (after `(` or `,`, or starting a line) or an annotated assignment, not `:=`. */
const ANNOTATED_NAME = /(?:^|[(,])[ \t]*\**([A-Za-z_]\w*)[ \t]*:(?!=)/gm;
const WITH_ITEM = /([A-Za-z_][\w.]*)[ \t]*\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)[ \t]+as[ \t]+([A-Za-z_]\w*)/g;

interface FactLines {
	imports: number[];
	/** Name → offsets of the `def` / `class` keywords that bind it. */
	definitions: Map<string, number[]>;
	classes: { name: string; bases: string; index: number }[];
	assignments: { target: string; callee: string; index: number }[];
}

export class PythonFacts {
	private lines: FactLines | undefined;
	private importMap: Map<string, string> | undefined;
	private scopedImports: Map<string, ScopedImport[]> | undefined;
	private threadClassSet: Set<string> | undefined;
	private bindings: Map<string, Binding[]> | undefined;
	private annotated: Set<string> | undefined;

	constructor(
		private readonly root: Node,
		private readonly text: string,
	) {}

	private scan(): FactLines {
		if (!this.lines) {
			const lines: FactLines = { imports: [], definitions: new Map(), classes: [], assignments: [] };
			for (const hit of this.text.matchAll(FACT_LINE)) {
				const g = hit.groups!;
				if (g.imp) {
					lines.imports.push(hit.index + hit[0].length - 1);
				} else if (g.name) {
					const keyword = hit.index + hit[0].search(/\b(?:def|class)\b/);
					lines.definitions.set(g.name, [...(lines.definitions.get(g.name) ?? []), keyword]);
					if (g.kw === 'class' && g.bases) {
						lines.classes.push({ name: g.name, bases: g.bases, index: keyword });
					}
				} else if (g.with !== undefined) {
					const offset = hit.index + hit[0].length - g.with.length;
					for (const item of g.with.matchAll(WITH_ITEM)) {
						lines.assignments.push({ target: item[2], callee: item[1], index: offset + item.index });
					}
				} else if (g.target) {
					lines.assignments.push({ target: g.target, callee: g.callee, index: hit.index + hit[0].length - 1 });
				}
			}
			this.lines = lines;
		}
		return this.lines;
	}

	/**
	 * Local name → qualified name, for every import of the file wherever it is: `t` → `time` (import time
	 * as t), `sleep` → `time.sleep`. What the file imports at all; `qualify` says what a name means at a place.
	 */
	get imports(): Map<string, string> {
		if (!this.importMap) {
			this.importMap = new Map();
			this.scopedImports = new Map();
			for (const index of this.scan().imports) {
				const statement = nodeAt(this.root, index);
				const parent = parentOf(statement);
				const node = parent?.type.startsWith('import') ? parent : statement;
				const module = node.type === 'import_from_statement' ? (node.childForFieldName('module_name')?.text ?? '') : '';
				if (node.type !== 'import_statement' && node.type !== 'import_from_statement') {
					continue;
				}
				// An import inside a function binds its name in that function only.
				const fn = closest(node, FUNCTION_DEFINITION);
				const own = new Map<string, string>();
				for (const name of node.childrenForFieldName('name')) {
					addImport(own, name, module);
				}
				for (const [local, qualified] of own) {
					this.importMap.set(local, qualified);
					const list = this.scopedImports.get(local) ?? [];
					list.push({ qualified, start: fn?.startIndex ?? 0, end: fn?.endIndex ?? this.text.length });
					this.scopedImports.set(local, list);
				}
			}
		}
		return this.importMap;
	}

	/** What an import makes of `name` at offset `at`: the innermost import of it visible there. */
	importedAt(name: string, at: number): string | undefined {
		if (!this.imports.has(name)) {
			return undefined;
		}
		let best: ScopedImport | undefined;
		for (const candidate of this.scopedImports!.get(name) ?? []) {
			if (candidate.start <= at && at <= candidate.end && (!best || candidate.start >= best.start)) {
				best = candidate;
			}
		}
		return best?.qualified;
	}

	/** `t.sleep` → `time.sleep` at `at` after `import time as t`: the dotted name with its head qualified. */
	qualify(dotted: string, at: number): string {
		const clean = compact(dotted);
		const dot = clean.indexOf('.');
		const head = dot < 0 ? clean : clean.slice(0, dot);
		const qualified = this.importedAt(head, at);
		return qualified ? qualified + clean.slice(head.length) : clean;
	}

	/**
	 * A function or class of this file visible at `at`: a module-level `def open`, or one nested in a
	 * function around `at`, is not the builtin. A method named `open` is not: class scope is not visible
	 * from the code that calls a bare `open(…)`.
	 */
	isLocal(name: string, at: number): boolean {
		return (this.scan().definitions.get(name) ?? []).some((index) => {
			const scope = this.visibility(index, 'def');
			return scope !== undefined && scope[0] <= at && at <= scope[1];
		});
	}

	/**
	 * Where a name bound by the statement at `index` (a `def`/`class` keyword, or a token of an assignment)
	 * is visible, as [start, end]: the enclosing function, or the whole file for module-level names and
	 * (for assignments) class attributes. Undefined for a method, and for a local of a function that a
	 * partial parse left out: no analyzed code can see it.
	 */
	private visibility(index: number, kind: 'def' | 'assign'): [number, number] | undefined {
		const token = nodeAt(this.root, index, index + 1);
		if (token.startIndex !== index || token.type === 'module') {
			return this.visibilityFromIndentation(index, kind);
		}
		const start = kind === 'def' ? parentOf(parentOf(token)) : token;
		const scope = start ? closest(start, kind === 'def' ? DEFINITIONS : FUNCTION_DEFINITION) : undefined;
		if (scope?.type === 'class_definition') {
			return undefined;
		}
		return scope ? [scope.startIndex, scope.endIndex] : [0, this.text.length];
	}

	/** `visibility` for text that was not parsed: the indentation says whether a `def` or `class` encloses it. */
	private visibilityFromIndentation(index: number, kind: 'def' | 'assign'): [number, number] | undefined {
		let lineStart = this.text.lastIndexOf('\n', index - 1) + 1;
		let indent = /^[ \t]*/.exec(this.text.slice(lineStart, index + 1))![0].length;
		while (indent > 0 && lineStart > 0) {
			const end = lineStart - 1;
			lineStart = this.text.lastIndexOf('\n', end - 1) + 1;
			const line = this.text.slice(lineStart, end);
			const lead = /^[ \t]*(?=[^\s#])/.exec(line)?.[0];
			if (lead === undefined || lead.length >= indent) {
				continue;
			}
			indent = lead.length;
			if (/^[ \t]*(?:async[ \t]+)?def\b/.test(line) || (kind === 'def' && /^[ \t]*class\b/.test(line))) {
				return undefined;
			}
		}
		return [0, this.text.length];
	}

	/** Offsets of the `def` and `class` keywords that bind `name` anywhere in the file (methods included). */
	definitionsOf(name: string): readonly number[] {
		return this.scan().definitions.get(name) ?? [];
	}

	/** Classes in this file that extend threading.Thread or multiprocessing.Process. */
	get threadClasses(): Set<string> {
		if (!this.threadClassSet) {
			this.threadClassSet = new Set();
			for (const { name, bases, index } of this.scan().classes) {
				if (bases.split(',').some((base) => THREAD_BASE.test(this.qualify(base.trim(), index)))) {
					this.threadClassSet.add(name);
				}
			}
		}
		return this.threadClassSet;
	}

	/**
	 * Whether `name` may carry a type annotation somewhere in the file (a parameter or an annotated
	 * assignment): a cheap screen before looking for the declaration in the tree.
	 */
	mayBeAnnotated(name: string): boolean {
		if (!this.annotated) {
			this.annotated = new Set();
			for (const hit of this.text.matchAll(ANNOTATED_NAME)) {
				this.annotated.add(hit[1]);
			}
		}
		return this.annotated.has(name);
	}

	/** Where `name` (a variable or `self.x`) is bound to the result of a call, and the call's qualified name. */
	bindingsOf(name: string): readonly Binding[] {
		if (!this.bindings) {
			this.bindings = new Map();
			for (const { target, callee, index } of this.scan().assignments) {
				this.bind(target, callee, index);
			}
		}
		return this.bindings.get(name) ?? [];
	}

	private bind(target: string, callee: string, index: number): void {
		if (!isCodeAt(this.root, index)) {
			return;
		}
		const scope = target.startsWith('self.') ? [0, this.text.length] : this.visibility(index, 'assign');
		if (!scope) {
			return;
		}
		const list = this.bindings!.get(target) ?? [];
		list.push({ callee: this.qualify(callee, index), index, scopeStart: scope[0], scopeEnd: scope[1] });
		this.bindings!.set(target, list);
	}
}

export function createPythonFacts(root: Node, text: string): PythonFacts {
	return new PythonFacts(root, text);
}

function addImport(imports: Map<string, string>, name: Node | null, module: string) {
	if (!name) {
		return;
	}
	if (name.type === 'aliased_import') {
		const target = name.childForFieldName('name')?.text ?? '';
		const alias = name.childForFieldName('alias')?.text;
		if (alias) {
			imports.set(alias, !module ? target : module.endsWith('.') ? module + target : `${module}.${target}`);
		}
	} else if (module) {
		// `from . import db` binds `db` to `.db`, not `..db`.
		imports.set(name.text, module.endsWith('.') ? module + name.text : `${module}.${name.text}`);
	} else {
		// `import urllib.request` binds `urllib`.
		const head = name.text.split('.')[0];
		imports.set(head, head);
	}
}

/**
 * The qualified name of a call's callee, if `accept` takes it: `t.sleep` → `time.sleep` after `import time
 * as t`; `<local>.name` for a function of this file. (Python has one candidate; the parameter keeps the
 * signature every language shares.)
 */
export function qualifiedCallee(call: Node, file: FileContext, accept: (qualified: string) => boolean = () => true): string | undefined {
	const fn = call.childForFieldName('function');
	if (!fn || (fn.type !== 'identifier' && fn.type !== 'attribute')) {
		return undefined;
	}
	const facts = file.facts(createPythonFacts);
	const name =
		fn.type === 'identifier' && !facts.importedAt(fn.text, call.startIndex) && facts.isLocal(fn.text, call.startIndex)
			? `<local>.${fn.text}`
			: facts.qualify(fn.text, call.startIndex);
	return accept(name) ? name : undefined;
}

const FUNCTION_DEFINITION = new Set(['function_definition']);
const DEFINITIONS = new Set(['function_definition', 'class_definition']);

/** The qualified call a name was last bound to before `at`, in a scope that contains `at`. */
export function boundCallee(file: FileContext, name: string, at: Node): string | undefined {
	const candidates = file.facts(createPythonFacts).bindingsOf(name);
	let best: Binding | undefined;
	for (const b of candidates) {
		const visible = b.scopeStart <= at.startIndex && at.startIndex <= b.scopeEnd;
		if (visible && (!best || (b.index <= at.startIndex && (best.index > at.startIndex || b.index > best.index)))) {
			best = b;
		}
	}
	return best?.callee;
}

/**
 * The declared type of `name` at `at`, qualified and without `Optional[…]` or `| None`: from an annotated
 * assignment before `at` (`client: httpx.Client = …`) or a parameter (`client: Optional[httpx.Client]`) of
 * a function around `at`, innermost first. Undefined when nothing declares it, or for unions of types.
 */
export function declaredType(file: FileContext, name: Node, at: Node): string | undefined {
	if (name.type !== 'identifier' || !file.facts(createPythonFacts).mayBeAnnotated(name.text)) {
		return undefined;
	}
	const qualified = (type: Node | null) => {
		const plain = plainType(type?.text ?? '');
		return plain ? file.facts(createPythonFacts).qualify(plain, at.startIndex) : undefined;
	};
	for (let fn = closest(at, FUNCTION_DEFINITION); fn; fn = closest(parentOf(fn), FUNCTION_DEFINITION)) {
		const body = fn.childForFieldName('body');
		const annotated = body
			? ownDescendants(body, 'assignment', isFunction).filter(
					(a) => a.childForFieldName('left')?.text === name.text && a.childForFieldName('type') && a.startIndex < at.startIndex,
				)
			: [];
		if (annotated.length) {
			return qualified(annotated[annotated.length - 1].childForFieldName('type'));
		}
		for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
			if (param?.type !== 'typed_parameter' && param?.type !== 'typed_default_parameter') {
				continue;
			}
			const own = param.type === 'typed_parameter' ? param.namedChild(0) : param.childForFieldName('name');
			if (own?.type === 'identifier' && own.text === name.text) {
				return qualified(param.childForFieldName('type'));
			}
		}
	}
	return undefined;
}

/** `httpx.Client` from `httpx.Client`, `"httpx.Client"`, `Optional[httpx.Client]`, `httpx.Client | None`. */
function plainType(annotation: string): string | undefined {
	let type = compact(annotation).replace(/^(['"])(.*)\1$/, '$2');
	type = /^(?:typing\.)?Optional\[(.+)\]$/.exec(type)?.[1] ?? type;
	const members = type.split('|').filter((t) => t !== 'None');
	return members.length === 1 && /^[A-Za-z_][\w.]*$/.test(members[0]) ? members[0] : undefined;
}

/** A trigger for the local names this file gives to `wanted` qualified names (import aliases, subclasses). */
export function localNameTrigger(file: FileContext, wanted: (qualified: string) => boolean, extra: Iterable<string> = []): RegExp | undefined {
	const facts = file.facts(createPythonFacts);
	const names = [...extra];
	for (const [local, qualified] of facts.imports) {
		if (wanted(qualified) && local !== qualified.split('.').pop()) {
			names.push(local);
		}
	}
	return names.length ? new RegExp(`\\b(?:${names.join('|')})(?=\\s*\\()`, 'g') : undefined;
}

export function isCall(node: Node | null | undefined): node is Node {
	return node?.type === 'call';
}

/** The call whose callee ends with this identifier: `sleep` in `time.sleep(1)` → the call. */
export function callOf(name: Node): Node | undefined {
	const parent = parentOf(name);
	if (isCall(parent) && parent.childForFieldName('function')?.id === name.id) {
		return parent;
	}
	if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === name.id) {
		const call = parentOf(parent);
		if (isCall(call) && call.childForFieldName('function')?.id === parent.id) {
			return call;
		}
	}
	return undefined;
}

/** The receiver of a method call: `client` in `client.get(url)`. */
export function receiverOf(call: Node): Node | undefined {
	const fn = call.childForFieldName('function');
	return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
}

// --- Scopes

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const isFunction = (n: Node) => FUNCTION_TYPES.has(n.type);

/** Callees that run a lambda argument right away, on the caller's thread. */
const INLINE_CALLEES = /^(?:map|filter|sorted|min|max|any|all|sum|functools\.reduce|reduce|itertools\.\w+)$|\.sort$/;
/** Callees that run a callable argument on another thread or process. */
const OFFLOAD_CALLEES =
	/(?:^asyncio\.to_thread|\.run_in_executor|\.submit|\.apply_async|\.map_async|^anyio\.to_thread\.run_sync|^trio\.to_thread\.run_sync|run_in_threadpool|^threading\.(?:Thread|Timer)|^multiprocessing\.Process|\.starmap|\.imap(?:_unordered)?)$/;

/** Decorator methods that register a web route (`@app.get(…)`, `@router.websocket(…)`); the screen uses them too. */
export const ROUTE_METHODS = 'route|get|post|put|patch|delete|head|options|websocket|api_route|view';
const ROUTE_DECORATOR = new RegExp(String.raw`^@\s*[\w.]+\.(?:${ROUTE_METHODS})\s*\(`);
const HANDLER_METHOD = /^do_(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

function lambdaRuns(lambda: Node, file: FileContext): FunctionScope['runs'] {
	let holder = parentOf(lambda);
	if (holder?.type === 'keyword_argument') {
		holder = parentOf(holder);
	}
	const call = holder?.type === 'argument_list' ? parentOf(holder) : undefined;
	const callee = call && isCall(call) ? qualifiedCallee(call, file) : undefined;
	if (!callee) {
		return 'declared';
	}
	if (OFFLOAD_CALLEES.test(callee)) {
		return 'elsewhere';
	}
	return INLINE_CALLEES.test(callee) ? 'inline' : 'declared';
}

function isHandler(def: Node, name: string): boolean {
	if (HANDLER_METHOD.test(name)) {
		return true;
	}
	const decorated = parentOf(def)?.type === 'decorated_definition' ? parentOf(def) : undefined;
	if (decorated?.namedChildren.some((d) => d?.type === 'decorator' && ROUTE_DECORATOR.test(d.text))) {
		return true;
	}
	// Django-style views and asyncio stream servers: `def view(request)`, `async def client(reader, writer)`.
	const params = (def.childForFieldName('parameters')?.namedChildren ?? []).map((p) => p?.text.split(/[:=]/)[0].trim());
	const first = params[0] === 'self' ? params[1] : params[0];
	return first === 'request' || (params[0] === 'reader' && params[1] === 'writer');
}

// --- Loops

/** How often a `for` over `iterable` runs, read from the iterable as written. */
export function iterations(iterable: Node): Iterations {
	if (iterable.type === 'call') {
		const callee = iterable.childForFieldName('function')?.text;
		const args = (iterable.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'keyword_argument');
		if (callee === 'range' && args.length > 0) {
			return countIterations((args.length === 1 ? args[0] : args[1]).text);
		}
		if (/^(?:enumerate|sorted|reversed|list|tuple|set)$/.test(callee ?? '') && args.length > 0) {
			return { bound: 'input', source: args[0].text };
		}
		if (/^(?:itertools\.)?(?:count|cycle|repeat)$/.test(callee ?? '') && args.length < 2) {
			return { bound: 'infinite' };
		}
		return { bound: 'input', source: iterable.text };
	}
	if (iterable.type === 'list' || iterable.type === 'tuple' || iterable.type === 'set') {
		return constantIterations(iterable.namedChildCount);
	}
	return { bound: 'input', source: iterable.text };
}

/** Iterations of a counter loop up to `limit` (the text of `range(limit)` or `i < limit`). */
const countIterations = (limit: string) => limitIterations(limit, /\blen\s*\(/);

function whileIterations(condition: Node | null): Iterations {
	const text = condition?.text.trim() ?? '';
	const comparison = /^\w+\s*<=?\s*(.+)$/.exec(text);
	// `while True`, `while queue`, `while not stop.is_set()`: runs until something outside says stop.
	return comparison ? countIterations(comparison[1]) : { bound: 'infinite' };
}

function comprehensionLoop(node: Node): LoopScope | undefined {
	const clause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
	const body = node.childForFieldName('body');
	const iterable = clause?.childForFieldName('right');
	if (!clause || !body || !iterable) {
		return undefined;
	}
	return { node, label: shorten(clause.text), ...iterations(iterable), body, implicit: true, variables: boundNames(clause.childForFieldName('left')) };
}

// --- The model

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** `await`, `async for` (statements and comprehensions), `async with`. */
const AWAIT_POINTS: AwaitPoints = {
	types: ['await', 'for_statement', 'with_statement', 'for_in_clause'],
	awaits: (n) => n.type === 'await' || n.children.some((c) => c?.type === 'async'),
	word: /\b(?:await|async)\b/,
};

export const pythonSyntax: SyntaxModel = {
	isFunction,
	awaitPoints: AWAIT_POINTS,
	functionScope(node, file) {
		if (node.type === 'function_definition') {
			const name = node.childForFieldName('name')?.text ?? '';
			const isAsync = node.child(0)?.type === 'async';
			return { node, name, label: `${isAsync ? 'async def' : 'def'} ${name}`, isAsync, runs: 'declared', isHandler: isHandler(node, name) };
		}
		if (node.type === 'lambda') {
			return { node, label: 'lambda', isAsync: false, runs: lambdaRuns(node, file), isHandler: false };
		}
		return undefined;
	},
	loopScope(node) {
		if (node.type === 'for_statement') {
			const body = node.childForFieldName('body');
			const iterable = node.childForFieldName('right');
			if (!body || !iterable || node.child(0)?.type === 'async') {
				return body ? { node, label: loopHeader(node, body), bound: 'input', body } : undefined;
			}
			return { node, label: loopHeader(node, body), ...iterations(iterable), body, variables: boundNames(node.childForFieldName('left')) };
		}
		if (node.type === 'while_statement') {
			const body = node.childForFieldName('body');
			return body ? { node, label: loopHeader(node, body), ...whileIterations(node.childForFieldName('condition')), body } : undefined;
		}
		return COMPREHENSIONS.has(node.type) ? comprehensionLoop(node) : undefined;
	},
	isAwaited(node) {
		return parentSkippingParens(node)?.type === 'await';
	},
	localCallOf(name) {
		const call = callOf(name);
		if (!call) {
			return undefined;
		}
		const receiver = receiverOf(call);
		return !receiver || receiver.text === 'self' || receiver.text === 'cls' ? call : undefined;
	},
	spawnLimiter(spawn, within) {
		const acquired = callBefore(within, spawn, 'call', (call) => {
			const fn = call.childForFieldName('function');
			return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'acquire' && LIMITER_NAME.test(receiverOf(call)?.text ?? '');
		});
		if (acquired) {
			return 'a semaphore acquired before the spawn';
		}
		const handle = assignedName(spawn);
		const joined =
			handle &&
			callAfter(within, spawn, 'call', (call) => JOIN.test(compact(call.childForFieldName('function')?.text ?? '')) && receiverOf(call)?.text === handle);
		return joined ? 'joined in the same iteration' : undefined;
	},
};

const JOIN = /\.(?:join|wait|communicate)$/;

/** `t` in `t = threading.Thread(…)`: the name a spawned handle is kept under. */
function assignedName(call: Node): string | undefined {
	const parent = parentSkippingParens(call);
	return parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.id ? parent.childForFieldName('left')?.text : undefined;
}

export { isFunction as isPythonFunction };
