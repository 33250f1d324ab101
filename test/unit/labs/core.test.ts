import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findLab, LabParamError, labParams, LABS } from '../../../src/labs/catalog';
import { parseEvent, ProtocolError, variantResult, type LabEvent } from '../../../src/labs/protocol';
import { asciiResult, batches, parallelMs, peakParallelism, speedupSpec, timelineSpec, withSpeedups } from '../../../src/labs/timeline';
import type { Lab, LabResult, Lane, Machine, VariantResult } from '../../../src/labs/types';
import { loadLessons } from '../../../src/lessons/catalog';
import { renderDiagram } from '../../../src/lessons/diagrams';
import { renderLessonBody } from '../../../src/lessons/render';
import { labBlockHtml, labResultHtml } from '../../../src/labs/html';
import { readLessonFiles } from '../lessonFiles';
import { repoRoot } from '../testAnalyzer';

const machine: Machine = { cpus: 2, cpuModel: 'test CPU', platform: 'linux', arch: 'x64', node: '20.20.0' };
const lab = (id: string): Lab => findLab(id) ?? assert.fail(`no lab ${id}`);
const lane = (name: string, ...spans: [number, number, ('work' | 'wait' | 'blocked')?][]): Lane => ({
	lane: name, segments: spans.map(([from, to, state = 'work']) => ({ task: name, from, to, state })),
});

suite('Labs: catalogue', () => {
	const { catalog } = loadLessons(readLessonFiles());

	test('at least 8 labs, unique ids, each program bundled and each tied to a lesson section that exists', () => {
		assert.ok(LABS.length >= 8);
		assert.equal(new Set(LABS.map((l) => l.id)).size, LABS.length);
		for (const l of LABS) {
			assert.ok(existsSync(path.join(repoRoot, 'labs', l.program)), `${l.id}: labs/${l.program} is missing`);
			const target = catalog.resolve(l.lesson);
			assert.ok(target?.section, `${l.id} → ${l.lesson} does not resolve to a lesson section`);
			assert.ok(l.variants(labParams(l, {}, machine), machine).length >= 2, `${l.id} compares at least two variants`);
		}
	});

	test('each lab is shown in the lesson section the catalogue names, with its knobs', () => {
		for (const l of LABS) {
			const [lessonId, sectionId] = l.lesson.split('#');
			const html = renderLessonBody(catalog.get(lessonId) ?? assert.fail(lessonId));
			const sectionStart = html.indexOf(`id="${sectionId}"`);
			const next = html.indexOf('<h2', sectionStart + 1);
			const block = html.indexOf(`<section class="lab" id="lab-${l.id}"`);
			assert.ok(block > sectionStart && (next < 0 || block < next), `${l.id}: no \`\`\`lab fence in ${l.lesson}`);
			for (const k of l.knobs) {
				assert.ok(html.includes(`name="${k.id}" min="${k.min}" max="${k.max}"`), `${l.id}: knob ${k.id}`);
			}
		}
		assert.match(labBlockHtml('no-such-lab'), /render-error.*Unknown lab “no-such-lab”/);
	});

	test('knob defaults fill in, `cores` follows the machine within the range', () => {
		assert.deepEqual(labParams(lab('cpu-tasks'), {}, { cpus: 2 }), { tasks: 4, taskMs: 150, maxPool: 2, serialPercent: 5 });
		assert.equal(labParams(lab('cpu-tasks'), {}, { cpus: 64 }).maxPool, 16);
		assert.deepEqual(lab('cpu-tasks').variants(labParams(lab('cpu-tasks'), { maxPool: '3' }, machine), machine).map((v) => v.id), ['sequential', 'promise-all', 'pool-1', 'pool-2', 'pool-3']);
	});

	test('bad knob values are refused before anything runs, with the range in the message', () => {
		assert.throws(() => labParams(lab('coffee-shop'), { orders: '0' }, machine), /orders must be a whole number from 1 to 12/);
		assert.throws(() => labParams(lab('coffee-shop'), { orders: '2.5' }, machine), LabParamError);
		assert.throws(() => labParams(lab('coffee-shop'), { orders: 'many' }, machine), LabParamError);
		assert.throws(() => labParams(lab('coffee-shop'), { orders: 13 }, machine), LabParamError);
		assert.throws(() => labParams(lab('coffee-shop'), { baristas: '2' }, machine), /no knob 'baristas'.*orders, brewMs, orderMs/);
		assert.equal(labParams(lab('coffee-shop'), { orders: ' 7 ' }, machine).orders, 7);
	});
});

