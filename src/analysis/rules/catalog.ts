import type { RuleKind, Severity } from '../types';

/** A rule's public face: the join key between detectors, diagnostics, settings, SARIF and lessons. */
export interface RuleMeta {
	id: RuleId;
	kind: RuleKind;
	title: string;
	defaultSeverity: Severity;
	/** What it flags, in Markdown, for the README's rules table. (Its languages come from the detectors: `ruleLanguages`.) */
	flags: string;
	/** `<lesson-id>#<section>` that explains it. */
	lesson: string;
	/** Why it matters, for help text (SARIF `help`, hovers, `rules` listing). */
	why: string;
	/** The general fix; detectors add the language-specific one to each message. */
	fix: string;
	/** A few words for CodeLens and summaries: what goes wrong, e.g. `blocks the event loop`. */
	short: string;
}

export const RULE_IDS = [
	'blocking-call-in-async',
	'blocking-wait-in-async',
	'cpu-bound-in-async',
	'unbounded-thread-spawn',
	'unbounded-task-spawn',
	'unbounded-thread-pool',
	'dangling-task',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const RULES: Readonly<Record<RuleId, RuleMeta>> = {
	'blocking-call-in-async': {
		id: 'blocking-call-in-async',
		flags:
			'sync sleep, file, network, subprocess, database, cache and cloud-SDK calls (psycopg2, PyMySQL, redis-py, PyMongo, sync SQLAlchemy sessions, the Django ORM, boto3; in C#, EF Core queries run with `ToList()`/`Count()`… and a method whose type also declares its `…Async` twin) inside async code, or in a server callback that Node runs on its event loop (request handlers, middleware, socket listeners, timers), `async` or not; also one hop away, through a sync helper of the same file or of a workspace file it imports (Python, JavaScript, TypeScript, Rust)',
		kind: 'blocking-in-async',
		title: 'Blocking I/O or sleep inside async code',
		defaultSeverity: 'warning',
		short: 'blocks the event loop',
		lesson: 'event-loop#blocking-calls',
		why: 'An async function shares one thread (or a few) with every other task. A synchronous sleep, file, network, database or process call holds that thread until it returns, so every other request on the loop waits too.',
		fix: 'Use the awaited asynchronous API, or move the blocking call to a worker thread (asyncio.to_thread, spawn_blocking, Task.Run, a worker) and await the result.',
	},
	'blocking-wait-in-async': {
		id: 'blocking-wait-in-async',
		flags:
			'waiting synchronously on async work: `.Result`, `.Wait()`, `GetAwaiter().GetResult()`, `block_on`, `asyncio.run`, `future.result()`, `thread.join()`',
		kind: 'blocking-in-async',
		title: 'Synchronous wait on async work inside async code',
		defaultSeverity: 'warning',
		short: 'waits synchronously on async work',
		lesson: 'async-await#sync-over-async',
		why: 'Blocking on a task, future or promise from inside async code parks the thread the awaited work may need: at best a thread is wasted, at worst the program deadlocks.',
		fix: 'Await the task or future instead of waiting on it (await task, .await, co_await).',
	},
	'cpu-bound-in-async': {
		id: 'cpu-bound-in-async',
		flags:
			'nested loops over the input, loops of 100,000+ iterations, hashing per item, key derivation and compression, with no await inside, in async code or a Node server callback, or one hop away in a sync helper it calls (as above)',
		kind: 'blocking-in-async',
		title: 'CPU-heavy work inside async code',
		defaultSeverity: 'warning',
		short: 'CPU-heavy work on the event loop',
		lesson: 'cpu-on-the-loop#cpu-bound-work',
		why: 'An event loop interleaves tasks only at await points. A long computation with no await in it keeps the loop busy, so timers, I/O callbacks and every other request stall until it ends.',
		fix: 'Run the computation on a worker thread or process (worker_threads, a process pool, spawn_blocking, Task.Run) and await its result, or split it into chunks that yield.',
	},
	'unbounded-thread-spawn': {
		id: 'unbounded-thread-spawn',
		flags: 'an OS thread, process or worker per item of a loop over input, per accepted connection, or per request',
		kind: 'unbounded-spawn',
		title: 'OS thread, process or worker started per item or per request',
		defaultSeverity: 'warning',
		short: 'one thread per item',
		lesson: 'hundred-threads#the-mistake',
		why: 'Each OS thread reserves its own stack (typically 1-8 MB) and costs a context switch; a process or worker costs far more. When the count follows the input or the load, a busy day exhausts memory or thrashes the scheduler.',
		fix: 'Submit the work to a fixed-size pool, or bound the number in flight with a semaphore acquired before starting each one; for I/O-bound work, prefer async I/O on one event loop.',
	},
	'unbounded-task-spawn': {
		id: 'unbounded-task-spawn',
		flags:
			'a goroutine, async task or request per item or per request with no semaphore, token, `SetLimit`, permit or p-limit: `asyncio.gather(*(fetch(u) for u in urls))`, `create_task` per item, `Promise.all(items.map(async …))`, `Task.WhenAll(items.Select(…))`, `join_all(items.iter().map(…))`',
		kind: 'unbounded-spawn',
		title: 'Goroutine, async task or request started per item or per request without a limit',
		defaultSeverity: 'info',
		short: 'spawns without a limit',
		lesson: 'bounding-concurrency#permit-before-spawn',
		why: 'Goroutines, async tasks and promises are cheap, not free: thousands of them in flight hold memory, open connections and file handles, and overwhelm whatever they all call. `asyncio.gather` and `Promise.all` over a list start every item at once.',
		fix: 'Acquire a permit before spawning (a semaphore, a buffered-channel token, errgroup.SetLimit), hold an asyncio.Semaphore around each call or wrap it in p-limit, or hand the items to a fixed set of workers.',
	},
	'unbounded-thread-pool': {
		id: 'unbounded-thread-pool',
		flags: 'pools sized by the input (`max_workers=len(urls)`) or uncapped (`newCachedThreadPool`)',
		kind: 'unbounded-spawn',
		title: 'Thread pool without a fixed size',
		defaultSeverity: 'warning',
		short: 'pool sized by the input',
		lesson: 'bounding-concurrency#pools',
		why: 'A pool whose size follows the input (or that grows without a cap) is one thread per item under another name: the point of a pool is a fixed number of threads that the work queues for.',
		fix: 'Size the pool from the machine (CPU count for CPU work, a small constant for I/O) and let the queue absorb the load.',
	},
	'dangling-task': {
		id: 'dangling-task',
		flags: 'a task started and its only reference dropped: `asyncio.create_task(…)` or `ensure_future(…)` as a bare statement',
		kind: 'task-lifetime',
		title: 'Task started with no reference kept',
		defaultSeverity: 'warning',
		short: 'task nobody holds',
		lesson: 'async-await#tasks-nobody-holds',
		why: 'The asyncio event loop keeps only a weak reference to a task. A task whose result nobody stores can be garbage-collected before it finishes, and nobody awaits it, cancels it on shutdown or sees its exception.',
		fix: 'Keep the task until it ends (store it and await it, or keep it in a set that discards it when done), or start it in an asyncio.TaskGroup, which holds and awaits its tasks.',
	},
};

export function isRuleId(id: string): id is RuleId {
	return (RULE_IDS as readonly string[]).includes(id);
}
