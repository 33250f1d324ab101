import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { loadLessons } from '../../../src/lessons/catalog';
import { describe, niceStep, renderDiagram, TASK_COLOURS, validateDiagram, type BarsSpec, type DiagramSpec, type TimelineSpec } from '../../../src/lessons/diagrams';
import { parseFenceInfo } from '../../../src/lessons/fenceInfo';
import { lessonMarkdown } from '../../../src/lessons/markdown';
import { readLessonFiles } from '../lessonFiles';

type Segment = TimelineSpec['lanes'][number]['segments'][number];

const seg = (task: string, from: number, to: number, state: Segment['state']): Segment => ({ task, from, to, state });

const TIMELINE = {
	type: 'timeline',
	title: 'Two lanes <and> more',
	caption: 'Loop & worker',
	unit: 'ms',
	lanes: [
		{ label: 'Event loop', segments: [seg('Request A', 0, 2, 'work'), seg('Request B', 2, 5, 'blocked'), seg('Request A', 5, 9, 'wait'), seg('Request C', 9, 12, 'work')] },
		{ label: 'Worker', segments: [seg('Request B', 1, 4, 'work'), seg('Request D', 4, 6, 'wait')] },
	],
};

function expectInvalid(value: unknown, message: RegExp): void {
	assert.throws(() => validateDiagram(value), (e: unknown) => {
		assert.ok(e instanceof Error);
		assert.match(e.message, message);
		return true;
	});
}

/** A copy of the timeline with the first segment of the first lane changed. */
function withSegment(change: Record<string, unknown>): unknown {
	const copy = structuredClone(TIMELINE) as { lanes: { segments: Record<string, unknown>[] }[] };
	Object.assign(copy.lanes[0].segments[0], change);
	return copy;
}

function bars(values: number[], scale?: BarsSpec['scale']): BarsSpec {
	return { type: 'bars', title: 'Bars', scale, bars: values.map((value, i) => ({ label: `bar ${i}`, value })) };
}

interface Rect {
	cls: string;
	x: number;
	width: number;
	y: number;
	title: string;
}

/** The `<rect>` elements that carry a `<title>` (segments and bars, not bands or the legend). */
function rects(svg: string, kind: 'seg' | 'bar'): Rect[] {
	return [...svg.matchAll(/<rect class="([^"]+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g)]
		.filter((m) => m[1].split(' ')[0] === kind)
		.map((m) => ({ cls: m[1], x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), title: m[5] }));
}

