import type { LanguageId, SettingsLanguage } from './types';

/** What the front ends need to know about a language without loading its grammar. */
export interface LanguageInfo {
	id: LanguageId;
	/** Display name for messages and summaries. */
	name: string;
	/** Grammar file in `@vscode/tree-sitter-wasm/wasm/` (copied to `dist/` by the build). */
	grammar: string;
	extensions: readonly string[];
	/** VS Code language ids that map here. */
	vscodeIds: readonly string[];
	/** Line comment marker, for suppression comments and quick fixes. */
	lineComment: string;
}

export const LANGUAGES: readonly LanguageInfo[] = [
	{ id: 'python', name: 'Python', grammar: 'tree-sitter-python.wasm', extensions: ['.py', '.pyi'], vscodeIds: ['python'], lineComment: '#' },
	{
		id: 'javascript',
		name: 'JavaScript',
		grammar: 'tree-sitter-javascript.wasm',
		extensions: ['.js', '.mjs', '.cjs', '.jsx'],
		vscodeIds: ['javascript', 'javascriptreact'],
		lineComment: '//',
	},
	{
		id: 'typescript',
		name: 'TypeScript',
		grammar: 'tree-sitter-typescript.wasm',
		extensions: ['.ts', '.mts', '.cts'],
		vscodeIds: ['typescript'],
		lineComment: '//',
	},
	{ id: 'tsx', name: 'TypeScript (TSX)', grammar: 'tree-sitter-tsx.wasm', extensions: ['.tsx'], vscodeIds: ['typescriptreact'], lineComment: '//' },
	{ id: 'go', name: 'Go', grammar: 'tree-sitter-go.wasm', extensions: ['.go'], vscodeIds: ['go'], lineComment: '//' },
	{ id: 'java', name: 'Java', grammar: 'tree-sitter-java.wasm', extensions: ['.java'], vscodeIds: ['java'], lineComment: '//' },
	{ id: 'csharp', name: 'C#', grammar: 'tree-sitter-c-sharp.wasm', extensions: ['.cs'], vscodeIds: ['csharp'], lineComment: '//' },
	{ id: 'rust', name: 'Rust', grammar: 'tree-sitter-rust.wasm', extensions: ['.rs'], vscodeIds: ['rust'], lineComment: '//' },
	{
		id: 'cpp',
		name: 'C++',
		grammar: 'tree-sitter-cpp.wasm',
		extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h', '.c'],
		vscodeIds: ['cpp', 'c'],
		lineComment: '//',
	},
];

/** Every file the analyzer reads, as a glob: what Scan Workspace finds and the editor's file watcher watches. */
export const SOURCE_GLOB = `**/*{${[...new Set(LANGUAGES.flatMap((l) => l.extensions))].join(',')}}`;

const byId = new Map(LANGUAGES.map((l) => [l.id, l]));
const byExtension = new Map(LANGUAGES.flatMap((l) => l.extensions.map((e) => [e, l] as const)));
const byVscodeId = new Map(LANGUAGES.flatMap((l) => l.vscodeIds.map((v) => [v, l] as const)));

export function languageInfo(id: LanguageId): LanguageInfo {
	const info = byId.get(id);
	if (!info) {
		throw new Error(`unknown language id '${id}'`);
	}
	return info;
}

/** Language for a file name, by extension (case-insensitive); undefined when unsupported. */
export function languageForFile(fileName: string): LanguageId | undefined {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? undefined : byExtension.get(fileName.slice(dot).toLowerCase())?.id;
}

/** Language for a VS Code document language id; undefined when unsupported. */
export function languageForVscodeId(vscodeId: string): LanguageId | undefined {
	return byVscodeId.get(vscodeId)?.id;
}

/** The user-facing language key for settings and reports: TSX reports as TypeScript. */
export function settingsLanguage(id: LanguageId): SettingsLanguage {
	return id === 'tsx' ? 'typescript' : id;
}

/** Languages whose files import each other (JavaScript and TypeScript do, both ways; each other language only itself). */
export function importFamily(id: LanguageId): LanguageId {
	return id === 'typescript' || id === 'tsx' ? 'javascript' : id;
}
