import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { WasmLoader } from './parser';

/** Loads WASM files from a folder on disk (the CLI's `dist/grammars`, or the package folder in tests). */
export function fileWasmLoader(folder: string): WasmLoader {
	return async (fileName) => new Uint8Array(await readFile(path.join(folder, fileName)));
}
