import type { LanguageId } from '../types';
import type { RuleId } from './catalog';

/** Where a site sits: the async function or event-loop callback (blocking rules), the loop or the handler (spawn rules). */
export interface MessageContext {
	asyncFunction?: string;
	/** Not async, but run on a shared event loop: `the request handler \`(req, res) =>\``, already in Markdown. */
	eventLoop?: string;
	loop?: string;
	handler?: string;
	/** One-hop: the sync function the async code calls, which contains the site. */
	via?: string;
	/** Cross-file one hop: the file `via` is in, as the workspace names it. */
	viaFile?: string;
}

export interface MessageSite {
	callee: string;
	instead: string;
	detail?: string;
	/** Every item's work starts at once (a fan-out), whatever the language's other task findings are. */
	atOnce?: boolean;
}

const code = (s: string) => `\`${s}\``;

/**
 * What a blocked or busy thread holds up, by runtime: asyncio and Node run all tasks on one event loop;
 * C#'s async methods resume on the thread pool (or the UI thread); Tokio's tasks share a few worker
 * threads; a C++ coroutine resumes on its executor's threads. (Go and Java have no async functions.)
 */
const EVENT_LOOP = { blocked: 'every other task on the event loop waits until it returns', busy: 'the event loop stalls until it finishes' };
const HELD_UP: Record<LanguageId, { blocked: string; busy: string }> = {
	python: EVENT_LOOP,
	javascript: EVENT_LOOP,
	typescript: EVENT_LOOP,
	tsx: EVENT_LOOP,
	csharp: {
		blocked: 'it holds a thread-pool thread (or the UI thread) until it returns, and under load the pool runs short of threads',
		busy: 'it keeps a thread-pool thread (or the UI thread) busy until it finishes',
	},
	rust: {
		blocked: 'it holds a runtime worker thread until it returns, and the tasks queued on that worker wait (on a current-thread runtime, all of them)',
		busy: 'it keeps a runtime worker thread busy, and the tasks queued on that worker stall until it finishes',
	},
	cpp: {
		blocked: 'it holds the thread that resumes the coroutine, and the other work on its executor waits until it returns',
		busy: "it keeps the coroutine's executor thread busy, and the other work on it stalls until it finishes",
	},
	go: { blocked: 'the thread waits until it returns', busy: 'the thread is busy until it finishes' },
	java: { blocked: 'the thread waits until it returns', busy: 'the thread is busy until it finishes' },
};

/** A server's callbacks (Node, Deno, Bun): one loop serves every request, and they are what waits. */
const SERVER_LOOP = {
	blocked: 'it runs on the one event loop that serves every request, so all the other requests wait until it returns',
	busy: 'it holds the one event loop that serves every request, so all the other requests stall until it finishes',
};

/** Languages whose async work all runs on one event loop (asyncio, Node): every task finding starts all at once. */
const ON_EVENT_LOOP: ReadonlySet<LanguageId> = new Set(['python', 'javascript', 'typescript', 'tsx']);

/** One message per rule: names the call and its context, says why it hurts in this runtime and what to do instead. */
export function composeMessage(ruleId: RuleId, site: MessageSite, where: MessageContext, language: LanguageId): string {
	const inFn = where.asyncFunction ? ` in ${code(where.asyncFunction)}` : where.eventLoop ? ` in ${where.eventLoop}` : '';
	const from = where.viaFile ? ` (in ${code(where.viaFile)})` : '';
	const via = where.via ? `${code(where.via + '()')}${from} calls ${code(site.callee)}, which ` : `${code(site.callee)} `;
	// An awaited fix needs an async function: say so where the code is not async yet.
	const instead =
		where.eventLoop && site.instead.startsWith('`await ') ? ` Instead: declare it \`async\` and use ${site.instead}.` : ` Instead: ${site.instead}.`;
	const held = where.eventLoop ? SERVER_LOOP : HELD_UP[language];
	switch (ruleId) {
		case 'blocking-call-in-async':
			return `${via}blocks the thread${inFn}: ${held.blocked}.${instead}`;
		case 'blocking-wait-in-async':
			return `${via}waits synchronously for async work${inFn}: it parks the thread the awaited work may need, wasting it or deadlocking.${instead}`;
		case 'cpu-bound-in-async': {
			const what = site.detail ? ` (${site.detail})` : '';
			const noAwait = where.eventLoop ? '' : ' with no await inside';
			return `${via}is CPU-heavy work${what}${inFn}${noAwait}: ${held.busy}.${instead}`;
		}
		case 'unbounded-thread-spawn':
			return `${code(site.callee)} starts ${site.detail ?? 'an OS thread'} ${perWhat(where)}: the count follows the load, and each one reserves megabytes of memory.${instead}`;
		case 'unbounded-task-spawn':
			if (site.atOnce || ON_EVENT_LOOP.has(language)) {
				// Nothing is queued: every item's call starts before the first one ends.
				return `${code(site.callee)} starts ${site.detail ?? 'a task'} ${perWhat(where)} with nothing limiting how many are in flight: all the requests start at once and swamp what they call, and every one of them is held in memory until it ends.${instead}`;
			}
			return `${code(site.callee)} spawns a task ${perWhat(where)} with nothing limiting how many run at once: under load they pile up and swamp what they call.${instead}`;
		case 'unbounded-thread-pool': {
			const detail = site.detail ? ` (${site.detail})` : '';
			return `${code(site.callee)} creates a pool without a fixed size${detail}: it grows to one thread per item under load, which a pool exists to prevent.${instead}`;
		}
		case 'dangling-task':
			return `${code(site.callee)} starts a task and drops the only reference to it: the event loop holds tasks weakly, so it can be garbage-collected before it finishes, and its exception is never seen.${instead}`;
	}
}

function perWhat(where: MessageContext): string {
	if (where.loop) {
		return `for every iteration of ${code(where.loop)}`;
	}
	return where.handler ? `on every request handled by ${code(where.handler)}` : 'repeatedly';
}
