import * as vscode from 'vscode';
import { RULES } from '../analysis/rules/catalog';
import { CommandId } from '../constants';
import { toRange } from './diagnostics';
import type { FindingsStore } from './findingsStore';
import { FINDING_ICON } from './codeLens';
import { openLessonCommandUri } from './lessonLinks';

/** On a flagged range: what is wrong, why it hurts, the fix, and links to the lesson and a quiz. */
export class FindingsHover implements vscode.HoverProvider {
	constructor(
		private readonly store: FindingsStore,
		private readonly lessonTitle: (lesson: string) => Promise<string | undefined>,
	) {}

	async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
		const findings = this.store.active(document.uri).filter((f) => toRange(f.range).contains(position));
		if (findings.length === 0) {
			return undefined;
		}
		const md = new vscode.MarkdownString(undefined, true);
		md.isTrusted = { enabledCommands: [CommandId.OpenLesson, CommandId.QuizFromFinding] };
		for (const finding of findings) {
			const rule = RULES[finding.ruleId];
			const quizArgs = encodeURIComponent(JSON.stringify([document.uri.toString(), finding.range.startLine, finding.ruleId]));
			md.appendMarkdown(`**${FINDING_ICON[finding.kind]} Concurrency Lens: ${rule.title}** \`${finding.ruleId}\`\n\n`);
			md.appendMarkdown(`${finding.message}\n\n`);
			if (finding.chain) {
				md.appendMarkdown(`Call chain: ${finding.chain.map((c) => `\`${c}\``).join(' → ')}\n\n`);
			}
			if (finding.origin) {
				const { path, range } = finding.origin;
				const line = `${vscode.Uri.file(path).toString()}#L${range.startLine + 1},${range.startColumn + 1}`;
				md.appendMarkdown(`[$(go-to-file) The blocking line, in ${vscode.workspace.asRelativePath(path)}](${line})\n\n`);
			}
			md.appendMarkdown(`*Why it matters:* ${rule.why}\n\n`);
			md.appendMarkdown(
				`[$(book) ${(await this.lessonTitle(finding.lesson)) ?? 'Open the lesson'}](${openLessonCommandUri(finding.lesson).toString()}) · [$(mortar-board) Quiz me on this](command:${CommandId.QuizFromFinding}?${quizArgs})\n\n`,
			);
		}
		return new vscode.Hover(md, toRange(findings[0].range));
	}
}
