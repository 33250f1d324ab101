import type { LanguageSupport } from '../../languageSupport';
import { blockingCallInAsync } from './blockingCallInAsync';
import { blockingWaitInAsync } from './blockingWaitInAsync';
import { cpuBoundInAsync } from './cpuBoundInAsync';
import { COROUTINE_KEYWORD, cppSyntax } from './syntax';
import { unboundedThreadSpawn } from './unboundedThreadSpawn';

/**
 * C++ (and C in headers, which the same grammar parses). Decisions worth knowing:
 * - Async code is a C++20 coroutine: a function or lambda whose own body has `co_await`, `co_return` or
 *   `co_yield`. Synchronous generators (`std::generator<T>`) are not async; code after
 *   `co_await asio::post(pool, …)` / `co_await pool.schedule()` runs on a pool thread and is not flagged.
 * - `std::async` with the default policy counts as a thread: libstdc++, libc++ and MSVC all start one (or
 *   take one from a pool) right away; `std::launch::deferred` never does.
 * - A `std::jthread` joins and a `std::async` future waits in its destructor, so a local one that does not
 *   leave the iteration (detached, moved, stored, returned) is sequential, not a per-item spawn.
 * - Raw `::recv`/`::read`/`::send` are not flagged in coroutines: coroutine I/O code runs them on
 *   non-blocking sockets. Synchronous asio calls (`asio::read`, `socket.read_some`) and DNS lookups are.
 */
export const cpp: LanguageSupport = {
	languages: ['cpp'],
	syntax: cppSyntax,
	detectors: [blockingCallInAsync, blockingWaitInAsync, cpuBoundInAsync, unboundedThreadSpawn],
	asyncMarker: COROUTINE_KEYWORD,
	prefilter:
		/\bj?thread\b|thread_group|pthread_create|thrd_create|uv_thread_create|\basync\s*\(|\b(?:v?fork|posix_spawnp?)\s*\(|CreateThread|_beginthread|AfxBeginThread|QThread|\bco_(?:await|return|yield)\b/,
};
