import type { BarsSpec, TimelineSpec } from '../lessons/diagrams';
import type { Lab, LabResult, Lane, VariantResult } from './types';

// What a result shows: measures computed from its segments, the lessons' diagram specs, an ASCII timeline.

/** The most lanes doing `work` at one instant: 1 means nothing really ran in parallel. */
export function peakParallelism(lanes: readonly Lane[]): number {
	const edges = lanes.flatMap((l) => l.segments.filter((s) => s.state === 'work').flatMap((s) => [{ t: s.from, d: 1, lane: l.lane }, { t: s.to, d: -1, lane: l.lane }]));
	// Ends before starts at the same instant, so touching segments do not count as overlapping.
	edges.sort((a, b) => a.t - b.t || a.d - b.d);
	const active = new Map<string, number>();
	let peak = 0;
	for (const e of edges) {
		active.set(e.lane, (active.get(e.lane) ?? 0) + e.d);
		peak = Math.max(peak, [...active.values()].filter((n) => n > 0).length);
	}
	return peak;
}

/** How long two or more lanes were doing `work` at the same time, in ms. */
export function parallelMs(lanes: readonly Lane[]): number {
	const edges = lanes.flatMap((l) => l.segments.filter((s) => s.state === 'work').flatMap((s) => [{ t: s.from, d: 1 }, { t: s.to, d: -1 }]));
	edges.sort((a, b) => a.t - b.t || a.d - b.d);
	let running = 0;
	let since = 0;
	let total = 0;
	for (const e of edges) {
		if (running >= 2) {
			total += e.t - since;
		}
		running += e.d;
		since = e.t;
	}
	return total;
}

/**
 * Groups end times into batches: a new batch starts after a gap longer than `gapFraction` of the span
 * from the first segment's start to the last end.
 */
export function batches(lanes: readonly Lane[], gapFraction = 0.2): number[][] {
	const ends = lanes.flatMap((l) => l.segments.map((s) => s.to)).sort((a, b) => a - b);
	const start = Math.min(...lanes.flatMap((l) => l.segments.map((s) => s.from)));
	const gap = gapFraction * ((ends.at(-1) ?? 0) - start);
	const groups: number[][] = [];
	for (const t of ends) {
		const last = groups.at(-1);
		if (last && t - (last.at(-1) ?? t) <= gap) {
			last.push(t);
		} else {
			groups.push([t]);
		}
	}
	return groups;
}

/** Speedups against the lab's baseline variant, added to each variant's metrics. */
export function withSpeedups(lab: Lab, variants: VariantResult[]): VariantResult[] {
	const base = variants.find((v) => v.id === lab.baseline);
	if (!base) {
		return variants;
	}
	return variants.map((v) => ({ ...v, metrics: { ...v.metrics, speedup: Math.round((base.wallMs / v.wallMs) * 100) / 100 } }));
}

const MAX_LANES = 16;

/** A variant as a timeline for the lessons' diagram engine; very many lanes are cut, and the caption says so. */
export function timelineSpec(variant: VariantResult, lab: Lab): TimelineSpec | undefined {
	if (!variant.lanes.length) {
		return undefined;
	}
	const shown = variant.lanes.slice(0, MAX_LANES);
	const cut = variant.lanes.length > MAX_LANES ? `; the first ${MAX_LANES} of ${variant.lanes.length} lanes` : '';
	return {
		type: 'timeline',
		title: `${variant.label}: measured`,
		caption: `${lab.title}, ${formatMs(variant.wallMs)} wall, ${formatMs(variant.cpuMs)} CPU${cut}`,
		unit: 'ms',
		packed: true,
		lanes: shown.map((l) => ({ label: l.lane, segments: l.segments.map((s) => ({ ...s, from: round1(s.from), to: Math.max(round1(s.to), round1(s.from) + 0.1) })) })),
	};
}

/** Measured speedups beside Amdahl's bound, for the labs that report both. */
export function speedupSpec(result: LabResult): BarsSpec | undefined {
	const bars = result.variants.flatMap((v) => [
		...(v.metrics.speedup === undefined ? [] : [{ label: `${v.label}: measured`, value: v.metrics.speedup }]),
		...(v.metrics.amdahlSpeedup === undefined || !v.id.startsWith('pool-') ? [] : [{ label: `${v.label}: Amdahl's bound`, value: v.metrics.amdahlSpeedup }]),
	]);
	return bars.length > 1 ? { type: 'bars', title: 'Speedup over sequential', caption: `measured on ${result.machine.cpus} logical cores`, unit: '×', bars } : undefined;
}

function round1(n: number): number {
	return Math.round(n * 10) / 10;
}

export function formatMs(ms: number): string {
	return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

const GLYPH = { work: '#', wait: '.', blocked: 'x' } as const;

/** Lanes as rows of at most `width` columns spanning `wallMs` (or the last segment's end), `  label |##..|`. */
export function asciiLanes(lanes: readonly Lane[], wallMs: number, width = 60): string[] {
	const end = Math.max(wallMs, ...lanes.flatMap((l) => l.segments.map((s) => s.to)), 1);
	const labelWidth = Math.min(28, Math.max(...lanes.map((l) => l.lane.length), 4));
	const rows = lanes.slice(0, MAX_LANES).map((lane) => {
		const row = Array<string>(width).fill(' ');
		for (const s of lane.segments) {
			const a = Math.min(width - 1, Math.floor((s.from / end) * width));
			const b = Math.max(a + 1, Math.min(width, Math.ceil((s.to / end) * width)));
			row.fill(GLYPH[s.state], a, b);
		}
		return `  ${lane.lane.slice(0, labelWidth).padEnd(labelWidth)} |${row.join('')}|`;
	});
	return lanes.length > MAX_LANES ? [...rows, `  … ${lanes.length - MAX_LANES} more lanes`] : rows;
}

/** A result as text: per variant, its figures and a timeline of at most `width` columns per lane. */
export function asciiResult(result: LabResult, lab: Lab, width = 60): string {
	const out = [`${lab.title} (${lab.id}) on ${result.machine.cpus} logical cores, ${result.machine.platform}`, ''];
	for (const v of result.variants) {
		const figures = Object.entries(v.metrics).map(([k, n]) => `${k} ${Math.round(n * 100) / 100}`);
		out.push(`${v.label} [${v.id}]: wall ${formatMs(v.wallMs)}, CPU ${formatMs(v.cpuMs)}${figures.length ? `, ${figures.join(', ')}` : ''}`);
		out.push(...asciiLanes(v.lanes, v.wallMs, width), '');
	}
	out.push(`# work  . wait  x blocked; each row spans the variant's wall time.`, `Notice: ${lab.notice}`, ...result.notes.map((n) => `Note: ${n}`));
	return out.join('\n');
}
