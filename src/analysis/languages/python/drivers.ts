import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { compact, remembered } from '../../syntaxHelpers';
import { boundCallee, createPythonFacts, declaredType, qualifiedCallee } from './syntax';

/**
 * Synchronous database, cache and cloud clients, as data: what makes each client, what it hands out
 * (cursors, pipelines, databases and collections, sessions), which methods of each do network I/O, and
 * the async library to use instead. A method call in async code blocks when its receiver is traced, through
 * the file's assignments, `with … as` and parameter types, to one of these objects.
 */
interface DriverObject {
	/** Methods that do I/O (the trigger words come from these). */
	io: readonly string[];
	/** Methods that return another object of the driver: `cursor` → `cursor`; `()` for a factory's call. */
	handsOut?: Readonly<Record<string, string>>;
	/** Attribute and item access returns this object (`client.db`, `db["users"]`: PyMongo). */
	members?: string;
}

interface Driver {
	/** The async alternative, for the message's fix. */
	instead: string;
	/** Qualified factories and the object kind their result is. */
	factories: Readonly<Record<string, string>>;
	/** Declared types (parameters, annotated assignments) and the object kind they are. */
	types?: Readonly<Record<string, string>>;
	/** Factories that connect right away, so the call itself blocks. */
	connects?: readonly string[];
	objects: Readonly<Record<string, DriverObject>>;
	/** Only files that import this module can hold the driver's objects (a cheap test per hit). */
	module: RegExp;
}

const CURSOR_IO = ['execute', 'executemany', 'fetchone', 'fetchall', 'fetchmany', 'callproc', 'copy_expert', 'copy_from', 'copy_to', 'scroll'];
/** A DB-API driver: `connect()` gives a connection, which gives cursors. */
function dbApi(module: string, connects: readonly string[], instead: string, connectionIo: readonly string[] = []): Driver {
	return {
		instead,
		module: new RegExp(`^${module}\\b`),
		factories: Object.fromEntries(connects.map((c) => [c, 'connection'])),
		connects,
		objects: {
			connection: { io: ['commit', 'rollback', ...connectionIo], handsOut: { cursor: 'cursor' } },
			cursor: { io: CURSOR_IO },
		},
	};
}

const REDIS_COMMANDS = [
	...['get', 'set', 'setex', 'setnx', 'getset', 'mget', 'mset', 'delete', 'exists', 'expire', 'ttl', 'incr', 'incrby', 'decr', 'keys', 'scan', 'scan_iter'],
	...['hget', 'hset', 'hgetall', 'hmget', 'hmset', 'hdel', 'hincrby', 'hexists', 'hkeys', 'hvals', 'hlen'],
	...['lpush', 'rpush', 'lpop', 'rpop', 'blpop', 'brpop', 'lrange', 'llen', 'ltrim', 'sadd', 'srem', 'smembers', 'sismember', 'scard'],
	...['zadd', 'zrem', 'zrange', 'zrevrange', 'zrangebyscore', 'zscore', 'zincrby', 'zcard', 'xadd', 'xread', 'xreadgroup', 'xack'],
	...['publish', 'ping', 'flushdb', 'flushall', 'eval', 'evalsha', 'info', 'dbsize'],
];
const MONGO_IO = [
	...['find_one', 'insert_one', 'insert_many', 'update_one', 'update_many', 'replace_one', 'delete_one', 'delete_many', 'bulk_write'],
	...['count_documents', 'estimated_document_count', 'aggregate', 'distinct', 'find_one_and_update', 'find_one_and_replace', 'find_one_and_delete'],
	...['create_index', 'create_indexes', 'drop', 'drop_index', 'list_collection_names', 'list_database_names', 'command', 'server_info'],
];
const SESSION_IO = ['execute', 'scalars', 'scalar', 'query', 'get', 'commit', 'flush', 'refresh', 'merge', 'rollback'];
const BOTO_IO = [
	...['get_object', 'put_object', 'head_object', 'delete_object', 'delete_objects', 'copy_object', 'list_objects', 'list_objects_v2', 'list_buckets'],
	...['upload_file', 'download_file', 'upload_fileobj', 'download_fileobj', 'create_bucket', 'head_bucket'],
	...['get_item', 'put_item', 'update_item', 'delete_item', 'batch_get_item', 'batch_write_item', 'query', 'scan', 'transact_write_items'],
	...['send_message', 'receive_message', 'delete_message', 'publish', 'invoke', 'get_secret_value', 'get_parameter', 'put_record', 'start_execution'],
];

