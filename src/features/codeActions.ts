import * as vscode from 'vscode';
import { rewritesFor } from '../analysis/fixes';
import { languageForVscodeId } from '../analysis/languageIds';
import type { Finding } from '../analysis/types';
import { CommandId, EXAMPLE_SCHEME, SOURCE } from '../constants';
import { toRange } from './diagnostics';
import type { FindingsStore } from './findingsStore';
import { openLessonArgs } from './lessonLinks';

/**
 * Quick fixes for our diagnostics: open the lesson, ignore the line with a reason, disable the rule, and
 * the safe rewrites from the pure `rewritesFor` (awaited async APIs, work moved to a thread, capped pools).
 */
export class FindingsCodeActions implements vscode.CodeActionProvider {
	static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

	constructor(
		private readonly store: FindingsStore,
		private readonly lessonTitle: (lesson: string) => Promise<string | undefined>,
	) {}

	async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
		const ours = context.diagnostics.filter((d) => d.source === SOURCE);
		const findings = this.store.active(document.uri);
		const languageId = languageForVscodeId(document.languageId);
		const actions: vscode.CodeAction[] = [];
		for (const diagnostic of ours) {
			const ruleId = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
			const finding = findings.find((f) => f.ruleId === ruleId && toRange(f.range).isEqual(diagnostic.range));
			if (!finding) {
				continue;
			}
			if (languageId && document.uri.scheme !== EXAMPLE_SCHEME) {
				for (const rewrite of rewritesFor(finding, document.getText(), languageId)) {
					const action = new vscode.CodeAction(rewrite.title, vscode.CodeActionKind.QuickFix);
					action.edit = new vscode.WorkspaceEdit();
					for (const edit of rewrite.edits) {
						action.edit.replace(document.uri, toRange(edit.range), edit.newText);
					}
					action.diagnostics = [diagnostic];
					action.isPreferred = true;
					actions.push(action);
				}
			}
			actions.push(await this.openLesson(finding, diagnostic));
			actions.push(
				command(`Ignore ${ruleId} on this line (with a reason)…`, CommandId.IgnoreFinding, [document.uri, finding.range.startLine, ruleId], diagnostic),
			);
			actions.push(command(`Disable rule ${ruleId} in settings`, CommandId.DisableRule, [ruleId], diagnostic));
			actions.push(command('Quiz me on this finding', CommandId.QuizFromFinding, [document.uri.toString(), finding.range.startLine, ruleId], diagnostic));
		}
		return actions;
	}

	private async openLesson(finding: Finding, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction> {
		const title = `Open lesson: ${(await this.lessonTitle(finding.lesson)) ?? finding.lesson}`;
		return command(title, CommandId.OpenLesson, openLessonArgs(finding.lesson), diagnostic);
	}
}

function command(title: string, id: CommandId, args: unknown[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
	const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
	action.command = { title, command: id, arguments: args };
	action.diagnostics = [diagnostic];
	return action;
}
