import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf } from '../../syntaxHelpers';
import { argumentsOf, calleeName, callOf, inBrokenCode, isCall, isCoAwaited, methodCall, plainName, qualifiedCallee, shortText, wholeName } from './calls';
import { resolveName, createCppFacts } from './facts';
import { resumedOnPool } from './syntax';

const SLEEP = '`co_await` an async timer (`co_await timer.async_wait(asio::use_awaitable)` on an `asio::steady_timer`)';
const FILES = 'an async file API (`asio::stream_file`, io_uring), or hand the file work to a thread pool and `co_await` its result';
const PROCESS = 'an async process API (`boost::process` with `async_wait`), or run it on a thread pool and `co_await` the result';
const DNS = '`co_await resolver.async_resolve(host, service, asio::use_awaitable)`';
const ASIO = 'the async form with `co_await` (`co_await asio::async_read(…, asio::use_awaitable)`)';
const STDIN = 'read standard input through an async stream (`asio::posix::stream_descriptor` on `STDIN_FILENO`) or on a thread of its own';

const asio = (names: string[]) => names.flatMap((n) => [`asio::${n}`, `boost::asio::${n}`]);

/**
 * Blocking calls, by qualified name. Unqualified names are C library functions: only a bare call (or
 * `::name`, `std::name`) that no function of this file shadows counts.
 */
const TABLE = callTable({
	[SLEEP]: [
		'std::this_thread::sleep_for',
		'std::this_thread::sleep_until',
		'boost::this_thread::sleep_for',
		'boost::this_thread::sleep_until',
		'boost::this_thread::sleep',
		'sleep',
		'usleep',
		'nanosleep',
		'clock_nanosleep',
		'Sleep',
	],
	[FILES]: ['fopen', 'fread', 'fgets', 'fwrite', 'freopen', 'std::fopen', 'std::fread', 'std::fgets', 'std::fwrite', 'std::freopen'],
	[PROCESS]: ['system', 'std::system', 'popen', '_popen'],
	[DNS]: ['gethostbyname', 'gethostbyname2', 'gethostbyaddr', 'getaddrinfo', 'getnameinfo'],
	[ASIO]: asio(['read', 'write', 'read_until', 'read_at', 'write_at', 'connect']),
});

const FILE_STREAMS = /^std::(?:i|o)?fstream$/;

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	trigger: new RegExp(
		String.raw`${TABLE.trigger.source}|\b(?:getline|read_some|write_some)(?=\s*\()|\b(?:i|o)?fstream\b(?=\s*[({]|\s+[A-Za-z_]\w*\s*[({])`,
		'g',
	),
	detect(node, file) {
		const site = blockingCall(node, file);
		return site && !resumedOnPool(site.node) ? site : undefined;
	},
};

function blockingCall(node: Node, file: FileContext): Site | undefined {
	if (inBrokenCode(node)) {
		return undefined;
	}
	if (/^(?:i|o)?fstream$/.test(node.text)) {
		return fileStream(node, file);
	}
	const call = callOf(node);
	if (!call || isCoAwaited(call)) {
		return undefined;
	}
	if (node.text === 'getline') {
		return readsStdin(call, file);
	}
	if (node.text === 'read_some' || node.text === 'write_some') {
		return syncStreamCall(call);
	}
	const name = qualifiedCallee(call, file, (q) => TABLE.fixes.has(q));
	if (!name || (!name.includes('::') && !isCLibraryCall(call, name, file)) || (ASIO_NAME.test(name) && !isAsioCall(call))) {
		return undefined;
	}
	return { node: call, callee: calleeName(call) ?? name, instead: TABLE.fixFor(name)! };
}

const ASIO_NAME = /^(?:boost::)?asio::/;

/** `net::read(socket, buf)`, or a bare `read(socket, buffer(data))` under `using namespace boost::asio` (not POSIX `read`). */
function isAsioCall(call: Node): boolean {
	return /::/.test(calleeName(call) ?? '') || argumentsOf(call).some((a) => /\bbuffer\s*\(/.test(a.text));
}

/** A C function called bare: not shadowed by a local definition, and with C arguments (`sleep(1s)` is someone's awaitable). */
function isCLibraryCall(call: Node, name: string, file: FileContext): boolean {
	const global = /^::/.test(call.childForFieldName('function')?.text ?? '');
	if (!global && file.facts(createCppFacts).definesFunction(name)) {
		return false;
	}
	return !argumentsOf(call).some((a) => a.type === 'user_defined_literal' || /\bchrono\b|duration/.test(a.text));
}

/** `socket.read_some(buffer(data))`: the synchronous form of asio's (and Beast's) `async_read_some`. */
function syncStreamCall(call: Node): Site | undefined {
	const method = methodCall(call);
	const args = argumentsOf(call);
	if (!method || args.length === 0 || args.length > 2 || args.some((a) => /use_awaitable|use_future|deferred|yield|token|handler/i.test(a.text))) {
		return undefined;
	}
	return {
		node: call,
		callee: `${shortText(method.receiver)}.${method.method}`,
		instead: `\`co_await ${shortText(method.receiver)}.async_${method.method}(…, asio::use_awaitable)\``,
	};
}

/** `std::getline(std::cin, line)`: a read from standard input. */
function readsStdin(call: Node, file: FileContext): Site | undefined {
	const name = qualifiedCallee(call, file, (q) => q === 'std::getline');
	const stream = compact(argumentsOf(call)[0]?.text ?? '');
	if (!name || !/^(?:std::)?cin$/.test(stream)) {
		return undefined;
	}
	return { node: call, callee: `${calleeName(call)}(${stream}, …)`, instead: STDIN };
}

/** `std::ifstream in(path);`, `std::ofstream{path}`, `auto in = std::ifstream(path)`: opening a file. */
function fileStream(part: Node, file: FileContext): Site | undefined {
	const name = wholeName(part);
	const written = plainName(name);
	if (!resolveName(written, file, (q) => FILE_STREAMS.test(q))) {
		return undefined;
	}
	const parent = parentOf(name);
	if (parent?.type === 'declaration' && parent.childForFieldName('type')?.id === name.id) {
		const opens = parent.childrenForFieldName('declarator').some((d) => {
			const args = d?.type === 'function_declarator' ? d.childForFieldName('parameters') : d?.type === 'init_declarator' ? d.childForFieldName('value') : null;
			return !!args && /^(?:parameter_list|argument_list|initializer_list)$/.test(args.type) && args.namedChildCount > 0;
		});
		return opens ? { node: parent, callee: written, instead: FILES } : undefined;
	}
	if (!parent) {
		return undefined;
	}
	const constructs =
		(isCall(parent) && parent.childForFieldName('function')?.id === name.id) ||
		(parent.type === 'compound_literal_expression' && parent.childForFieldName('type')?.id === name.id);
	return constructs && argumentsOf(parent).length > 0 ? { node: parent, callee: written, instead: FILES } : undefined;
}
