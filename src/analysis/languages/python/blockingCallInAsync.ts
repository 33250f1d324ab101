import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact, parentOf, parentSkippingParens } from '../../syntaxHelpers';
import { CONNECT_CALLS, DJANGO_METHODS, DRIVER_METHODS, djangoQuery, driverCall } from './drivers';
import { boundCallee, callOf, declaredType, isCall, localNameTrigger, pythonSyntax, qualifiedCallee, receiverOf } from './syntax';

const HTTP = 'an async client (`httpx.AsyncClient`, `aiohttp`) with `await`, or `await asyncio.to_thread(…)`';
const PROCESS = '`await asyncio.create_subprocess_exec(…)` and `await proc.communicate()`';
const FILES = '`await asyncio.to_thread(…)` around the file work, or `aiofiles` / `anyio.open_file`';

const TABLE = callTable({
	'`await asyncio.sleep(…)`': ['time.sleep'],
	[HTTP]: [
		...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map((m) => `requests.${m}`),
		...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'Client'].map((m) => `httpx.${m}`),
		// `requests.Session()` and `urllib3.PoolManager()` do no I/O until used (their methods are flagged
		// then); `httpx.Client()` loads the CA bundle from disk.
		'urllib.request.urlopen',
		'urllib.request.urlretrieve',
		'urllib3.request',
	],
	[PROCESS]: [
		...['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput', 'Popen'].map((m) => `subprocess.${m}`),
		'os.system',
		'os.popen',
		'os.wait',
		'os.waitpid',
		'os.wait3',
		'os.wait4',
		'os.waitid',
		'os.posix_spawn',
		'os.posix_spawnp',
		...['l', 'le', 'lp', 'lpe', 'v', 've', 'vp', 'vpe'].map((suffix) => `os.spawn${suffix}`),
	],
	[FILES]: [
		'open',
		'builtins.open',
		'io.open',
		'io.open_code',
		'os.fdopen',
		'codecs.open',
		'gzip.open',
		'bz2.open',
		'lzma.open',
		'tarfile.open',
		'zipfile.ZipFile',
	],
	// The os.path functions that ask the file system (Ruff's ASYNC240; abspath reads the working directory);
	// join, basename and the like only compute.
	'`await asyncio.to_thread(os.path.…, path)`, or `anyio.Path` / `aiofiles.os.path` with `await`': [
		'abspath',
		'exists',
		'lexists',
		'isfile',
		'isdir',
		'islink',
		'ismount',
		'isjunction',
		'getsize',
		'getmtime',
		'getatime',
		'getctime',
		'samefile',
		'sameopenfile',
		'realpath',
	].map((f) => `os.path.${f}`),
	'`await asyncio.to_thread(shutil.…)`': ['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.rmtree', 'shutil.move'],
	'`line = await asyncio.to_thread(input, …)`': ['input', 'builtins.input'],
	'`aiosmtplib`, or `await asyncio.to_thread(…)` around the SMTP session': ['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP'],
	'`aiosqlite`, or `await asyncio.to_thread(…)` around the queries': ['sqlite3.connect'],
	'`await loop.getaddrinfo(…)` or `await asyncio.open_connection(…)`': [
		'socket.gethostbyname',
		'socket.gethostbyname_ex',
		'socket.gethostbyaddr',
		'socket.getaddrinfo',
		'socket.create_connection',
	],
	...CONNECT_CALLS,
});

/**
 * pathlib methods that ask the file system (Ruff's ASYNC230/ASYNC240); flagged when the receiver is evidently a
 * path. Left out: names that strings and other objects have too (`replace`, `resolve`, `walk`, `owner`, `group`).
 */
const PATH_METHODS = new Set([
	'read_text',
	'read_bytes',
	'write_text',
	'write_bytes',
	'open',
	'touch',
	'exists',
	'is_file',
	'is_dir',
	'is_symlink',
	'is_mount',
	'is_socket',
	'is_fifo',
	'is_block_device',
	'is_char_device',
	'is_junction',
	'stat',
	'lstat',
	'iterdir',
	'glob',
	'rglob',
	'mkdir',
	'rmdir',
	'unlink',
	'rename',
	'chmod',
	'lchmod',
	'symlink_to',
	'hardlink_to',
	'readlink',
	'samefile',
]);
/** Path methods that return another path of the same kind. */
const PATH_RETURNING = new Set(['absolute', 'resolve', 'expanduser', 'joinpath', 'with_name', 'with_stem', 'with_suffix', 'relative_to']);
const PATH_CONSTRUCTOR = /^(?:pathlib\.)?(?:Path|PosixPath|WindowsPath)$/;
const PATH_NAME = /(?:^|[._])(?:path|file|filename|filepath|config_file|dest|src|target)$/i;