const DRIVERS: readonly Driver[] = [
	dbApi('psycopg2', ['psycopg2.connect'], "`asyncpg`, or psycopg 3's `await psycopg.AsyncConnection.connect(…)`"),
	dbApi('psycopg', ['psycopg.connect', 'psycopg.Connection.connect'], "psycopg 3's async API: `await psycopg.AsyncConnection.connect(…)`", ['execute']),
	dbApi('pymysql', ['pymysql.connect'], '`aiomysql` or `asyncmy`'),
	dbApi('MySQLdb', ['MySQLdb.connect'], '`aiomysql` or `asyncmy`'),
	dbApi('mysql', ['mysql.connector.connect'], "`aiomysql` or `asyncmy`, or mysql-connector's `mysql.connector.aio`"),
	dbApi('pyodbc', ['pyodbc.connect'], '`aioodbc`', ['execute']),
	dbApi('oracledb', ['oracledb.connect'], "python-oracledb's `await oracledb.connect_async(…)`"),
	{
		instead: '`redis.asyncio.Redis` with `await`',
		module: /^redis\b/,
		factories: Object.fromEntries(
			['Redis', 'StrictRedis', 'client.Redis', 'RedisCluster', 'cluster.RedisCluster']
				.flatMap((c) => [`redis.${c}`, `redis.${c}.from_url`])
				.concat('redis.from_url')
				.map((c) => [c, 'client']),
		),
		types: { 'redis.Redis': 'client', 'redis.StrictRedis': 'client', 'redis.client.Redis': 'client' },
		objects: {
			client: { io: REDIS_COMMANDS, handsOut: { pipeline: 'pipeline' } },
			// A pipeline buffers its commands; only `execute` sends them.
			pipeline: { io: ['execute'] },
		},
	},
	{
		instead: "PyMongo's `AsyncMongoClient` or `motor`, with `await`",
		module: /^pymongo\b/,
		factories: { 'pymongo.MongoClient': 'client' },
		types: {
			'pymongo.MongoClient': 'client',
			'pymongo.mongo_client.MongoClient': 'client',
			'pymongo.database.Database': 'database',
			'pymongo.collection.Collection': 'collection',
		},
		objects: {
			client: { io: ['list_database_names', 'server_info'], members: 'database', handsOut: { get_database: 'database', get_default_database: 'database' } },
			database: { io: ['command', 'list_collection_names'], members: 'collection', handsOut: { get_collection: 'collection' } },
			collection: { io: MONGO_IO },
		},
	},
	{
		instead: "SQLAlchemy's `AsyncSession` (`sqlalchemy.ext.asyncio`) with `await`, or `await asyncio.to_thread(…)`",
		module: /^sqlalchemy\b/,
		factories: {
			'sqlalchemy.orm.Session': 'session',
			'sqlalchemy.orm.session.Session': 'session',
			'sqlalchemy.orm.sessionmaker': 'sessionmaker',
			'sqlalchemy.orm.session.sessionmaker': 'sessionmaker',
			'sqlalchemy.create_engine': 'engine',
		},
		types: {
			'sqlalchemy.orm.Session': 'session',
			'sqlalchemy.orm.session.Session': 'session',
			'sqlalchemy.Connection': 'connection',
			'sqlalchemy.engine.Connection': 'connection',
		},
		objects: {
			sessionmaker: { io: [], handsOut: { '()': 'session', begin: 'session' } },
			session: { io: SESSION_IO },
			engine: { io: [], handsOut: { connect: 'connection', begin: 'connection' } },
			connection: { io: ['execute', 'scalar', 'scalars', 'commit', 'rollback'] },
		},
	},
	{
		instead: '`aioboto3` / `aiobotocore` with `await`, or `await asyncio.to_thread(…)` around the call',
		module: /^boto3\b/,
		factories: { 'boto3.client': 'client', 'boto3.resource': 'client', 'boto3.Session': 'session', 'boto3.session.Session': 'session' },
		objects: {
			session: { io: [], handsOut: { client: 'client', resource: 'client' } },
			client: { io: BOTO_IO },
		},
	},
];

/** Connecting calls by their fix, for the call table: `psycopg2.connect(…)` blocks while it connects. */
export const CONNECT_CALLS: Readonly<Record<string, readonly string[]>> = DRIVERS.reduce<Record<string, string[]>>((byFix, d) => {
	byFix[d.instead] = [...(byFix[d.instead] ?? []), ...(d.connects ?? [])];
	return byFix;
}, {});

/** Every method name that does I/O on some driver object: the detector's trigger words. */
export const DRIVER_METHODS: ReadonlySet<string> = new Set(DRIVERS.flatMap((d) => Object.values(d.objects).flatMap((o) => o.io)));

interface Traced {
	driver: Driver;
	kind: string;
}

/**
 * When `call` is `receiver.method(…)` on a sync driver's object and the method does I/O: the async
 * alternative to name in the fix.
 */
export function driverCall(call: Node, receiver: Node, method: string, file: FileContext): string | undefined {
	if (!DRIVER_METHODS.has(method) || !importsDriver(file)) {
		return undefined;
	}
	const traced = trace(receiver, call, file, 3);
	return traced && own(traced.driver.objects, traced.kind)?.io.includes(method) ? traced.driver.instead : undefined;
}

