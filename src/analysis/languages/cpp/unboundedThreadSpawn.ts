import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf, parentSkippingParens } from '../../syntaxHelpers';
import {
	argumentsOf,
	calleeName,
	callOf,
	inBrokenCode,
	isCall,
	isLibraryFunction,
	methodCall,
	plainName,
	receiverName,
	qualifiedCallee,
	shortText,
	wholeName,
} from './calls';
import { declaredNames, isDeclared, resolveName, createCppFacts } from './facts';
import { holds } from './futures';

const POOL = 'run the items on a fixed pool of `std::thread::hardware_concurrency()` workers pulling from a queue (or `std::for_each(std::execution::par, …)`)';
const ASYNC_POOL =
	'run the items on a fixed pool of `std::thread::hardware_concurrency()` workers (e.g. `boost::asio::thread_pool` with `asio::post`), or `std::for_each(std::execution::par, …)`';
const C_POOL = 'start a fixed number of worker threads (e.g. `sysconf(_SC_NPROCESSORS_ONLN)` of them) that take items from a shared queue';
const WINDOWS = 'submit the work to the Windows thread pool (`TrySubmitThreadpoolCallback`) or to a fixed set of workers pulling from a queue';
const PROCESSES =
	'pre-fork a fixed number of worker processes that share the work (or the listening socket), or cap the children in flight and `waitpid` before starting another';
const QT = '`QThreadPool::globalInstance()->start(…)` or `QtConcurrent::run(…)`, which queue the work on a fixed pool';

/** C and platform APIs that start a thread or process, and the fix for each. */
const C_SPAWNS: Readonly<Record<string, { instead: string; process?: boolean }>> = {
	pthread_create: { instead: C_POOL },
	thrd_create: { instead: C_POOL },
	uv_thread_create: { instead: "`uv_queue_work(…)` on libuv's fixed thread pool" },
	CreateThread: { instead: WINDOWS },
	_beginthreadex: { instead: WINDOWS },
	_beginthread: { instead: WINDOWS },
	AfxBeginThread: { instead: WINDOWS },
	fork: { instead: PROCESSES, process: true },
	vfork: { instead: PROCESSES, process: true },
	posix_spawn: { instead: PROCESSES, process: true },
	posix_spawnp: { instead: PROCESSES, process: true },
};
const C_SPAWN_NAMES = new Set(Object.keys(C_SPAWNS));

const THREAD_TYPE = /^(?:std::(?:thread|jthread)|boost::thread)$/;
const isThreadType = (q: string) => THREAD_TYPE.test(q);

const TRIGGER = new RegExp(
	[
		String.raw`\bj?thread\b(?=\s*[({]|\s+[A-Za-z_]\w*\s*[({])`,
		String.raw`\basync(?=\s*\()`,
		String.raw`\b(?:${Object.keys(C_SPAWNS).join('|')})(?=\s*\()`,
		String.raw`\bmake_(?:unique|shared)\s*<\s*(?:(?:::)?(?:std|boost)\s*::\s*)?j?thread\s*>`,
		String.raw`\bQThread\s*::\s*create(?=\s*\()`,
		String.raw`\bnew\s+QThread\b`,
	].join('|'),
	'g',
);

/**
 * `std::thread`, `std::jthread`, `boost::thread`, `std::async`, `pthread_create`, `fork`, `CreateThread`,
 * a thread vector's `emplace_back(f, x)`: each starts an OS thread (or process). Per-item when a loop
 * over the input runs it. A `std::jthread` joins and a `std::async` future waits when destroyed, so those
 * count only when the handle outlives the iteration (detached, moved into a container, stored).
 */
export const unboundedThreadSpawn: Detector = {
	ruleId: 'unbounded-thread-spawn',
	mode: 'per-item',
	trigger: TRIGGER,
	fileTrigger(file) {
		const holders = [...declaredNames(file, 'thread-container'), ...declaredNames(file, 'thread-group')];
		const aliases = [...file.facts(createCppFacts).aliases]
			.filter(([alias, target]) => isThreadType(target) && !/^j?thread$/.test(alias))
			.map(([alias]) => alias);
		const parts = [
			holders.length ? String.raw`\b(?:${holders.join('|')})\s*(?:\.|->)\s*(?:emplace_back|emplace_front|emplace|create_thread)(?=\s*\()` : '',
			aliases.length ? String.raw`\b(?:${aliases.join('|')})\b(?=\s*[({]|\s+[A-Za-z_]\w*\s*[({])` : '',
		].filter(Boolean);
		return parts.length ? new RegExp(parts.join('|'), 'g') : undefined;
	},
	detect(node, file) {
		if (inBrokenCode(node)) {
			return undefined;
		}
		// The file trigger's hit `threads.emplace_back` is the callee of the call.
		const holderCall = node.type === 'field_expression' ? parentOf(node) : node;
		if (holderCall && isCall(holderCall) && methodCall(holderCall)) {
			return handleHolderSpawn(holderCall, file);
		}
		if (node.type === 'new_expression') {
			return /^QThread$/.test(plainName(node.childForFieldName('type') ?? node)) ? { node, callee: 'new QThread', instead: QT } : undefined;
		}
		if (node.type === 'identifier' || node.type === 'type_identifier') {
			if (node.text === 'async') {
				return asyncSpawn(node, file);
			}
			if (C_SPAWN_NAMES.has(node.text)) {
				return cSpawn(node, file);
			}
			return threadConstruction(node, file);
		}
		return factorySpawn(node, file);
	},
};

