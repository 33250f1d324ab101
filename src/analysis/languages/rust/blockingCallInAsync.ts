import { callTable, wordsTrigger } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { aliasTrigger, callAt, chainOf, describeReceiver, qualifiedCallee, type CallInfo } from './calls';

const SLEEP = "`tokio::time::sleep(d).await` (or your runtime's async sleep)";
const FILES = '`tokio::fs::…(…).await`, or `tokio::task::spawn_blocking`';
const HTTP = 'the async `reqwest::Client` with `.await`';
const PROCESS = '`tokio::process::Command` with `.await`';
const NET = '`tokio::net` (`TcpStream::connect(…).await`, `listener.accept().await`)';
const STDIN = '`tokio::io::BufReader::new(tokio::io::stdin())` with `.read_line(&mut line).await`';

const FS_FUNCTIONS = [
	'read_to_string',
	'read',
	'write',
	'read_dir',
	'create_dir',
	'create_dir_all',
	'remove_file',
	'remove_dir',
	'remove_dir_all',
	'copy',
	'rename',
	'metadata',
	'symlink_metadata',
	'canonicalize',
	'read_link',
	'hard_link',
	'set_permissions',
];

/** Path calls that block, by full path after `use` resolution. `tokio::fs::…` and `async_std::…` are not here. */
const PATHS = callTable({
	[SLEEP]: ['std::thread::sleep', 'std::thread::sleep_ms'],
	...Object.fromEntries(FS_FUNCTIONS.map((f) => [`\`tokio::fs::${f}(…).await\`, or \`tokio::task::spawn_blocking\``, [`std::fs::${f}`]])),
	'`tokio::fs::File::open(…).await` / `File::create(…).await`, or `tokio::task::spawn_blocking`': [
		'std::fs::File::open',
		'std::fs::File::create',
		'std::fs::File::create_new',
	],
	[HTTP]: [
		...['get', 'Client::new', 'Client::builder', 'ClientBuilder::new'].map((f) => `reqwest::blocking::${f}`),
		...['get', 'post', 'put', 'delete', 'patch', 'head', 'request', 'agent', 'AgentBuilder::new'].map((f) => `ureq::${f}`),
	],
	[NET]: ['std::net::TcpStream::connect', 'std::net::TcpStream::connect_timeout'],
});

/** Words that stand for the calls above without matching every `new(` and `get(` in a file. */
const WORDS = new Set([
	'sleep',
	'sleep_ms',
	...FS_FUNCTIONS,
	'open',
	'create',
	'create_new',
	'connect',
	'connect_timeout',
	'blocking',
	'ureq',
	'output',
	'status',
	'wait',
	'wait_with_output',
	'read_line',
	'accept',
	'incoming',
	'to_socket_addrs',
]);

const CHAINED_METHODS = new Set(['output', 'status', 'wait', 'wait_with_output', 'read_line', 'read_to_string', 'accept', 'incoming', 'open']);
const PROCESS_ROOT = /^std::process::Command::new$/;
const STDIN_ROOT = /^std::io::stdin$/;
const LISTENER_ROOT = /^(?:std::net::TcpListener::bind|type:std::net::TcpListener)$/;
const OPEN_OPTIONS_ROOT = /^std::fs::(?:OpenOptions::new|File::options)$/;

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	trigger: wordsTrigger([...WORDS], String.raw`(?=\s*(?:\(|::|!|<))`),
	fileTrigger: (file) => aliasTrigger(file, (full) => [...PATHS.fixes.keys()].some((k) => k === full || k.startsWith(`${full}::`)), WORDS),
	detect(node, file) {
		const info = callAt(node);
		// A std call is never a future: an awaited one is tokio's or async-std's.
		if (!info || info.awaited) {
			return undefined;
		}
		if (info.path) {
			const full = qualifiedCallee(info, file, (p) => PATHS.fixes.has(p));
			return full ? { node: info.node, callee: shortPath(info.path), instead: PATHS.fixFor(full)! } : undefined;
		}
		return info.method && info.receiver && node.text === info.method ? blockingMethod(info, file) : undefined;
	},
};

function shortPath(path: string): string {
	const text = compact(path);
	return text.length > 40 ? `…::${text.split('::').slice(-2).join('::')}` : text;
}

/** Methods that block on a receiver built from a blocking std type: `Command::new(…).output()`, `stdin.read_line(…)`. */
function blockingMethod(info: CallInfo, file: FileContext): Site | undefined {
	const method = info.method!;
	const receiver = info.receiver!;
	const callee = `${describeReceiver(receiver)}.${method}`;
	if (method === 'to_socket_addrs') {
		const plain =
			receiver.type === 'string_literal' || receiver.type === 'tuple_expression' || (receiver.type === 'macro_invocation' && /^format\b/.test(receiver.text));
		return plain ? { node: info.node, callee, instead: '`tokio::net::lookup_host(…).await`' } : undefined;
	}
	if (!CHAINED_METHODS.has(method)) {
		return undefined;
	}
	const chain = chainOf(receiver, file);
	const from = (root: RegExp) => chain.rootPaths.some((p) => root.test(p));
	switch (method) {
		case 'output':
		case 'status':
			return from(PROCESS_ROOT) && !chain.methods.includes('spawn') ? { node: info.node, callee, instead: PROCESS } : undefined;
		case 'wait':
		case 'wait_with_output':
			return from(PROCESS_ROOT) && chain.methods.includes('spawn') ? { node: info.node, callee, instead: PROCESS } : undefined;
		case 'read_line':
		case 'read_to_string':
			return from(STDIN_ROOT) ? { node: info.node, callee, instead: STDIN } : undefined;
		case 'accept':
		case 'incoming':
			return from(LISTENER_ROOT) ? { node: info.node, callee, instead: NET } : undefined;
		case 'open':
			return from(OPEN_OPTIONS_ROOT) ? { node: info.node, callee, instead: FILES } : undefined;
	}
	return undefined;
}
