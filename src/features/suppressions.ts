import * as vscode from 'vscode';
import { languageForVscodeId, languageInfo } from '../analysis/languageIds';
import { suppressionComment } from '../analysis/suppression';
import { SECTION } from '../config';

/**
 * "Ignore this line (with a reason)": asks for the reason (required, as the ignore comment needs one) and
 * inserts the comment on its own line above, indented like the flagged line, in the language's syntax.
 */
export async function ignoreFinding(uri: vscode.Uri, line: number, ruleId: string): Promise<boolean> {
	const document = await vscode.workspace.openTextDocument(uri);
	const languageId = languageForVscodeId(document.languageId);
	if (!languageId || line >= document.lineCount) {
		return false;
	}
	const reason = await vscode.window.showInputBox({
		title: `Ignore ${ruleId} on line ${line + 1}`,
		prompt: 'Why is this safe here? The reason stays in the code and in reports.',
		placeHolder: 'e.g. runs once at startup, before the server accepts requests',
		validateInput: (value) => (value.trim().length < 3 ? 'A short reason is required.' : undefined),
	});
	if (!reason) {
		return false;
	}
	const indent = /^\s*/.exec(document.lineAt(line).text)![0];
	const edit = new vscode.WorkspaceEdit();
	edit.insert(uri, new vscode.Position(line, 0), `${indent}${languageInfo(languageId).lineComment} ${suppressionComment(ruleId, reason)}\n`);
	return vscode.workspace.applyEdit(edit);
}

/** Switches a rule off in settings (workspace when there is one, else user settings). */
export async function disableRule(ruleId: string): Promise<void> {
	const config = vscode.workspace.getConfiguration(SECTION);
	const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
	const rules = { ...config.get<Record<string, string>>('rules', {}), [ruleId]: 'off' };
	await config.update('rules', rules, target);
	const choice = await vscode.window.showInformationMessage(`Concurrency Lens: rule ${ruleId} is off.`, 'Undo', 'Open Settings');
	if (choice === 'Undo') {
		const { [ruleId]: _removed, ...rest } = rules;
		await config.update('rules', rest, target);
	} else if (choice === 'Open Settings') {
		await vscode.commands.executeCommand('workbench.action.openSettings', 'concurrencyLens.rules');
	}
}
