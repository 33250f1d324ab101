import type { Detector, ScreenResult } from '../../languageSupport';

const LOOP = /\b(?:for|while)\s*\(|\bdo\s*\{/g;
const BIG_NUMBER_OR_HASH = /\b\d{6,}\b|\b\d{1,3}(?:_\d{3}){2,}\b|\b\d+(?:\.\d+)?e[5-9]\b|create(?:Hash|Hmac)|crypto\.hash\b/;

/**
 * Necessary textual conditions, per rule, checked before parsing: a `*Sync` call or `Atomics.wait` for
 * blocking calls; a spawn call for thread spawning; for promise fan-out (in a file with `Promise.all`), a
 * `.map`, an `Array.from` or a push and something evidently async (`async`, a request, a promise); for
 * CPU-heavy loops, two loops (to nest) or one with a large literal or a hash call. A file that meets none
 * of them cannot have a finding, so it is not parsed.
 */
export function javascriptScreen(text: string, detectors: readonly Detector[]): ScreenResult {
	const possible = detectors.some((d) => {
		switch (d.ruleId) {
			case 'blocking-call-in-async':
				return /Sync\b|Atomics\.wait/.test(text);
			case 'unbounded-thread-spawn':
				return /\b(?:Worker|fork|spawn|exec|execFile)\s*\(/.test(text);
			case 'cpu-bound-in-async': {
				const loops = text.match(LOOP)?.length ?? 0;
				return /Sync\b/.test(text) || loops >= 2 || (loops === 1 && BIG_NUMBER_OR_HASH.test(text));
			}
			case 'unbounded-task-spawn':
				// Promise.all (the detector's file hint) over a `.map`, `Array.from` or pushed array, of
				// something evidently async.
				return (
					/\.\s*(?:map|flatMap|push)\s*\(|\bArray\s*\.\s*from\s*\(/.test(text) &&
					/\basync\b|\bfetch\b|\baxios\b|\bgot\b|\bky\b|\bundici\b|\bPromise\s*<|\bnew\s+Promise\b/.test(text)
				);
			case 'blocking-wait-in-async':
			case 'unbounded-thread-pool':
			case 'dangling-task':
				return true; // no JavaScript detector today: a new one is parsed until it has a screen
		}
	});
	return possible ? 'all' : 'none';
}