/** Whether the file imports any driver's module: the test that keeps other files' `get(` hits cheap. */
function importsDriver(file: FileContext): boolean {
	return remembered(file.root, importsDriver, () => {
		const modules = [...file.facts(createPythonFacts).imports.values()];
		return DRIVERS.some((d) => modules.some((m) => d.module.test(m)));
	});
}

/** The driver object an expression holds at `at`, followed through at most `depth` steps. */
function trace(expression: Node, at: Node, file: FileContext, depth: number): Traced | undefined {
	if (depth < 0) {
		return undefined;
	}
	switch (expression.type) {
		case 'identifier':
		case 'attribute': {
			const named = expression.type === 'identifier' || /^self\.\w+$/.test(compact(expression.text));
			if (named) {
				const byType = matchKind(declaredType(file, expression, at), (d) => d.types);
				if (byType) {
					return byType;
				}
				const bound = boundCallee(file, compact(expression.text), at);
				return bound === undefined ? undefined : traceCallee(bound, at, file, depth - 1);
			}
			// `client.db`: a member of an object whose members are driver objects.
			return member(expression.childForFieldName('object'), at, file, depth);
		}
		case 'subscript':
			return member(expression.childForFieldName('value'), at, file, depth);
		case 'call': {
			const callee = qualifiedCallee(expression, file);
			return callee === undefined ? undefined : traceCallee(callee, expression, file, depth - 1);
		}
		default:
			return undefined;
	}
}

function member(object: Node | null, at: Node, file: FileContext, depth: number): Traced | undefined {
	const owner = object ? trace(object, at, file, depth - 1) : undefined;
	const kind = owner ? own(owner.driver.objects, owner.kind)?.members : undefined;
	return owner && kind ? { driver: owner.driver, kind } : undefined;
}

/**
 * What calling `callee` (qualified, as written) returns: a factory's object (`psycopg2.connect`), or what
 * a traced object hands out (`conn.cursor` where `conn` is a connection; `Session()` where `Session` is a
 * sessionmaker).
 */
function traceCallee(callee: string, at: Node, file: FileContext, depth: number): Traced | undefined {
	const made = matchKind(callee, (d) => d.factories);
	if (made || depth < 0) {
		return made;
	}
	const dot = callee.lastIndexOf('.');
	const [base, method] = dot < 0 ? [callee, '()'] : [callee.slice(0, dot), callee.slice(dot + 1)];
	if (!/^(?:self\.)?\w+$/.test(base)) {
		return undefined;
	}
	const holder = boundCallee(file, base, at);
	const owner = holder === undefined ? undefined : traceCallee(holder, at, file, depth - 1);
	const handsOut = owner ? own(owner.driver.objects, owner.kind)?.handsOut : undefined;
	const kind = handsOut ? own(handsOut, method) : undefined;
	return owner && kind ? { driver: owner.driver, kind } : undefined;
}

function matchKind(name: string | undefined, table: (d: Driver) => Driver['factories'] | undefined): Traced | undefined {
	if (name === undefined) {
		return undefined;
	}
	for (const driver of DRIVERS) {
		const names = table(driver);
		const kind = names ? own(names, name) : undefined;
		if (kind) {
			return { driver, kind };
		}
	}
	return undefined;
}

/** A record's own entry: names from source code must not reach `Object.prototype` (`constructor`, `toString`). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(record, key) ? record[key] : undefined;
}

// --- Django's ORM: a query that runs in an async view blocks the loop; Django 4.1+ has `a`-prefixed twins.

/** QuerySet and manager methods that run the query (filter, exclude, all and the like are lazy). */
const DJANGO_EVALUATORS = [
	...['get', 'create', 'get_or_create', 'update_or_create', 'count', 'exists', 'first', 'last', 'latest', 'earliest'],
	...['aggregate', 'in_bulk', 'bulk_create', 'bulk_update', 'update', 'delete', 'contains', 'explain', 'iterator'],
];
export const DJANGO_METHODS: ReadonlySet<string> = new Set(DJANGO_EVALUATORS);

/**
 * `User.objects.get(…)`, `Order.objects.filter(…).count()`, or `qs.first()` where `qs` holds a query
 * built from a manager, in a file that imports Django: the fix names the `a`-prefixed twin.
 */
export function djangoQuery(call: Node, receiver: Node, method: string, file: FileContext): string | undefined {
	if (!DJANGO_METHODS.has(method) || !importsDjango(file)) {
		return undefined;
	}
	const written = compact(receiver.text);
	const query = /\.objects\b/.test(written) || (/^\w+$/.test(written) && /\.objects\./.test(boundCallee(file, written, call) ?? ''));
	return query ? `\`await ….a${method}(…)\` (Django 4.1+), or \`await sync_to_async(…)()\` from \`asgiref.sync\`` : undefined;
}

function importsDjango(file: FileContext): boolean {
	return remembered(file.root, importsDjango, () => [...file.facts(createPythonFacts).imports.values()].some((m) => /^django\b/.test(m)));
}
