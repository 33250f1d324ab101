import type { SegmentState } from '../lessons/diagrams';
import type { Lane, Segment, VariantResult } from './types';

// The event protocol between a bundled experiment and the runner: one JSON object per stdout line.
//   {"e":"start"}                                   first line, as soon as the program runs
//   {"e":"segment","task","lane","from","to","state"} times in ms on the program's monotonic clock
//   {"e":"metric","name","value"}
//   {"e":"done","t0","wallMs","cpuMs"}              last line; t0 is when the measured part began
// Anything else is a protocol error: the experiments are ours, so a bad line is a bug to report.

export type LabEvent =
	| { e: 'start' }
	| { e: 'segment'; task: string; lane: string; from: number; to: number; state: SegmentState }
	| { e: 'metric'; name: string; value: number }
	| { e: 'done'; t0: number; wallMs: number; cpuMs: number };

const STATES: readonly string[] = ['work', 'wait', 'blocked'];

export class ProtocolError extends Error {}

/** Parses and checks one line of an experiment's output. */
export function parseEvent(line: string): LabEvent {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		throw new ProtocolError(`not JSON: ${line.slice(0, 120)}`);
	}
	const o = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const num = (k: string) => {
		const v = o[k];
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			throw new ProtocolError(`${String(o.e)} event: '${k}' must be a finite number in ${line.slice(0, 120)}`);
		}
		return v;
	};
	const str = (k: string) => {
		const v = o[k];
		if (typeof v !== 'string' || !v || v.length > 200) {
			throw new ProtocolError(`${String(o.e)} event: '${k}' must be a short string in ${line.slice(0, 120)}`);
		}
		return v;
	};
	switch (o.e) {
		case 'start':
			return { e: 'start' };
		case 'segment': {
			const state = str('state');
			if (!STATES.includes(state)) {
				throw new ProtocolError(`segment state must be one of ${STATES.join(', ')}, got '${state}'`);
			}
			const from = num('from');
			const to = num('to');
			if (to < from) {
				throw new ProtocolError(`segment ends before it starts: ${line.slice(0, 120)}`);
			}
			return { e: 'segment', task: str('task'), lane: str('lane'), from, to, state: state as SegmentState };
		}
		case 'metric':
			return { e: 'metric', name: str('name'), value: num('value') };
		case 'done':
			return { e: 'done', t0: num('t0'), wallMs: num('wallMs'), cpuMs: num('cpuMs') };
		default:
			throw new ProtocolError(`unknown event: ${line.slice(0, 120)}`);
	}
}

/**
 * One variant's result from its events: segments moved so the measured part starts at 0, grouped into
 * lanes in the order the lanes first did something, each lane's segments in time order.
 */
export function variantResult(id: string, label: string, events: readonly LabEvent[]): VariantResult {
	const done = events.find((e) => e.e === 'done');
	if (!done) {
		throw new ProtocolError('the experiment ended without its "done" event');
	}
	const metrics: Record<string, number> = {};
	const byLane = new Map<string, Segment[]>();
	const round = (n: number) => Math.round(n * 1000) / 1000;
	for (const e of events) {
		if (e.e === 'metric') {
			metrics[e.name] = e.value;
		} else if (e.e === 'segment' && e.to > done.t0) {
			const segments = byLane.get(e.lane) ?? [];
			segments.push({ task: e.task, from: round(Math.max(0, e.from - done.t0)), to: round(e.to - done.t0), state: e.state });
			byLane.set(e.lane, segments);
		}
	}
	const lanes: Lane[] = [...byLane].map(([lane, segments]) => ({ lane, segments: segments.sort((a, b) => a.from - b.from) }));
	lanes.sort((a, b) => a.segments[0].from - b.segments[0].from);
	return { id, label, wallMs: round(done.wallMs), cpuMs: round(done.cpuMs), startupMs: 0, metrics, lanes };
}
