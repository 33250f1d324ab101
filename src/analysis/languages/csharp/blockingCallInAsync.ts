import type { Node } from '@vscode/tree-sitter-wasm';
import { wordsTrigger } from '../../callTable';
import type { Detector, FileContext, Site } from '../../languageSupport';
import { compact } from '../../syntaxHelpers';
import { asyncTwinSite, twinTrigger } from './asyncTwins';
import { EF_METHODS, entityFrameworkSite } from './entityFramework';
import { csharpFacts } from './facts';
import { originOf, type Origin } from './declarations';
import { callOfName, describe, methodCall, qualifiedCallee } from './symbols';
import { csharpSyntax } from './syntax';

/**
 * Static framework calls that block, with the fix. `File.Exists`, `File.Delete`, `File.Move` and the
 * other metadata calls are left alone: they are quick, and .NET has no async version to suggest.
 */
const STATIC_CALLS: Record<string, (method: string) => string> = {
	'Thread.Sleep': () => '`await Task.Delay(…)`',
	...Object.fromEntries(
		['ReadAllText', 'ReadAllBytes', 'ReadAllLines', 'WriteAllText', 'WriteAllBytes', 'WriteAllLines', 'AppendAllText', 'AppendAllLines'].map((m) => [
			`File.${m}`,
			() => `\`await File.${m}Async(…)\``,
		]),
	),
	'File.ReadLines': () => '`await foreach (var line in File.ReadLinesAsync(…))`',
	'File.Copy': () => '`await source.CopyToAsync(destination)` on two `FileStream`s opened with `useAsync: true`, or `await Task.Run(() => File.Copy(…))`',
	...Object.fromEntries(
		['ReadLine', 'Read', 'ReadKey'].map((m) => [`Console.${m}`, () => `\`await Task.Run(() => Console.${m}())\` (console input has no truly async read)`]),
	),
	'Dns.GetHostEntry': () => '`await Dns.GetHostEntryAsync(…)`',
	'Dns.GetHostAddresses': () => '`await Dns.GetHostAddressesAsync(…)`',
	'Dns.GetHostByName': () => '`await Dns.GetHostEntryAsync(…)`',
	'Dns.Resolve': () => '`await Dns.GetHostEntryAsync(…)`',
};

const ADO = String.raw`(?:I?Db|Sql|Npgsql|MySql|Sqlite|SQLite|OleDb|Odbc|Oracle|Fb|SqlCe)`;
const ADO_COMMAND = new RegExp(`^${ADO}Command$`);
const ADO_CONNECTION = new RegExp(`^${ADO}Connection$`);
const ADO_READER = new RegExp(`^${ADO}DataReader$|^IDataReader$`);
const DAPPER_METHODS = [
	'Query',
	'QueryFirst',
	'QueryFirstOrDefault',
	'QuerySingle',
	'QuerySingleOrDefault',
	'QueryMultiple',
	'Execute',
	'ExecuteScalar',
	'ExecuteReader',
];

/** Instance methods that block when the receiver is evidently of a blocking type. */
interface ReceiverRule {
	methods: readonly string[];
	receiver: (origin: Origin, receiver: Node, file: FileContext) => boolean;
	instead: (method: string) => string;
}

const typeIs = (pattern: RegExp) => (o: Origin) => pattern.test(o.type ?? '');

