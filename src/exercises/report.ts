import { asciiLanes } from '../labs/timeline';
import type { CheckResult, Exercise } from './types';

/** A check's verdict as text: each part with its figures, what stopped the run, the timeline, what the code printed. */
export function checkReport(exercise: Exercise, result: CheckResult): string {
	const mark = (part: { ok: boolean }) => (part.ok ? '✓' : '✗');
	const figures = (f?: Record<string, number>) => (f && Object.keys(f).length ? ` (${Object.entries(f).map(([k, v]) => `${k} ${v}`).join(', ')})` : '');
	const status = { pass: 'PASS', fail: 'FAIL', error: 'ERROR' }[result.status];
	const lines = [`${status} ${exercise.id}: ${exercise.title}`, `  ${mark(result.static)} analyzer     ${result.static.message}`];
	if (result.correctness) {
		lines.push(`  ${mark(result.correctness)} correctness  ${result.correctness.message}`);
	}
	if (result.measure) {
		lines.push(`  ${mark(result.measure)} measure      ${result.measure.message}${figures(result.measure.figures)}`);
	}
	for (const note of [result.runError && `run: ${result.runError}`, result.staticOnly]) {
		if (note) {
			lines.push(`  ${note.split('\n').join('\n    ')}`);
		}
	}
	if (result.lanes?.length) {
		lines.push('  measured timeline (# work  . wait  x blocked):', ...asciiLanes(result.lanes, 0, 50).map((row) => `  ${row}`));
	}
	if (result.output && result.status !== 'pass') {
		lines.push('  what it printed (last lines):', ...result.output.split('\n').map((l) => `    ${l}`));
	}
	return lines.join('\n');
}