/** Methods that block when called on a sync client object bound in this file. */
const CLIENT_METHODS = new Set([
	'get',
	'post',
	'put',
	'patch',
	'delete',
	'head',
	'options',
	'request',
	'send',
	'stream',
	'urlopen',
	'sendmail',
	'send_message',
	'login',
	'quit',
	'close',
	'execute',
	'executemany',
	'executescript',
	'commit',
]);
const CLIENT_CONSTRUCTORS = /^(?:requests\.Session|httpx\.Client|urllib3\.PoolManager|smtplib\.SMTP(?:_SSL)?|sqlite3\.connect)$/;
/** The same clients as parameter annotations (`client: httpx.Client`, `Optional[requests.Session]`). */
const CLIENT_TYPES = /^(?:requests\.(?:sessions\.)?Session|httpx\.Client|urllib3\.PoolManager|smtplib\.SMTP(?:_SSL)?|sqlite3\.Connection)$/;
/** Async wrappers that take an open file object: `await anyio.wrap_file(open(…))` does its I/O on a thread. */
const FILE_WRAPPERS = /^(?:trio|anyio)\.wrap_file$/;

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	trigger: new RegExp(
		`${TABLE.trigger.source}|\\b(?:${[...new Set([...PATH_METHODS, ...CLIENT_METHODS, ...DRIVER_METHODS, ...DJANGO_METHODS])].join('|')})(?=\\s*\\()`,
		'g',
	),
	fileTrigger: (file) => localNameTrigger(file, (q) => TABLE.fixes.has(q)),
	detect(node, file) {
		const call = callOf(node);
		if (!call) {
			return undefined;
		}
		// `await f(…)`: f returns an awaitable, so it is not the blocking function of that name.
		if (pythonSyntax.isAwaited(call)) {
			return undefined;
		}
		const name = qualifiedCallee(call, file);
		const fix = TABLE.fixFor(name);
		if (fix && name) {
			return wrappedFile(call, file) ? undefined : { node: call, callee: name, instead: fix };
		}
		return methodOnBlockingReceiver(call, node.text, file);
	},
};

/** `open(…)` handed straight to `trio.wrap_file` / `anyio.wrap_file`: the wrapper's async methods do the I/O. */
function wrappedFile(call: Node, file: FileContext): boolean {
	const holder = parentSkippingParens(call);
	const outer = holder?.type === 'argument_list' ? parentOf(holder) : undefined;
	return !!outer && isCall(outer) && FILE_WRAPPERS.test(qualifiedCallee(outer, file) ?? '');
}

function methodOnBlockingReceiver(call: Node, method: string, file: FileContext): Site | undefined {
	const receiver = receiverOf(call);
	if (!receiver) {
		return undefined;
	}
	const short = shortReceiver(receiver);
	const callee = `${short}.${method}`;
	if (PATH_METHODS.has(method) && isPathLike(receiver, file)) {
		// A receiver too long to show is named `path` in the fix.
		const path = short === '…' ? 'path' : short;
		return { node: call, callee, instead: `\`await asyncio.to_thread(${path}.${method}, …)\`, or \`anyio.Path\` with \`await\`` };
	}
	const driver = driverCall(call, receiver, method, file);
	if (driver) {
		return { node: call, callee, instead: driver };
	}
	const query = djangoQuery(call, receiver, method, file);
	if (query) {
		return { node: call, callee, instead: query.replace('…', short === '…' ? 'queryset' : short) };
	}
	if (CLIENT_METHODS.has(method)) {
		const client = syncClient(receiver, call, file);
		if (client) {
			return {
				node: call,
				callee,
				instead: `an async client instead of \`${client}\` (\`httpx.AsyncClient\`, \`aiohttp\`, \`aiosqlite\`, \`aiosmtplib\`), or \`await asyncio.to_thread(…)\``,
			};
		}
	}
	return undefined;
}

/** The sync client `receiver` holds: bound to its constructor's call, or declared with its type. */
function syncClient(receiver: Node, call: Node, file: FileContext): string | undefined {
	const constructor = boundCallee(file, compact(receiver.text), call);
	if (constructor && CLIENT_CONSTRUCTORS.test(constructor)) {
		return constructor;
	}
	const declared = declaredType(file, receiver, call);
	return declared && CLIENT_TYPES.test(declared) ? declared : undefined;
}

function isPathLike(receiver: Node, file: FileContext): boolean {
	const object = receiver.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'parent' ? receiver.childForFieldName('object') : null;
	if (object) {
		return isPathLike(object, file); // `path.parent` is a path too
	}
	if (receiver.type === 'call') {
		// `Path(p)`, or a path method that returns a path: `Path(p).absolute()`.
		const derived = receiverOf(receiver);
		const method = receiver.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '';
		return PATH_CONSTRUCTOR.test(qualifiedCallee(receiver, file) ?? '') || (!!derived && PATH_RETURNING.has(method) && isPathLike(derived, file));
	}
	if (receiver.type === 'binary_operator' || receiver.type === 'parenthesized_expression') {
		return /^\(?\s*(?:pathlib\.)?Path\s*\(/.test(receiver.text);
	}
	const bound = boundCallee(file, compact(receiver.text), receiver);
	if (bound === undefined) {
		// A name declared with its type: the type decides (`upload_file: UploadFile` is no path).
		const declared = declaredType(file, receiver, receiver);
		if (declared !== undefined) {
			return PATH_CONSTRUCTOR.test(declared);
		}
	}
	return (bound !== undefined && PATH_CONSTRUCTOR.test(bound)) || PATH_NAME.test(receiver.text);
}

function shortReceiver(receiver: Node): string {
	const text = compact(receiver.text);
	return text.length > 24 ? '…' : text;
}
