import type * as Sarif from 'sarif';
import { languageInfo } from '../analysis/languageIds';
import { ruleLanguages } from '../analysis/languages';
import { RULE_IDS, RULES } from '../analysis/rules/catalog';
import type { Finding, LanguageId, Span } from '../analysis/types';

/** One file's findings, paths relative to the current directory with `/` separators. */
export interface FileReport {
	file: string;
	language: LanguageId;
	findings: Finding[];
}

export interface ScanSummary {
	files: number;
	lines: number;
	skipped: number;
	durationMs: number;
}

export interface Skipped {
	file: string;
	reason: string;
}

export interface ScanReport {
	reports: FileReport[];
	skipped: Skipped[];
	summary: ScanSummary;
}

/** Where a lesson section opens inside VS Code (the extension's URI handler). */
export function lessonUri(lesson: string): string {
	const [id, section] = lesson.split('#');
	return `vscode://concurrency-lens.concurrency-lens/lesson/${id}${section ? `#${section}` : ''}`;
}

const active = (f: Finding) => !f.suppressed;

/** The `--format json` contract (version 1): keep these fields and their meaning stable. */
export function toJson(report: ScanReport): string {
	const entry = (file: string, f: Finding) => ({
		file,
		line: f.range.startLine + 1,
		column: f.range.startColumn + 1,
		endLine: f.range.endLine + 1,
		endColumn: f.range.endColumn + 1,
		rule: f.ruleId,
		kind: f.kind,
		severity: f.severity,
		message: f.message,
		lesson: f.lesson,
		...(f.chain ? { chain: f.chain } : {}),
		...(f.origin ? { origin: { file: f.origin.path, line: f.origin.range.startLine + 1, column: f.origin.range.startColumn + 1 } } : {}),
	});
	const findings = report.reports.flatMap((r) => r.findings.filter(active).map((f) => entry(r.file, f)));
	const suppressed = report.reports.flatMap((r) => r.findings.filter((f) => f.suppressed).map((f) => ({ ...entry(r.file, f), reason: f.suppressed!.reason })));
	return JSON.stringify({ version: 1, findings, suppressed, skipped: report.skipped, summary: report.summary }, null, 2);
}

export function toText(report: ScanReport): string {
	const lines: string[] = [];
	for (const r of report.reports) {
		for (const f of r.findings.filter(active)) {
			lines.push(`${r.file}:${f.range.startLine + 1}:${f.range.startColumn + 1}: ${f.severity} [${f.ruleId}] ${f.message}`);
			if (f.chain) {
				lines.push(`    chain: ${f.chain.join(' → ')}`);
			}
			lines.push(`    lesson: ${f.lesson}`);
		}
	}
	const suppressed = report.reports.flatMap((r) =>
		r.findings.filter((f) => f.suppressed).map((f) => `${r.file}:${f.range.startLine + 1}: [${f.ruleId}] ignored: ${f.suppressed!.reason}`),
	);
	if (suppressed.length) {
		lines.push('', `Suppressed (${suppressed.length}):`, ...suppressed.map((s) => `  ${s}`));
	}
	const count = report.reports.reduce((n, r) => n + r.findings.filter(active).length, 0);
	const { files, lines: scanned, skipped, durationMs } = report.summary;
	lines.push(
		'',
		`${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${scanned.toLocaleString('en-US')} lines, ${skipped} skipped) in ${durationMs} ms`,
	);
	return lines.join('\n').trimStart();
}

const SARIF_LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0 for code scanning: rule metadata with help text and the lesson link, suppressions in source. */
export function toSarif(report: ScanReport, toolVersion: string): string {
	const ruleIndex = new Map(RULE_IDS.map((id, i) => [id as string, i]));
	const results = report.reports.flatMap((r) =>
		r.findings.map(
			(f): Sarif.Result => ({
				ruleId: f.ruleId,
				ruleIndex: ruleIndex.get(f.ruleId),
				level: SARIF_LEVEL[f.severity],
				message: { text: f.message },
				locations: [
					{
						physicalLocation: {
							artifactLocation: { uri: encodeURI(r.file), uriBaseId: '%SRCROOT%' },
							region: {
								startLine: f.range.startLine + 1,
								startColumn: f.range.startColumn + 1,
								endLine: f.range.endLine + 1,
								endColumn: f.range.endColumn + 1,
							},
						},
					},
				],
				...(f.context || f.origin ? { relatedLocations: relatedLocations(r.file, f) } : {}),
				...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: f.suppressed.reason }] } : {}),
				properties: { kind: f.kind, lesson: f.lesson, language: languageInfo(r.language).name, ...(f.chain ? { chain: f.chain } : {}) },
			}),
		),
	);
	const rules = RULE_IDS.map((id): Sarif.ReportingDescriptor => {
		const rule = RULES[id];
		return {
			id,
			name: id.replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase()),
			shortDescription: { text: rule.title },
			fullDescription: { text: rule.why },
			help: {
				text: `${rule.why}\n\nFix: ${rule.fix}\n\nLesson: ${rule.lesson}`,
				markdown: `${rule.why}\n\n**Fix:** ${rule.fix}\n\n[Open the lesson](${lessonUri(rule.lesson)})`,
			},
			helpUri: lessonUri(rule.lesson),
			defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
			properties: { kind: rule.kind, lesson: rule.lesson, languages: ruleLanguages(id), tags: ['concurrency', rule.kind] },
		};
	});
	const sarif: Sarif.Log = {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: {
					driver: {
						name: 'concurrency-lens',
						informationUri: 'https://github.com/concurrency-lens/concurrency-lens',
						version: toolVersion,
						semanticVersion: toolVersion,
						rules,
					},
				},
				originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(process.cwd())}/` } },
				results,
				invocations: [
					{
						executionSuccessful: true,
						toolExecutionNotifications: report.skipped.map((s) => ({ level: 'note', message: { text: `skipped ${s.file}: ${s.reason}` } })),
					},
				],
			},
		],
	};
	return JSON.stringify(sarif, null, 2);
}

/** The async code a finding is in, and for a cross-file finding the blocking line in the other file. */
function relatedLocations(file: string, f: Finding): Sarif.Location[] {
	const at = (text: string, uri: string, span: Span): Sarif.Location => ({
		message: { text },
		physicalLocation: {
			artifactLocation: { uri: encodeURI(uri), uriBaseId: '%SRCROOT%' },
			region: { startLine: span.startLine + 1, startColumn: span.startColumn + 1 },
		},
	});
	const locations = [
		...(f.context ? [at(f.context.label, file, f.context.range)] : []),
		...(f.origin ? [at(`blocks here, in ${f.origin.path}`, f.origin.path, f.origin.range)] : []),
	];
	return locations.map((l, i) => ({ id: i + 1, ...l }));
}

function pathToUri(p: string): string {
	return `file://${encodeURI(
		p
			.split('\\')
			.join('/')
			.replace(/^([A-Za-z]):/, '/$1:'),
	)}`;
}
