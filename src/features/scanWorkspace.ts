import * as vscode from 'vscode';
import { looksBinary } from '../analysis/errors';
import { languageForFile, languageInfo, settingsLanguage, SOURCE_GLOB } from '../analysis/languageIds';
import { RULE_IDS, RULES } from '../analysis/rules/catalog';
import type { OffThreadAnalyzer } from '../analysis/offThread';
import type { LanguageId } from '../analysis/types';
import { analysisOptions, crossFileFor, languageEnabled, readConfig } from '../config';
import { CommandId } from '../constants';
import type { FindingsStore } from './findingsStore';
import { openLessonArgs } from './lessonLinks';

export interface ScanSummary {
	files: number;
	findings: number;
	skipped: number;
	/** rule id → language name → count */
	counts: Record<string, Record<string, number>>;
	cancelled: boolean;
}

const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

/**
 * Analyzes every supported file of the workspace with a cancellable progress notification; results go to
 * the findings store (and so to the Problems panel), and a summary counts findings per rule and language.
 */
export async function scanWorkspace(analyzer: OffThreadAnalyzer, store: FindingsStore, log: vscode.LogOutputChannel): Promise<ScanSummary> {
	const config = readConfig();
	const summary: ScanSummary = { files: 0, findings: 0, skipped: 0, counts: {}, cancelled: false };
	await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: 'Concurrency Lens: scanning the workspace', cancellable: true },
		async (progress, token) => {
			const exclude = `{${[...ALWAYS_EXCLUDED, ...config.exclude].join(',')}}`;
			const uris = await vscode.workspace.findFiles(SOURCE_GLOB, exclude, undefined, token);
			const cancelled = new AbortController();
			token.onCancellationRequested(() => cancelled.abort());
			const decoder = new TextDecoder();
			for (const [index, uri] of uris.entries()) {
				if (token.isCancellationRequested) {
					summary.cancelled = true;
					break;
				}
				const languageId = languageForFile(uri.path);
				if (!languageId || !languageEnabled(config, languageId)) {
					continue;
				}
				progress.report({ increment: 100 / uris.length, message: `${index + 1}/${uris.length} ${vscode.workspace.asRelativePath(uri)}` });
				try {
					const bytes = await vscode.workspace.fs.readFile(uri);
					const text = bytes.byteLength > config.maxFileBytes ? undefined : decoder.decode(bytes);
					if (text === undefined || looksBinary(text)) {
						summary.skipped++;
						continue;
					}
					const findings = await analyzer.analyze(text, languageId, analysisOptions(config), cancelled.signal, crossFileFor(config, uri));
					store.set(uri, findings);
					summary.files++;
					for (const f of findings.filter((x) => !x.suppressed)) {
						count(summary, f.ruleId, languageId);
					}
				} catch (e) {
					summary.skipped++;
					log.warn(`scan: ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
				}
			}
		},
	);
	log.info(
		`scan: ${summary.files} files, ${summary.findings} findings, ${summary.skipped} skipped${summary.cancelled ? ' (cancelled)' : ''}: ${JSON.stringify(summary.counts)}`,
	);
	return summary;
}

function count(summary: ScanSummary, ruleId: string, languageId: LanguageId): void {
	const language = languageInfo(settingsLanguage(languageId)).name;
	summary.findings++;
	summary.counts[ruleId] ??= {};
	summary.counts[ruleId][language] = (summary.counts[ruleId][language] ?? 0) + 1;
}

/** The summary as a quick pick: one row per rule and language with its count; picking one opens the lesson. */
export async function showScanSummary(summary: ScanSummary, lessonTitle: (lesson: string) => Promise<string | undefined>): Promise<void> {
	type Item = vscode.QuickPickItem & { lesson?: string };
	const items: Item[] = [];
	for (const ruleId of RULE_IDS) {
		const byLanguage = summary.counts[ruleId];
		if (!byLanguage) {
			continue;
		}
		const rule = RULES[ruleId];
		items.push({ label: `${rule.title} (${ruleId})`, kind: vscode.QuickPickItemKind.Separator });
		for (const [language, n] of Object.entries(byLanguage).sort((a, b) => b[1] - a[1])) {
			items.push({
				label: `$(book) ${language}: ${n} finding${n === 1 ? '' : 's'}`,
				description: `open lesson: ${(await lessonTitle(rule.lesson)) ?? rule.lesson}`,
				lesson: rule.lesson,
			});
		}
	}
	const title = `Concurrency Lens: ${summary.findings} finding${summary.findings === 1 ? '' : 's'} in ${summary.files} files${summary.cancelled ? ' (scan cancelled)' : ''}`;
	if (items.length === 0) {
		void vscode.window.showInformationMessage(`${title}.`);
		return;
	}
	const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a row to open the lesson that explains it' });
	if (picked?.lesson) {
		await vscode.commands.executeCommand(CommandId.OpenLesson, ...openLessonArgs(picked.lesson));
	}
}
