import path from 'node:path';
import { Analyzer } from '../../src/analysis/analyzer';
import { fileWasmLoader } from '../../src/analysis/fileWasmLoader';

/** The repository root, from `out/test/unit` or `test/unit`. */
export const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');

const wasmFolder = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter.wasm'));

/** One analyzer for the whole unit run: grammars load once. */
export const analyzer = new Analyzer(fileWasmLoader(wasmFolder));
