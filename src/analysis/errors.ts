import type { LanguageId } from './types';

/**
 * Why a file was not analyzed. Kept apart from the parser so front ends can tell these apart without
 * loading tree-sitter.
 */

export class BinaryInputError extends Error {
	constructor() {
		super('the file looks binary (it contains NUL bytes), so it was not analyzed');
	}
}

export class ParseTimeoutError extends Error {
	constructor(
		readonly languageId: LanguageId,
		readonly millis: number,
	) {
		super(`parsing took longer than ${millis} ms and was abandoned`);
	}
}

export class AnalysisCancelledError extends Error {
	constructor() {
		super('analysis cancelled');
	}
}

/** Binary files are not source: a NUL in the first 8 KB is the same test git uses. */
export function looksBinary(text: string): boolean {
	return text.slice(0, 8192).includes('\0');
}

/**
 * The analysis worker was stopped while a request was queued or running: it ran past its time budget or
 * crashed. `culprit` says whether this request was the one running (retrying it would stop the worker again)
 * or one waiting behind it (worth retrying).
 */
export class AnalysisStoppedError extends Error {
	constructor(
		message: string,
		readonly culprit: boolean,
	) {
		super(message);
	}
}