/** Checks an SVG is theme-aware: colours only from classes, never inline styles or fixed colours. */
function assertThemeAware(html: string): void {
	assert.ok(!/\sstyle=/i.test(html), 'no inline style attributes');
	assert.ok(!/\s(?:fill|stroke|color|stop-color)="/i.test(html), 'no presentation colour attributes');
	assert.ok(!/#[0-9a-f]{3,8}\b/i.test(html.replace(/href="#[^"]*"/g, '')), 'no hex colours');
	assert.ok(!/\brgba?\(|\bhsla?\(/i.test(html), 'no rgb()/hsl() colours');
}

/** Checks the SVG names itself with its <title> and <desc> through aria-labelledby. */
function assertAccessible(html: string, key: string): void {
	assert.ok(html.includes(`role="img" aria-labelledby="${key}-title ${key}-desc"`), html.slice(0, 300));
	assert.equal((html.match(new RegExp(`<title id="${key}-title">`, 'g')) ?? []).length, 1);
	assert.equal((html.match(new RegExp(`<desc id="${key}-desc">`, 'g')) ?? []).length, 1);
}

suite('validateDiagram: malformed specs', () => {
	test('a valid timeline and valid bars come back typed', () => {
		const spec = validateDiagram(TIMELINE);
		assert.equal(spec.type, 'timeline');
		assert.deepEqual(spec, { ...TIMELINE, type: 'timeline' });
		assert.deepEqual(validateDiagram({ type: 'bars', title: 'B', bars: [{ label: 'x', value: 0 }] }), { type: 'bars', title: 'B', caption: undefined, unit: undefined, scale: undefined, bars: [{ label: 'x', value: 0 }] });
	});

	test('not a mapping', () => {
		for (const value of [null, undefined, 'timeline', 42, [TIMELINE]]) {
			expectInvalid(value, /^diagram must be a mapping$/);
		}
	});

	test('missing or blank title', () => {
		expectInvalid({ ...TIMELINE, title: undefined }, /^title is required$/);
		expectInvalid({ ...TIMELINE, title: '   ' }, /^title is required$/);
		expectInvalid({ ...TIMELINE, caption: { text: 'x' } }, /^caption is required$/);
	});

	test('unknown or missing type', () => {
		expectInvalid({ ...TIMELINE, type: 'pie' }, /diagram `type` must be timeline or bars/);
		expectInvalid({ ...TIMELINE, type: undefined }, /diagram `type` must be timeline or bars/);
	});

	test('lanes and segments must be non-empty lists of mappings', () => {
		expectInvalid({ ...TIMELINE, lanes: [] }, /^lanes must be a non-empty list$/);
		expectInvalid({ ...TIMELINE, lanes: 'Event loop' }, /^lanes must be a non-empty list$/);
		expectInvalid({ ...TIMELINE, lanes: [{ label: 'L', segments: [] }] }, /^lanes\[0\]\.segments must be a non-empty list$/);
		expectInvalid({ ...TIMELINE, lanes: [{ label: 'L', segments: ['work'] }] }, /^lanes\[0\]\.segments\[0\] must be a mapping$/);
		expectInvalid({ ...TIMELINE, lanes: [{ segments: [seg('A', 0, 1, 'work')] }] }, /^lanes\[0\]\.label is required$/);
	});

	test('a segment whose `to` is not after `from`', () => {
		expectInvalid(withSegment({ to: 0 }), /^lanes\[0\]\.segments\[0\]: `to` must be greater than `from`$/);
		expectInvalid(withSegment({ from: 3, to: 1 }), /lanes\[0\]\.segments\[0\]: `to` must be greater than `from`/);
	});

	test('an unknown state', () => {
		expectInvalid(withSegment({ state: 'sleeping' }), /^lanes\[0\]\.segments\[0\]\.state must be one of work, wait, blocked$/);
		expectInvalid(withSegment({ state: undefined }), /segments\[0\]\.state must be one of/);
	});

	test('non-numeric times', () => {
		expectInvalid(withSegment({ from: '0' }), /^lanes\[0\]\.segments\[0\]\.from must be a number$/);
		expectInvalid(withSegment({ to: null }), /^lanes\[0\]\.segments\[0\]\.to must be a number$/);
		expectInvalid(withSegment({ to: Number.NaN }), /segments\[0\]\.to must be a number/);
		expectInvalid(withSegment({ to: Number.POSITIVE_INFINITY }), /segments\[0\]\.to must be a number/);
		expectInvalid(withSegment({ task: '' }), /^lanes\[0\]\.segments\[0\]\.task is required$/);
	});

	test('bars: non-numeric or negative values, bad scale, empty list', () => {
		expectInvalid(bars([1, -1]), /^bars\[1\]\.value must not be negative$/);
		expectInvalid({ ...bars([1]), bars: [{ label: 'x', value: '10' }] }, /^bars\[0\]\.value must be a number$/);
		expectInvalid({ ...bars([1]), bars: [{ label: 'x' }] }, /^bars\[0\]\.value must be a number$/);
		expectInvalid({ ...bars([1]), bars: [{ value: 1 }] }, /^bars\[0\]\.label is required$/);
		expectInvalid({ ...bars([1]), scale: 'sqrt' }, /^scale must be linear or log$/);
		expectInvalid({ ...bars([1]), bars: [] }, /^bars must be a non-empty list$/);
	});
});

suite('renderDiagram: timeline', () => {
	const spec = validateDiagram(TIMELINE) as TimelineSpec;
	const html = renderDiagram(spec, 'tl');
	const segments = rects(html, 'seg');
	const all = spec.lanes.flatMap((l) => l.segments);

	test('one <rect class="seg state-…"> per segment, with its state', () => {
		assert.equal(segments.length, all.length);
		const byTitle = new Map(segments.map((r) => [r.title, r]));
		for (const s of all) {
			const word = s.state === 'work' ? 'works' : s.state === 'wait' ? 'waits' : 'is blocked';
			const rect = byTitle.get(`${s.task} ${word} ${s.from}–${s.to} ms`);
			assert.ok(rect, `no rect for ${s.task} ${s.from}–${s.to}`);
			assert.match(rect.cls, new RegExp(`^seg state-${s.state} c-\\d$`));
		}
	});

	test('x positions increase with time and widths follow durations', () => {
		const sorted = [...all].sort((a, b) => a.from - b.from);
		const start = sorted[0].from;
		const end = Math.max(...all.map((s) => s.to));
		const xOf = (s: Segment) => segments.find((r) => r.title.startsWith(`${s.task} `) && r.title.includes(` ${s.from}–${s.to} `))!;
		for (let i = 1; i < sorted.length; i++) {
			assert.ok(xOf(sorted[i]).x > xOf(sorted[i - 1]).x, `${sorted[i].task}@${sorted[i].from} should be right of ${sorted[i - 1].task}@${sorted[i - 1].from}`);
		}
		const plot = (xOf(sorted.find((s) => s.to === end)!).x + xOf(sorted.find((s) => s.to === end)!).width) - xOf(sorted[0]).x;
		for (const s of all) {
			assert.ok(Math.abs(xOf(s).width - ((s.to - s.from) / (end - start)) * plot) < 0.2, `width of ${s.task} ${s.from}–${s.to}`);
		}
	});

	test('a task keeps the same colour class across lanes; different tasks differ', () => {
		const colour = (task: string) => new Set(segments.filter((r) => r.title.startsWith(`${task} `)).map((r) => /c-(\d)/.exec(r.cls)![1]));
		assert.equal(colour('Request B').size, 1, 'Request B is in both lanes with one colour');
		assert.equal(colour('Request A').size, 1);
		const colours = ['Request A', 'Request B', 'Request C', 'Request D'].map((t) => [...colour(t)][0]);
		assert.equal(new Set(colours).size, 4);
	});

	test('lanes appear in order, top to bottom', () => {
		const labels = [...html.matchAll(/<text class="lane-label" x="\d+" y="(\d+)">([^<]*)<\/text>/g)].map((m) => ({ y: Number(m[1]), label: m[2] }));
		assert.deepEqual(labels.map((l) => l.label), ['Event loop', 'Worker']);
		assert.ok(labels[0].y < labels[1].y);
		const workerB = segments.find((r) => r.title === 'Request B works 1–4 ms')!;
		const loopB = segments.find((r) => r.title === 'Request B is blocked 2–5 ms')!;
		assert.ok(workerB.y > loopB.y, 'the second lane is below the first');
	});

	test('<title> and <desc> are referenced by aria-labelledby; the desc mentions every segment', () => {
		assertAccessible(html, 'tl');
		assert.ok(html.includes('<title id="tl-title">Two lanes &lt;and&gt; more</title>'), 'title text is escaped');
		const desc = /<desc id="tl-desc">([^<]*)<\/desc>/.exec(html)![1];
		assert.equal(desc, escapeForTest(describe(spec)));
		for (const s of all) {
			assert.ok(desc.includes(`${s.task} `) && desc.includes(`${s.from}–${s.to} ms`), `desc misses ${s.task} ${s.from}–${s.to}`);
		}
		assert.ok(desc.startsWith('Loop &amp; worker'), 'the caption leads the description');
		assert.ok(desc.includes('Event loop: ') && desc.includes('Worker: '));
	});

	test('theme-aware: only classes, no inline styles or fixed colours', () => {
		assertThemeAware(html);
		assert.ok(html.includes('class="diagram-svg"'));
	});

	test('more tasks than colours wrap around the palette', () => {
		const many = validateDiagram({ type: 'timeline', title: 'Many', lanes: [{ label: 'L', segments: Array.from({ length: TASK_COLOURS + 2 }, (_, i) => seg(`T${i}`, i, i + 1, 'work')) }] });
		const classes = rects(renderDiagram(many, 'm'), 'seg').map((r) => /c-(\d+)/.exec(r.cls)![1]);
		assert.deepEqual(classes, ['0', '1', '2', '3', '4', '5', '0', '1']);
	});
});

function escapeForTest(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

suite('renderDiagram: bars', () => {
	test('linear scale: widths proportional to values', () => {
		const html = renderDiagram(bars([10, 20, 40, 5]), 'b');
		const widths = rects(html, 'bar').map((r) => r.width);
		assert.equal(widths.length, 4);
		for (const [i, v] of [10, 20, 40, 5].entries()) {
			assert.ok(Math.abs(widths[i] / widths[2] - v / 40) < 0.005, `bar ${i}: ${widths[i]} vs ${widths[2]}`);
		}
		assert.ok(!html.includes('logarithmic'));
		assertThemeAware(html);
		assertAccessible(html, 'b');
	});

	test('log scale: marked as such, still ordered, and small values stay visible', () => {
		const values = [1, 1000, 1_000_000, 10];
		const html = renderDiagram(bars(values, 'log'), 'l');
		const widths = rects(html, 'bar').map((r) => r.width);
		assert.ok(html.includes('logarithmic scale'));
		const byValue = values.map((v, i) => [v, widths[i]]).sort((a, b) => a[0] - b[0]);
		for (let i = 1; i < byValue.length; i++) {
			assert.ok(byValue[i][1] > byValue[i - 1][1], `width for ${byValue[i][0]} should exceed width for ${byValue[i - 1][0]}`);
		}
		assert.ok(widths[0] > 5, `1 out of 1,000,000 is visible on a log scale (${widths[0]})`);
		assert.ok(Math.abs(widths[1] / widths[2] - 0.5) < 0.01, 'log10(1001) is half of log10(1000001)');
		assert.ok(html.includes('>1,000,000</text>'), 'values are printed with thousands separators');
		assertThemeAware(html);
	});

	test('all-zero bars do not divide by zero', () => {
		const widths = rects(renderDiagram(bars([0, 0]), 'z'), 'bar').map((r) => r.width);
		assert.deepEqual(widths, [2, 2]);
	});

	test('the desc lists every bar with its unit', () => {
		const spec: BarsSpec = { ...bars([1, 2.5]), unit: 'MB' };
		const desc = /<desc id="u-desc">([^<]*)<\/desc>/.exec(renderDiagram(spec, 'u'))![1];
		assert.equal(desc, 'bar 0: 1 MB; bar 1: 2.5 MB.');
	});
});

suite('niceStep', () => {
	const inputs = [0.03, 0.3, 0.7, 1, 1.2, 2, 2.01, 3, 5, 5.5, 7, 9.99, 10, 11, 45, 99, 100, 101, 1234, 60_000];
	for (const raw of inputs) {
		test(`niceStep(${raw}) is 1, 2 or 5 × 10^n and at least ${raw}`, () => {
			const step = niceStep(raw);
			assert.ok(step >= raw, `${step} < ${raw}`);
			const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
			const mantissa = Math.round((step / power) * 1e6) / 1e6;
			assert.ok([1, 2, 5].includes(mantissa), `${step} = ${mantissa} × ${power}`);
			// And it is the smallest such step: the next smaller nice number is below raw.
			const smaller = mantissa === 1 ? 5 * (power / 10) : mantissa === 2 ? power : 2 * power;
			assert.ok(smaller < raw - 1e-12, `${smaller} would also do for ${raw}`);
		});
	}

	test('exact values', () => {
		assert.deepEqual([0.3, 1, 1.2, 3, 7, 11, 45, 100, 1234].map(niceStep), [0.5, 1, 2, 5, 10, 20, 50, 100, 2000]);
	});
});

suite('Diagrams in the real lessons', () => {
	const files = readLessonFiles();
	const { catalog, errors } = loadLessons(files);
	const diagrams = catalog.lessons.flatMap((lesson) => lessonMarkdown().parse(lesson.body, {})
		.filter((t) => t.type === 'fence' && parseFenceInfo(t.info)?.language === 'diagram')
		.map((t, i) => ({ name: `${lesson.file} diagram ${i + 1} (line ${lesson.bodyLine + (t.map?.[0] ?? 0)})`, yaml: t.content })));

	test('the lessons load and every ```diagram fence is found', () => {
		assert.deepEqual(errors.map((e) => e.message), []);
		const fences = files.reduce((n, f) => n + (f.text.match(/^```diagram\s*$/gm) ?? []).length, 0);
		assert.equal(diagrams.length, fences);
		assert.ok(diagrams.length >= 15, `only ${diagrams.length} diagrams`);
	});

	for (const { name, yaml } of diagrams) {
		test(`${name} validates and renders`, () => {
			const value: unknown = parseYaml(yaml);
			let spec: DiagramSpec | undefined;
			assert.doesNotThrow(() => {
				spec = validateDiagram(value);
			});
			assert.ok(spec);
			const html = renderDiagram(spec, 'real');
			assertAccessible(html, 'real');
			assertThemeAware(html);
			if (spec.type === 'timeline') {
				assert.equal(rects(html, 'seg').length, spec.lanes.reduce((n, l) => n + l.segments.length, 0));
			} else {
				assert.equal(rects(html, 'bar').length, spec.bars.length);
			}
			assert.ok(!/NaN|undefined|Infinity/.test(html), 'no broken numbers or missing values');
		});
	}
});
