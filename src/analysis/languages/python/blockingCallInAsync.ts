import type { Node } from '@vscode/tree-sitter-wasm';
import { callTable } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { boundCallee, callOf, localNameTrigger, qualifiedCallee, receiverOf } from './syntax';

const HTTP = 'an async client (`httpx.AsyncClient`, `aiohttp`) with `await`, or `await asyncio.to_thread(…)`';
const PROCESS = '`await asyncio.create_subprocess_exec(…)` and `await proc.communicate()`';
const FILES = '`await asyncio.to_thread(…)` around the file work, or `aiofiles` / `anyio.open_file`';

const TABLE = callTable({
	'`await asyncio.sleep(…)`': ['time.sleep'],
	[HTTP]: [
		...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'].map((m) => `requests.${m}`),
		...['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream', 'Client'].map((m) => `httpx.${m}`),
		'urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib3.request', 'urllib3.PoolManager', 'requests.Session',
	],
	[PROCESS]: [
		...['run', 'call', 'check_call', 'check_output', 'getoutput', 'getstatusoutput', 'Popen'].map((m) => `subprocess.${m}`),
		'os.system', 'os.popen', 'os.wait', 'os.waitpid', 'os.wait3', 'os.wait4', 'os.waitid',
	],
	[FILES]: ['open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open', 'tarfile.open', 'zipfile.ZipFile'],
	'`await asyncio.to_thread(shutil.…)`': ['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.copytree', 'shutil.rmtree', 'shutil.move'],
	'`line = await asyncio.to_thread(input, …)`': ['input'],
	'`aiosmtplib`, or `await asyncio.to_thread(…)` around the SMTP session': ['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP'],
	'`aiosqlite`, or `await asyncio.to_thread(…)` around the queries': ['sqlite3.connect'],
	'`await loop.getaddrinfo(…)` or `await asyncio.open_connection(…)`': [
		'socket.gethostbyname', 'socket.gethostbyname_ex', 'socket.gethostbyaddr', 'socket.getaddrinfo', 'socket.create_connection',
	],
});

/** pathlib methods that do file I/O; flagged when the receiver is evidently a path. */
const PATH_METHODS = new Set(['read_text', 'read_bytes', 'write_text', 'write_bytes', 'open']);
const PATH_CONSTRUCTOR = /^(?:pathlib\.)?(?:Path|PosixPath|WindowsPath)$/;
const PATH_NAME = /(?:^|[._])(?:path|file|filename|filepath|config_file|dest|src|target)$/i;

/** Methods that block when called on a sync client object bound in this file. */
const CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'send', 'stream', 'urlopen', 'sendmail', 'send_message', 'login', 'execute', 'executemany', 'executescript', 'commit']);
const CLIENT_CONSTRUCTORS = /^(?:requests\.Session|httpx\.Client|urllib3\.PoolManager|smtplib\.SMTP(?:_SSL)?|sqlite3\.connect)$/;

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	trigger: new RegExp(`${TABLE.trigger.source}|\\b(?:${[...PATH_METHODS, ...CLIENT_METHODS].join('|')})(?=\\s*\\()`, 'g'),
	fileTrigger: (file) => localNameTrigger(file, (q) => TABLE.fixes.has(q)),
	detect(node, file) {
		const call = callOf(node);
		if (!call) {
			return undefined;
		}
		const name = qualifiedCallee(call, file);
		const fix = TABLE.fixFor(name);
		if (fix && name) {
			return { node: call, callee: name, instead: fix };
		}
		return methodOnBlockingReceiver(call, node.text, file);
	},
};

function methodOnBlockingReceiver(call: Node, method: string, file: FileContext): Site | undefined {
	const receiver = receiverOf(call);
	if (!receiver) {
		return undefined;
	}
	const callee = `${shortReceiver(receiver)}.${method}`;
	if (PATH_METHODS.has(method) && isPathLike(receiver, file)) {
		return { node: call, callee, instead: '`await asyncio.to_thread(path.read_text)` or `anyio.Path` with `await`' };
	}
	if (CLIENT_METHODS.has(method)) {
		const constructor = boundCallee(file, compact(receiver.text), call);
		if (constructor && CLIENT_CONSTRUCTORS.test(constructor)) {
			return { node: call, callee, instead: `an async client instead of \`${constructor}\` (\`httpx.AsyncClient\`, \`aiohttp\`, \`aiosqlite\`, \`aiosmtplib\`), or \`await asyncio.to_thread(…)\`` };
		}
	}
	return undefined;
}

function isPathLike(receiver: Node, file: FileContext): boolean {
	if (receiver.type === 'call') {
		return PATH_CONSTRUCTOR.test(qualifiedCallee(receiver, file) ?? '');
	}
	if (receiver.type === 'binary_operator' || receiver.type === 'parenthesized_expression') {
		return /^\(?\s*(?:pathlib\.)?Path\s*\(/.test(receiver.text);
	}
	const bound = boundCallee(file, compact(receiver.text), receiver);
	return (bound !== undefined && PATH_CONSTRUCTOR.test(bound)) || PATH_NAME.test(receiver.text);
}

function shortReceiver(receiver: Node): string {
	const text = compact(receiver.text);
	return text.length > 24 ? '…' : text;
}
