import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { looksBinary } from './errors';

/** A file's text, or why it is skipped (too big, binary, unreadable). The size comes from the open file, so one open serves both. */
export function readSource(file: string, maxBytes: number): { text: string } | { skipped: string } {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const { size } = fstatSync(fd);
		if (size > maxBytes) {
			return { skipped: `larger than ${Math.round(maxBytes / 1024)} KB (${Math.round(size / 1024)} KB)` };
		}
		const text = readAll(fd, size).toString('utf8');
		return looksBinary(text) ? { skipped: 'binary content' } : { text };
	} catch (e) {
		return { skipped: `could not be analyzed: ${(e as Error).message}` };
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/** Reads up to `size` bytes (fewer if the file shrank meanwhile). */
function readAll(fd: number, size: number): Buffer {
	const buffer = Buffer.allocUnsafe(size);
	let read = 0;
	for (let n = -1; read < size && n !== 0; read += n) {
		n = readSync(fd, buffer, read, size - read, read);
	}
	return buffer.subarray(0, read);
}

/** True when `file` is `root` or below it. */
export function isInside(file: string, root: string): boolean {
	const relative = path.relative(root, file);
	return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