suite('Labs: event protocol', () => {
	test('parses each event kind', () => {
		assert.deepEqual(parseEvent('{"e":"start"}'), { e: 'start' });
		assert.deepEqual(parseEvent('{"e":"segment","task":"t","lane":"main","from":1,"to":2.5,"state":"wait"}'), { e: 'segment', task: 't', lane: 'main', from: 1, to: 2.5, state: 'wait' });
		assert.deepEqual(parseEvent('{"e":"metric","name":"peak","value":3}'), { e: 'metric', name: 'peak', value: 3 });
		assert.deepEqual(parseEvent('{"e":"done","t0":5,"wallMs":10,"cpuMs":4}'), { e: 'done', t0: 5, wallMs: 10, cpuMs: 4 });
	});

	test('rejects what is not the protocol, naming the problem', () => {
		assert.throws(() => parseEvent('hello'), /not JSON/);
		assert.throws(() => parseEvent('{"e":"segment","task":"t","lane":"m","from":3,"to":2,"state":"work"}'), /ends before it starts/);
		assert.throws(() => parseEvent('{"e":"segment","task":"t","lane":"m","from":1,"to":2,"state":"sleeping"}'), /state must be one of/);
		assert.throws(() => parseEvent('{"e":"metric","name":"x","value":"3"}'), /'value' must be a finite number/);
		assert.throws(() => parseEvent('{"e":"segment","task":"","lane":"m","from":1,"to":2,"state":"work"}'), /'task' must be a short string/);
		assert.throws(() => parseEvent('{"e":"launch"}'), ProtocolError);
		assert.throws(() => parseEvent('[1,2]'), /unknown event/);
	});

	test('a result starts at the measured part, lanes in the order they first ran, segments sorted', () => {
		const events: LabEvent[] = [
			{ e: 'segment', task: 'calibration', lane: 'main', from: 1, to: 90, state: 'work' },
			{ e: 'segment', task: 'b', lane: 'worker 2', from: 130, to: 150, state: 'work' },
			{ e: 'segment', task: 'a', lane: 'main', from: 120, to: 125, state: 'work' },
			{ e: 'segment', task: 'a', lane: 'main', from: 100, to: 110, state: 'work' },
			{ e: 'metric', name: 'peak', value: 2 },
			{ e: 'done', t0: 100, wallMs: 50, cpuMs: 30 },
		];
		const v = variantResult('x', 'X', events);
		assert.deepEqual(v.lanes, [
			{ lane: 'main', segments: [{ task: 'a', from: 0, to: 10, state: 'work' }, { task: 'a', from: 20, to: 25, state: 'work' }] },
			{ lane: 'worker 2', segments: [{ task: 'b', from: 30, to: 50, state: 'work' }] },
		]);
		assert.deepEqual([v.wallMs, v.cpuMs, v.metrics], [50, 30, { peak: 2 }]);
		assert.throws(() => variantResult('x', 'X', events.slice(0, -1)), /without its "done" event/);
	});
});

