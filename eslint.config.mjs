// Type-aware lint for the extension, its tests and the webview scripts; plain rules for the Node scripts.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
	{
		ignores: [
			'dist/**',
			'out/**',
			'node_modules/**',
			'.vscode-test/**',
			'test-results/**',
			'test/fixtures/**',
			'sample-workspace/**',
			'exercises/*/**',
			'!exercises/_harness/**',
			'**/*.d.ts',
		],
	},
	js.configs.recommended,
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommendedTypeChecked],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			curly: 'error',
			eqeqeq: 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-implied-eval': 'error',
			'no-eval': 'error',
			// A switch over a closed union names every member: adding a rule or a language must not fall into a silent default.
			'@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false }],
		},
	},
	{
		// The pure cores must stay usable without VS Code (the CLI and plain mocha run them).
		files: [
			'src/analysis/**',
			'src/lessons/**',
			'src/quiz/**',
			'src/labs/**',
			'src/exercises/**',
			'src/util/boundedProcess.ts',
			'src/cli/**',
			'src/protocol/**',
		],
		rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Keep the core pure: no vscode import here.' }] }] },
	},
	{
		// A tree-sitter parent is found from the root down: climbs go through the remembered parentOf (syntaxHelpers).
		files: ['src/analysis/**'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{ selector: "MemberExpression[property.name='parent']", message: 'Use parentOf(node): node.parent walks down from the root each time.' },
			],
		},
	},
	{
		files: ['media/**/*.ts'],
		languageOptions: {
			globals: globals.browser,
			parserOptions: { projectService: false, project: ['media/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { ...globals.node } },
	},
);