const RECEIVER_RULES: readonly ReceiverRule[] = [
	{
		methods: ['ReadToEnd', 'ReadLine', 'ReadBlock'],
		receiver: (o) => /^(?:StreamReader|TextReader)$/.test(o.type ?? '') || /^File\.OpenText$/.test(o.call ?? ''),
		instead: (m) => `\`await reader.${m}Async()\``,
	},
	{
		methods: ['Read', 'Write', 'CopyTo'],
		receiver: (o) => o.type === 'FileStream' || /^File\.(?:Open|OpenRead|OpenWrite|Create)$/.test(o.call ?? ''),
		instead: (m) => `\`await stream.${m}Async(…)\` on a \`FileStream\` opened with \`useAsync: true\``,
	},
	{
		methods: ['DownloadString', 'DownloadData', 'DownloadFile', 'UploadString', 'UploadData', 'UploadFile', 'UploadValues', 'OpenRead'],
		receiver: typeIs(/^WebClient$/),
		instead: (m) => `\`await webClient.${m}TaskAsync(…)\`, or better \`HttpClient\` with \`await\``,
	},
	{
		methods: ['Send'],
		receiver: (o) => o.type === 'HttpClient' || o.method === 'CreateClient',
		instead: () => '`await client.SendAsync(…)`',
	},
	{
		methods: ['GetResponse', 'GetRequestStream'],
		receiver: (o) => /^(?:Http|Ftp|File)?WebRequest$/.test(o.type ?? '') || /^WebRequest\.Create(?:Http)?$/.test(o.call ?? ''),
		instead: (m) => `\`await request.${m}Async()\`, or better \`HttpClient\` with \`await\``,
	},
	{
		methods: ['WaitForExit'],
		receiver: (o) => o.type === 'Process' || o.call === 'Process.Start',
		instead: () => '`await process.WaitForExitAsync()`',
	},
	{
		methods: ['ExecuteReader', 'ExecuteNonQuery', 'ExecuteScalar'],
		receiver: (o) => ADO_COMMAND.test(o.type ?? '') || o.method === 'CreateCommand',
		instead: (m) => `\`await command.${m}Async()\``,
	},
	{
		methods: ['Open'],
		receiver: typeIs(ADO_CONNECTION),
		instead: () => '`await connection.OpenAsync()`',
	},
	{
		methods: ['Read'],
		receiver: (o) => ADO_READER.test(o.type ?? '') || o.method === 'ExecuteReader' || o.method === 'ExecuteReaderAsync',
		instead: () => '`await reader.ReadAsync()`',
	},
	{
		methods: ['Send'],
		receiver: typeIs(/^SmtpClient$/),
		instead: () => '`await smtp.SendMailAsync(…)`',
	},
	{
		methods: ['AcceptTcpClient', 'AcceptSocket'],
		receiver: typeIs(/^TcpListener$/),
		instead: (m) => `\`await listener.${m}Async()\``,
	},
	{
		methods: ['Connect'],
		receiver: typeIs(/^TcpClient$/),
		instead: () => '`await client.ConnectAsync(…)`',
	},
	{
		// Visual Studio's JoinableTaskFactory: `Run` and `Join` wait synchronously for async work.
		methods: ['Run'],
		receiver: typeIs(/^JoinableTaskFactory$/),
		instead: () => '`await jtf.RunAsync(…)`',
	},
	{
		methods: ['Join'],
		receiver: (o) => o.type === 'JoinableTask' || o.method === 'RunAsync',
		instead: () => '`await joinableTask.JoinAsync()`',
	},
	{
		methods: ['SaveChanges'],
		receiver: (o, _r, file) =>
			/DbContext$/.test(o.type ?? '') || (/Context$/.test(o.type ?? '') && [...csharpFacts(file).namespaces].some((n) => /EntityFramework/.test(n))),
		instead: () => '`await context.SaveChangesAsync()`',
	},
	{
		methods: DAPPER_METHODS,
		receiver: (o, _r, file) => csharpFacts(file).namespaces.has('Dapper') && ADO_CONNECTION.test(o.type ?? ''),
		instead: (m) => `\`await connection.${m}Async(…)\``,
	},
];

/** Receivers that are text readers by where they come from: `process.StandardOutput`, `Console.In`. */
const READER_PROPERTY = /(?:\.Standard(?:Output|Error)|^Console\.In)$/;

const RECEIVER_METHODS = new Set(RECEIVER_RULES.flatMap((r) => r.methods));

export const blockingCallInAsync: Detector = {
	ruleId: 'blocking-call-in-async',
	mode: 'in-async',
	trigger: wordsTrigger([...Object.keys(STATIC_CALLS).map((n) => n.split('.').pop()!), ...RECEIVER_METHODS, ...EF_METHODS], String.raw`(?=\s*[(<])`),
	// Methods with an `…Async` twin declared in this file.
	fileTrigger: twinTrigger,
	detect(node, file) {
		const call = callOfName(node);
		const parts = call ? methodCall(call) : undefined;
		if (!call || !parts || parts.method !== node.text) {
			return undefined;
		}
		const name = qualifiedCallee(call, file, (c) => c in STATIC_CALLS);
		if (name) {
			return isZeroSleep(name, call) ? undefined : { node: call, callee: name, instead: STATIC_CALLS[name](parts.method) };
		}
		const known =
			(parts.receiver && RECEIVER_METHODS.has(parts.method) ? onBlockingReceiver(call, parts.method, parts.receiver, file) : undefined) ??
			(parts.receiver ? entityFrameworkSite(call, parts.method, parts.receiver, file) : undefined);
		// `await Foo()`: this Foo returns something awaitable already.
		return known ?? (csharpSyntax.isAwaited(call) ? undefined : asyncTwinSite(call, parts.method, file));
	},
};

/** `Thread.Sleep(0)` only yields the rest of the time slice. */
function isZeroSleep(name: string, call: Node): boolean {
	return name === 'Thread.Sleep' && compact(call.childForFieldName('arguments')?.text ?? '') === '(0)';
}

function onBlockingReceiver(call: Node, method: string, receiver: Node, file: FileContext): Site | undefined {
	const callee = `${describe(receiver)}.${method}`;
	if (['ReadToEnd', 'ReadLine', 'ReadBlock'].includes(method) && READER_PROPERTY.test(compact(receiver.text))) {
		return { node: call, callee, instead: `\`await reader.${method}Async()\`` };
	}
	const origin = originOf(receiver, file);
	if (!origin) {
		return undefined;
	}
	const rule = RECEIVER_RULES.find((r) => r.methods.includes(method) && r.receiver(origin, receiver, file));
	return rule ? { node: call, callee, instead: rule.instead(method) } : undefined;
}