suite('Labs: measures and views', () => {
	test('peak parallelism counts lanes working at one instant; touching segments do not overlap', () => {
		assert.equal(peakParallelism([lane('a', [0, 10]), lane('b', [10, 20])]), 1);
		assert.equal(peakParallelism([lane('a', [0, 10]), lane('b', [5, 20]), lane('c', [6, 7])]), 3);
		assert.equal(peakParallelism([lane('a', [0, 10]), lane('b', [0, 10, 'wait'])]), 1, 'waiting is not running');
		assert.equal(peakParallelism([lane('a', [0, 10], [2, 4])]), 1, 'one lane is one thread, never parallel with itself');
	});

	test('parallel time is how long two or more lanes worked at once', () => {
		assert.equal(parallelMs([lane('a', [0, 10]), lane('b', [10, 20])]), 0);
		assert.equal(parallelMs([lane('a', [0, 10]), lane('b', [4, 20]), lane('c', [5, 6])]), 6);
	});

	test('batches split end times at gaps', () => {
		const two = [1, 2, 3, 4].map((k) => lane(`call ${k}`, [0, 100 + k])).concat([5, 6, 7, 8].map((k) => lane(`call ${k}`, [0, 200 + k])));
		assert.deepEqual(batches(two).map((b) => b.length), [4, 4]);
		assert.deepEqual(batches([1, 2, 3].map((k) => lane(`c${k}`, [0, 100 + k]))).map((b) => b.length), [3]);
	});

	const variant = (id: string, wallMs: number, lanes: Lane[] = [lane('main', [0, wallMs])]): VariantResult => ({ id, label: id, wallMs, cpuMs: wallMs, startupMs: 1, metrics: {}, lanes });

	test('speedups are against the baseline variant', () => {
		const withS = withSpeedups(lab('cpu-tasks'), [variant('sequential', 400), variant('pool-2', 200)]);
		assert.deepEqual(withS.map((v) => v.metrics.speedup), [1, 2]);
		assert.equal(withSpeedups(lab('loop-delay'), [variant('inline', 400)])[0].metrics.speedup, undefined);
	});

	test('a measured timeline renders with the lessons\' diagram engine, one row per lane, many lanes cut with a caption', () => {
		const many = variant('unbounded', 50, Array.from({ length: 40 }, (_, i) => lane(`request ${i + 1}`, [i, i + 10, 'wait'])));
		const spec = timelineSpec(many, lab('bounding'));
		assert.ok(spec);
		assert.equal(spec.lanes.length, 16);
		assert.match(spec.caption ?? '', /the first 16 of 40 lanes/);
		const svg = renderDiagram(spec, 'lab-1');
		assert.equal((svg.match(/class="lane-band"/g) ?? []).length, 16);
		assert.equal((svg.match(/class="seg state-wait c-\d"/g) ?? []).length, 16, "one segment per shown lane, plus nothing else but the legend");
		assert.equal(timelineSpec(variant('tasks', 5, []), lab('memory')), undefined);
	});

	const result = (variants: VariantResult[], notes: string[] = []): LabResult => ({ version: 1, lab: 'cpu-tasks', params: {}, machine, startedAt: '', variants, notes });

	test('speedup bars put the measured speedup beside Amdahl\'s bound', () => {
		const pool = { ...variant('pool-2', 200), metrics: { speedup: 1.8, amdahlSpeedup: 1.9 } };
		const spec = speedupSpec(result([{ ...variant('sequential', 400), metrics: { speedup: 1, amdahlSpeedup: 1 } }, pool]));
		assert.deepEqual(spec?.bars.map((b) => [b.label, b.value]), [['sequential: measured', 1], ['pool-2: measured', 1.8], ["pool-2: Amdahl's bound", 1.9]]);
	});

	test('a result as HTML: the figures in a table, escaped, with what to notice and the machine', () => {
		const v = { ...variant('pool-2', 200, [lane('worker <1>', [0, 150])]), metrics: { speedup: 1.8, maxLoopDelayMs: 3.25 } };
		const html = labResultHtml(result([variant('sequential', 400), v], ['<b>one core</b>']), lab('cpu-tasks'));
		assert.match(html, /<th scope="col">Speedup<\/th><th scope="col">Max loop delay<\/th>/);
		assert.match(html, /<th scope="row">pool-2<\/th><td>200 ms<\/td><td>200 ms<\/td><td>1.80×<\/td><td>3.3 ms<\/td>/);
		assert.match(html, /<td>—<\/td>/, 'a variant without a metric shows a dash');
		assert.match(html, /worker &lt;1&gt;/);
		assert.match(html, /&lt;b&gt;one core&lt;\/b&gt;/);
		assert.match(html, /What to notice:.*Promise.all is no faster/);
		assert.match(html, /Measured on 2 × test CPU \(linux-x64\), Node 20.20.0/);
	});

	test('text output draws each lane over the variant\'s wall time and keeps the notes', () => {
		const text = asciiResult(result([variant('sequential', 100, [lane('main', [0, 50]), lane('timer', [50, 100, 'blocked'])])], ['one core here']), lab('cpu-tasks'), 10);
		assert.match(text, /main {2}\|##### {5}\|/);
		assert.match(text, /timer \| {5}xxxxx\|/);
		assert.match(text, /Note: one core here/);
	});
});