function cSpawn(part: Node, file: FileContext): Site | undefined {
	const call = callOf(part);
	const name = call ? isLibraryFunction(call, C_SPAWN_NAMES, file) : undefined;
	if (!call || !name || (/fork$/.test(name) && argumentsOf(call).length > 0)) {
		return undefined;
	}
	const spawn = C_SPAWNS[name];
	return { node: call, callee: name, instead: spawn.instead, detail: spawn.process ? 'a new process' : undefined };
}

/** `std::async(f, x)` and `std::async(std::launch::async, f, x)`; `std::launch::deferred` runs on `get()`. */
function asyncSpawn(part: Node, file: FileContext): Site | undefined {
	const call = callOf(part);
	if (!call || !qualifiedCallee(call, file, (q) => q === 'std::async')) {
		return undefined;
	}
	if (calleeName(call) === 'async' && file.facts(createCppFacts).definesFunction('async')) {
		// A library of its own with an `async(…)` function, next to `using namespace std;`.
		return undefined;
	}
	// The default policy (`async | deferred`) starts a thread in libstdc++, libc++ and MSVC alike.
	const policy = compact(argumentsOf(call)[0]?.text ?? '');
	if (/launch::deferred/.test(policy) && !/launch::async/.test(policy)) {
		return undefined;
	}
	return outlivesStatement(call) ? { node: call, callee: 'std::async', instead: ASYNC_POOL } : undefined;
}

/** `std::thread(f, x).join()`: started and waited for in one statement. */
function joinedAtOnce(construction: Node): boolean {
	const parent = parentSkippingParens(construction);
	return parent?.type === 'field_expression' && parent.childForFieldName('field')?.text === 'join';
}

/** `std::thread(f, x)`, `std::thread{f}`, `new std::thread(f)`, `std::thread t(f, x);`, `std::jthread t{f}`. */
function threadConstruction(part: Node, file: FileContext): Site | undefined {
	const name = wholeName(part);
	const written = plainName(name);
	if (!resolveName(written, file, isThreadType)) {
		return undefined;
	}
	const scoped = resolveName(written, file, (q) => q === 'std::jthread') !== undefined;
	const parent = parentOf(name);
	if (!parent) {
		return undefined;
	}
	if (parent.type === 'declaration' && parent.childForFieldName('type')?.id === name.id) {
		return declaredThread(parent, written, scoped);
	}
	const isConstruction =
		(isCall(parent) && parent.childForFieldName('function')?.id === name.id) ||
		((parent.type === 'compound_literal_expression' || parent.type === 'new_expression') && parent.childForFieldName('type')?.id === name.id);
	if (!isConstruction || argumentsOf(parent).length === 0 || (scoped && !outlivesStatement(parent)) || joinedAtOnce(parent)) {
		return undefined;
	}
	const callee = parent.type === 'new_expression' ? `new ${written}` : written;
	return { node: parent, callee, instead: POOL };
}

/** `std::thread t(f, x);` (parsed as a function declarator), `std::thread t{f};`, `std::thread t(&C::run, this);`. */
function declaredThread(declaration: Node, written: string, scoped: boolean): Site | undefined {
	for (const declarator of declaration.childrenForFieldName('declarator')) {
		if (!declarator) {
			continue;
		}
		let handle: string | undefined;
		if (declarator.type === 'function_declarator' && (declarator.childForFieldName('parameters')?.namedChildCount ?? 0) > 0) {
			// At namespace or class scope `std::thread make(Config);` declares a function; in a body it is a variable.
			handle = parentOf(declaration)?.type === 'compound_statement' ? declarator.childForFieldName('declarator')?.text : undefined;
		} else if (declarator.type === 'init_declarator') {
			const value = declarator.childForFieldName('value');
			const started = (value?.type === 'argument_list' || value?.type === 'initializer_list') && value.namedChildCount > 0;
			handle = started ? declarator.childForFieldName('declarator')?.text : undefined;
		}
		if (handle && (!scoped || usedPastScope(declaration, handle))) {
			return { node: declaration, callee: written, instead: POOL };
		}
	}
	return undefined;
}

