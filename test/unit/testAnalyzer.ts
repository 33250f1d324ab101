import path from 'node:path';
import { Analyzer } from '../../src/analysis/analyzer';
import { fileWasmLoader } from '../../src/analysis/fileWasmLoader';

/** The repository root (the unit tests run from `out/test/unit`). */
export const repoRoot = path.resolve(__dirname, '../../..');

export const wasmFolder = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));

/** One analyzer for the whole unit run: grammars load once. */
export const analyzer = new Analyzer(fileWasmLoader(wasmFolder));
