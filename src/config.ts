import * as vscode from 'vscode';
import { settingsLanguage } from './analysis/languageIds';
import type { CrossFileRequest } from './analysis/offThread';
import type { AnalysisOptions, LanguageId, RuleSetting, SettingsLanguage } from './analysis/types';

/** A typed snapshot of the `concurrencyLens.*` settings (Error Lens's pattern). */
export interface Config {
	enable: boolean;
	mode: 'learner' | 'pro';
	codeLens: boolean;
	languages: Partial<Record<SettingsLanguage, boolean>>;
	rules: Record<string, RuleSetting>;
	languageRules: AnalysisOptions['languageRules'];
	maxFileBytes: number;
	exclude: string[];
	crossFile: boolean;
}

export const SECTION = 'concurrencyLens';

export function readConfig(scope?: vscode.ConfigurationScope): Config {
	const c = vscode.workspace.getConfiguration(SECTION, scope);
	return {
		enable: c.get('enable', true),
		mode: c.get<string>('mode', 'learner') === 'pro' ? 'pro' : 'learner',
		codeLens: c.get('codeLens.enabled', true),
		languages: c.get('languages', {}),
		rules: c.get('rules', {}),
		languageRules: c.get('languageRules', {}),
		maxFileBytes: Math.max(1, c.get('maxFileSizeKB', 1024)) * 1024,
		exclude: c.get('exclude', []),
		crossFile: c.get('crossFile', true),
	};
}

export function languageEnabled(config: Config, language: LanguageId): boolean {
	return config.enable && config.languages[settingsLanguage(language)] !== false;
}

export function analysisOptions(config: Config): AnalysisOptions {
	return { rules: config.rules, languageRules: config.languageRules };
}

/** Cross-file one hop for a file on disk (an untitled or virtual document has no neighbours to import). */
export function crossFileFor(config: Config, uri: vscode.Uri): CrossFileRequest | undefined {
	if (!config.crossFile || uri.scheme !== 'file') {
		return undefined;
	}
	const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
	return { file: uri.fsPath, roots, maxBytes: config.maxFileBytes };
}

/** Fires with a fresh snapshot whenever a `concurrencyLens.*` setting changes. */
export function onDidChangeConfig(listener: (config: Config) => void): vscode.Disposable {
	return vscode.workspace.onDidChangeConfiguration((e) => {
		if (e.affectsConfiguration(SECTION)) {
			listener(readConfig());
		}
	});
}
