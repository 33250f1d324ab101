import { renderDiagram } from '../lessons/diagrams';
import { escapeHtml } from '../lessons/html';
import { findLab } from './catalog';
import { machineKey } from './machine';
import { formatMs, speedupSpec, timelineSpec } from './timeline';
import type { Lab, LabResult } from './types';

// The labs in a lesson page, as trusted HTML built from escaped parts: the block a ```lab fence becomes,
// and a measured result (timelines with the lessons' diagram engine, a table, what to notice).

const RUNTIME_TEXT = { node: 'Node (the one VS Code runs on)', python: 'Python 3 (found on your machine)', go: 'Go (found on your PATH)' } as const;

/** A lab's block in a lesson: knobs, Run and Cancel, a status line, and where the result goes. */
export function labBlockHtml(id: string): string {
	const lab = findLab(id);
	if (!lab) {
		return `<div class="render-error" role="alert">Unknown lab “${escapeHtml(id)}”.</div>`;
	}
	const knobs = lab.knobs.map((k) => {
		const value = k.default === 'cores' ? '' : String(k.default);
		const placeholder = k.default === 'cores' ? ' placeholder="cores"' : '';
		return `<label class="lab-knob">${escapeHtml(k.label)} <input type="number" name="${k.id}" min="${k.min}" max="${k.max}" step="1" value="${value}"${placeholder} aria-describedby="lab-${lab.id}-range-${k.id}"><span class="lab-range" id="lab-${lab.id}-range-${k.id}">${k.min}–${k.max}${k.unit ? ` ${escapeHtml(k.unit)}` : ''}</span></label>`;
	});
	return [
		`<section class="lab" id="lab-${lab.id}" data-lab="${lab.id}" aria-labelledby="lab-${lab.id}-title">`,
		`<h3 class="lab-title" id="lab-${lab.id}-title">Lab: ${escapeHtml(lab.title)}</h3>`,
		`<p class="lab-about">Runs on your own cores with ${RUNTIME_TEXT[lab.runtime]}, one variant after another, and draws what was measured. The diagrams of the lesson are the theory; this is your machine.</p>`,
		`<div class="lab-knobs">${knobs.join('')}</div>`,
		`<div class="lab-actions"><button type="button" class="lab-run" data-action="run-lab" data-lab="${lab.id}">Run this experiment</button>`,
		`<button type="button" class="lab-cancel" data-action="cancel-lab" data-lab="${lab.id}" hidden>Cancel</button>`,
		`<progress class="lab-progress" hidden></progress><span class="lab-status" role="status" aria-live="polite"></span></div>`,
		`<div class="lab-result" data-lab-result="${lab.id}"></div>`,
		'</section>\n',
	].join('');
}

const COLUMNS: { metric: string; label: string; format: (n: number) => string }[] = [
	{ metric: 'speedup', label: 'Speedup', format: (n) => `${n.toFixed(2)}×` },
	{ metric: 'maxLoopDelayMs', label: 'Max loop delay', format: formatMs },
	{ metric: 'peakInFlight', label: 'Peak in flight', format: (n) => String(Math.round(n)) },
	{ metric: 'littleInFlight', label: 'Little’s law in flight', format: (n) => n.toFixed(1) },
	{ metric: 'meanLatencyMs', label: 'Mean latency', format: formatMs },
	{ metric: 'throughputPerSec', label: 'Throughput', format: (n) => `${Math.round(n)}/s` },
	{ metric: 'residentPerUnitKb', label: 'Resident each', format: (n) => `${n.toFixed(1)} KB` },
	{ metric: 'reservedPerUnitKb', label: 'Reserved each', format: (n) => `${n.toFixed(0)} KB` },
];

function machineLine(result: LabResult): string {
	const m = result.machine;
	const runtimes = [`Node ${m.node}`, m.python ? `Python ${m.python.version}${m.python.freeThreaded ? ' (free-threaded)' : ' (with the GIL)'}` : '', m.go ? `Go ${m.go.version}` : ''].filter(Boolean).join(', ');
	return `Measured on ${escapeHtml(machineKey(m))}, ${escapeHtml(runtimes)}, at ${escapeHtml(new Date(result.startedAt).toLocaleString('en-GB'))}.`;
}

/** A measured result: the table, one timeline per variant, the speedup bars, what to notice, the notes. */
export function labResultHtml(result: LabResult, lab: Lab): string {
	const columns = COLUMNS.filter((c) => result.variants.some((v) => v.metrics[c.metric] !== undefined));
	const header = ['Variant', 'Wall time', 'CPU time', ...columns.map((c) => c.label)].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
	const rows = result.variants.map((v) => `<tr><th scope="row">${escapeHtml(v.label)}</th><td>${formatMs(v.wallMs)}</td><td>${formatMs(v.cpuMs)}</td>${columns.map((c) => `<td>${v.metrics[c.metric] === undefined ? '—' : c.format(v.metrics[c.metric])}</td>`).join('')}</tr>`);
	const timelines = result.variants.flatMap((v) => {
		const spec = timelineSpec(v, lab);
		return spec ? [renderDiagram(spec, `lab-${lab.id}-${v.id}`)] : [];
	});
	const speedups = speedupSpec(result);
	return [
		`<p class="lab-notice"><strong>What to notice:</strong> ${escapeHtml(lab.notice)}</p>`,
		...result.notes.map((n) => `<p class="lab-note" role="note">${escapeHtml(n)}</p>`),
		`<table class="lab-table"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
		speedups ? renderDiagram(speedups, `lab-${lab.id}-speedup`) : '',
		...timelines,
		`<p class="lab-machine">${machineLine(result)}</p>`,
	].join('\n');
}