/** `threads.emplace_back(f, x)` on a container of threads, `group.create_thread(f)` on a `boost::thread_group`. */
function handleHolderSpawn(call: Node, file: FileContext): Site | undefined {
	const { receiver, method } = methodCall(call)!;
	const holder = receiverName(receiver);
	if (!holder) {
		return undefined;
	}
	const callee = `${shortText(receiver)}.${method}`;
	if (method === 'create_thread') {
		return isDeclared(file, 'thread-group', holder, call) ? { node: call, callee, instead: POOL } : undefined;
	}
	const args = argumentsOf(call);
	if (!/^emplace(?:_back|_front)?$/.test(method) || !isDeclared(file, 'thread-container', holder, call) || args.length === 0) {
		return undefined;
	}
	// Moving an existing handle in, or a construction that is reported where it is written.
	if (args.length === 1 && (/^(?:::)?(?:std::)?move\(/.test(compact(args[0].text)) || holds(args[0], 'thread', file) || constructsThread(args[0], file))) {
		return undefined;
	}
	return { node: call, callee, instead: POOL };
}

function constructsThread(expr: Node, file: FileContext): boolean {
	const type = isCall(expr)
		? expr.childForFieldName('function')
		: expr.type === 'compound_literal_expression' || expr.type === 'new_expression'
			? expr.childForFieldName('type')
			: null;
	return !!type && !!resolveName(plainName(type), file, isThreadType);
}

/** `std::make_unique<std::thread>(f)`, `QThread::create(f)`: the hit spans the name; the call is just above. */
function factorySpawn(node: Node, file: FileContext): Site | undefined {
	let call: Node | null = node;
	for (let depth = 0; call && !isCall(call) && depth < 4; depth++) {
		call = parentOf(call);
	}
	const fn = call?.childForFieldName('function');
	if (!call || !fn || fn.startIndex > node.startIndex || fn.endIndex < node.endIndex || argumentsOf(call).length === 0) {
		return undefined;
	}
	if (/QThread\s*::\s*create$/.test(fn.text)) {
		return { node: call, callee: 'QThread::create', instead: QT };
	}
	const factory = qualifiedCallee(call, file, (q) => /^std::make_(?:unique|shared)$/.test(q));
	const type = /<\s*([^<>]+?)\s*>$/.exec(fn.text)?.[1];
	return factory && type && resolveName(type, file, isThreadType) ? { node: call, callee: compact(fn.text), instead: POOL } : undefined;
}

// --- Handles that join or wait when destroyed (std::jthread, std::async futures)

/**
 * Whether the thread or future made by `expr` lives past the statement: detached, passed on (into a
 * container, a function), returned, stored in an element or member. A discarded temporary or a local
 * that is only waited on is destroyed (joined, waited for) before the next iteration starts.
 */
function outlivesStatement(expr: Node): boolean {
	const parent = parentSkippingParens(expr);
	if (!parent || parent.type === 'expression_statement') {
		return false;
	}
	if (parent.type === 'field_expression') {
		return parent.childForFieldName('field')?.text === 'detach';
	}
	if (parent.type === 'init_declarator' && parent.childForFieldName('value')?.id === expr.id) {
		const handle = parent.childForFieldName('declarator')?.text;
		const scope = parentOf(parent);
		return !!handle && !!scope && usedPastScope(scope, handle);
	}
	if (parent.type === 'assignment_expression') {
		// `results[i] = std::async(…)`, `job.done = std::async(…)` keep one per item; `f = std::async(…)` waits for the last.
		return /^(?:subscript|field)_expression$/.test(parent.childForFieldName('left')?.type ?? '');
	}
	return true;
}

/** After `declaration`, in its block: `handle.detach()`, `std::move(handle)`, `handle.share()` or `return handle;`. */
function usedPastScope(declaration: Node, handle: string): boolean {
	const block = parentOf(declaration);
	if (!block || !/^\w+$/.test(handle)) {
		return true;
	}
	const rest = block.text.slice(declaration.endIndex - block.startIndex);
	return new RegExp(`\\b${handle}\\s*(?:\\.|->)\\s*(?:detach|share)\\s*\\(|\\bmove\\s*\\(\\s*${handle}\\s*\\)|\\breturn\\s+${handle}\\s*;`).test(rest);
}
