import * as vscode from 'vscode';
import type { Finding, Severity, Span } from '../analysis/types';
import { SOURCE } from '../constants';
import { Disposable } from '../util/dispose';
import type { FindingsStore } from './findingsStore';
import { lessonUri } from './lessonLinks';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	info: vscode.DiagnosticSeverity.Information,
	hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(span: Span): vscode.Range {
	return new vscode.Range(span.startLine, span.startColumn, span.endLine, span.endColumn);
}

/** One diagnostic per unsuppressed finding; its code links to the lesson section that explains it. */
export function toDiagnostic(uri: vscode.Uri, finding: Finding): vscode.Diagnostic {
	const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITY[finding.severity]);
	diagnostic.source = SOURCE;
	diagnostic.code = { value: finding.ruleId, target: lessonUri(finding.lesson) };
	const related: vscode.DiagnosticRelatedInformation[] = [];
	if (finding.context) {
		const what =
			finding.context.kind === 'async-function'
				? 'inside async code'
				: finding.context.kind === 'event-loop'
					? 'runs on the event loop'
					: finding.context.kind === 'loop'
						? 'repeated by this loop'
						: 'once per request of this handler';
		related.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(finding.context.range)), `${what}: ${finding.context.label}`));
	}
	if (finding.origin) {
		const helper = vscode.Uri.file(finding.origin.path);
		related.push(
			new vscode.DiagnosticRelatedInformation(
				new vscode.Location(helper, toRange(finding.origin.range)),
				`blocks here, in ${vscode.workspace.asRelativePath(helper)}`,
			),
		);
	}
	diagnostic.relatedInformation = related;
	return diagnostic;
}

/** Mirrors the findings store into one diagnostic collection (the Problems panel). */
export class DiagnosticsPresenter extends Disposable {
	readonly collection = this._register(vscode.languages.createDiagnosticCollection(SOURCE));

	constructor(store: FindingsStore) {
		super();
		this._register(
			store.onDidChange((uri) => {
				const findings = store.active(uri);
				if (findings.length) {
					this.collection.set(
						uri,
						findings.map((f) => toDiagnostic(uri, f)),
					);
				} else {
					this.collection.delete(uri);
				}
			}),
		);
	}
}
