/** A small seeded PRNG (mulberry32): the same seed gives the same quiz, so a reload shows the same order. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A shuffled permutation of 0..n-1 (Fisher–Yates), deterministic for a seed. */
export function shuffledIndices(n: number, seed: number): number[] {
	const random = seededRandom(seed);
	const indices = Array.from({ length: n }, (_, i) => i);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[indices[i], indices[j]] = [indices[j], indices[i]];
	}
	return indices;
}

/** A per-question seed derived from the session seed, so each question shuffles differently. */
export function questionSeed(sessionSeed: number, questionId: string): number {
	return fnv1a(questionId, sessionSeed);
}

/** The FNV-1a hash of a string's UTF-16 code units, as an unsigned 32-bit number. */
export function fnv1a(text: string, offset = 2166136261): number {
	let hash = offset >>> 0;
	for (let i = 0; i < text.length; i++) {
		hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
	}
	return hash;
}
