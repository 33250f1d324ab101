import * as vscode from 'vscode';
import { RULES } from '../analysis/rules/catalog';
import type { Finding } from '../analysis/types';
import { onDidChangeConfig, readConfig, type Config } from '../config';
import { CommandId } from '../constants';
import { Disposable } from '../util/dispose';
import { toRange } from './diagnostics';
import type { FindingsStore } from './findingsStore';
import { openLessonArgs } from './lessonLinks';

/** The codicon a finding shows in lenses and hovers, by kind. */
export const FINDING_ICON: Record<Finding['kind'], string> = {
	'blocking-in-async': '$(watch)',
	'unbounded-spawn': '$(git-branch)',
	'task-lifetime': '$(debug-disconnect)',
};

/**
 * CodeLens from the findings store: in learner mode one lens per finding ("blocks the event loop:
 * time.sleep — why?") opening its lesson section; in pro mode one quiet lens per enclosing function or loop.
 */
export class FindingsCodeLens extends Disposable implements vscode.CodeLensProvider {
	private readonly changed = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeCodeLenses = this.changed.event;
	private config: Config = readConfig();

	constructor(private readonly store: FindingsStore) {
		super();
		this._register(store.onDidChange(() => this.changed.fire()));
		this._register(
			onDidChangeConfig((config) => {
				this.config = config;
				this.changed.fire();
			}),
		);
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		if (!this.config.codeLens) {
			return [];
		}
		const findings = this.store.active(document.uri);
		return this.config.mode === 'learner' ? findings.map((f) => learnerLens(f)) : proLenses(findings);
	}
}

function learnerLens(finding: Finding): vscode.CodeLens {
	const title = `${FINDING_ICON[finding.kind]} ${RULES[finding.ruleId].short}: ${finding.callee} — why?`;
	return new vscode.CodeLens(toRange(finding.range), {
		title,
		command: CommandId.OpenLesson,
		arguments: openLessonArgs(finding.lesson),
		tooltip: finding.message,
	});
}

/** One lens per context (function, loop), counting its findings; it opens the first one's lesson. */
function proLenses(findings: readonly Finding[]): vscode.CodeLens[] {
	const groups = new Map<string, Finding[]>();
	for (const f of findings) {
		const key = f.context ? `${f.context.range.startLine}:${f.context.range.startColumn}` : `${f.range.startLine}`;
		groups.set(key, [...(groups.get(key) ?? []), f]);
	}
	return [...groups.values()].map((group) => {
		const first = group[0];
		const anchor = first.context?.range ?? first.range;
		const title = group.length === 1 ? `${RULES[first.ruleId].short}` : `${group.length} concurrency findings`;
		return new vscode.CodeLens(toRange({ ...anchor, endLine: anchor.startLine, endColumn: anchor.startColumn }), {
			title,
			command: CommandId.OpenLesson,
			arguments: openLessonArgs(first.lesson),
			tooltip: group.map((f) => f.message).join('\n\n'),
		});
	});
}
