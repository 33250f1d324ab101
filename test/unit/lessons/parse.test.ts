import assert from 'node:assert/strict';
import { RULE_IDS } from '../../../src/analysis/rules/catalog';
import { loadLessons, type LessonFile } from '../../../src/lessons/catalog';
import { parseLesson } from '../../../src/lessons/lesson';
import { LessonError, type Lesson } from '../../../src/lessons/types';
import { lineOf, readLessonFiles } from '../lessonFiles';

const FILE = 'lessons/01-alpha.md';

type Front = Partial<Record<'id' | 'title' | 'order' | 'summary' | 'rules' | 'prerequisites' | 'group' | 'colour', string>>;

/** Front matter, one key per line in this order (line 1 is `---`), with `undefined` leaving a key out. */
function front(overrides: Front = {}): string[] {
	const keys: Front = { id: 'alpha', title: 'Alpha', order: '1', summary: 'A small lesson.', rules: '[]', ...overrides };
	return ['---', ...Object.entries(keys).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`), '---'];
}

function lesson(frontLines: string[], ...body: string[]): string {
	return [...frontLines, ...body].join('\n') + '\n';
}

const SECTION = ['', '## One {#one}', '', 'Some text.'];

/** The LessonError that parsing throws; fails the test when it parses or throws something else. */
function parseError(text: string, file = FILE): LessonError {
	try {
		parseLesson(file, text);
	} catch (e) {
		assert.ok(e instanceof LessonError, `expected a LessonError, got ${String(e)}`);
		return e;
	}
	assert.fail('expected parseLesson to throw');
}

function assertError(text: string, line: number, problem: RegExp, file = FILE): void {
	const error = parseError(text, file);
	assert.equal(error.file, file);
	assert.equal(error.line, line, `wrong line for: ${error.problem}`);
	assert.match(error.problem, problem);
	assert.equal(error.message, `${file}:${line}: ${error.problem}`);
}

/** A lesson with one section holding one fenced example followed by its notes list. */
function withExample(info: string, code: string[], notes: string[]): string {
	return lesson(front(), ...SECTION, '', '```' + info, ...code, '```', ...notes);
}

suite('parseLesson: front matter errors', () => {
	test('missing front matter is reported at line 1', () => {
		assertError('# Alpha\n\nNo front matter here.\n', 1, /front matter missing.*`---`/);
	});

	test('unterminated front matter is reported at line 1', () => {
		assertError('---\nid: alpha\ntitle: Alpha\n\n## One {#one}\n', 1, /front matter not closed/);
	});

	test('invalid YAML is reported at the line of the YAML error in the file (not the YAML document)', () => {
		const text = lesson(front({ title: 'Alpha: a: b' }), ...SECTION);
		assertError(text, lineOf(text, 'title: Alpha: a: b'), /not valid YAML/);
		assert.equal(lineOf(text, 'title: Alpha: a: b'), 3);
	});

	test('front matter that is a list, not a mapping, is rejected', () => {
		assertError('---\n- id\n- title\n---\n\n## One {#one}\n', 2, /must be a YAML mapping/);
	});

	test('an unknown key is reported at its own line', () => {
		const text = lesson(front({ colour: 'red' }), ...SECTION);
		assertError(text, lineOf(text, 'colour: red'), /unknown front matter key `colour`/);
	});

	test('a missing title is reported (at the front matter) and an empty one at its line', () => {
		assertError(lesson(front({ title: undefined }), ...SECTION), 2, /`title` must be a non-empty string/);
		const empty = lesson(front({ title: '"   "' }), ...SECTION);
		assertError(empty, lineOf(empty, 'title: "   "'), /`title` must be a non-empty string/);
	});

	test('an id that is not kebab-case is reported at the id line', () => {
		const text = lesson(front({ id: 'Alpha_Lesson' }), ...SECTION);
		assertError(text, lineOf(text, 'id: Alpha_Lesson'), /lesson id `Alpha_Lesson` must be kebab-case/, 'lessons/01-Alpha_Lesson.md');
	});

	test('an id that does not match the file name is reported at the id line', () => {
		const text = lesson(front({ id: 'beta' }), ...SECTION);
		assertError(text, 2, /lesson id `beta` must match the file name \(`NN-beta\.md`\)/);
	});

	test('an id that is only the tail of the file name does not match it', () => {
		// `01-alpha.md` is lesson `alpha`, not `pha`; `01-event-alpha.md` is `event-alpha`, not `alpha`.
		assertError(lesson(front({ id: 'pha' }), ...SECTION), 2, /must match the file name/);
		assertError(lesson(front({ id: 'alpha' }), ...SECTION), 2, /must match the file name/, 'lessons/01-event-alpha.md');
		// The number prefix and the folder are not part of the id.
		assert.equal(parseLesson('alpha.md', lesson(front(), ...SECTION)).id, 'alpha');
		assert.equal(parseLesson('some/folder/07-alpha.md', lesson(front(), ...SECTION)).id, 'alpha');
	});

	for (const order of ['0', '-2', '1.5', '"1"', 'first']) {
		test(`order ${order} is not a positive integer`, () => {
			const text = lesson(front({ order }), ...SECTION);
			assertError(text, lineOf(text, `order: ${order}`), /`order` must be a positive integer/);
		});
	}

	test('an unknown rule id is reported at the rules line', () => {
		const text = lesson(front({ rules: '[blocking-call-in-async, sleepy-rule]' }), ...SECTION);
		assertError(text, lineOf(text, 'rules: [blocking-call-in-async, sleepy-rule]'), /unknown rule id `sleepy-rule`/);
	});

	test('rules and prerequisites must be lists of strings', () => {
		const rules = lesson(front({ rules: 'blocking-call-in-async' }), ...SECTION);
		assertError(rules, lineOf(rules, 'rules: blocking-call-in-async'), /`rules` must be a list of ids/);
		const prerequisites = lesson(front({ prerequisites: '[1, 2]' }), ...SECTION);
		assertError(prerequisites, lineOf(prerequisites, 'prerequisites: [1, 2]'), /`prerequisites` must be a list of ids/);
	});
});

suite('parseLesson: body errors', () => {
	test('a ## heading without {#anchor} is reported at the heading line', () => {
		const text = lesson(front(), '', 'Intro.', '', '## No anchor here', '', 'Text.');
		assertError(text, lineOf(text, '## No anchor here'), /section "No anchor here" needs a stable anchor.*\{#some-id\}/);
	});

	test('an anchor that is not kebab-case does not count as one', () => {
		const text = lesson(front(), '', '## Shouting {#Not_Kebab}', '', 'Text.');
		assertError(text, lineOf(text, '## Shouting {#Not_Kebab}'), /needs a stable anchor/);
	});

	test('a duplicate anchor is reported at the second heading', () => {
		const text = lesson(front(), ...SECTION, '', '## Again {#one}', '', 'Text.');
		assertError(text, lineOf(text, '## Again {#one}'), /duplicate section anchor #one/);
	});

	test('a lesson without any section is reported at the start of the body', () => {
		const text = lesson(front(), '', 'Only an intro.');
		const closingFence = text.split('\n').indexOf('---', 1) + 1;
		assertError(text, closingFence + 1, /needs at least one `## Section \{#anchor\}`/);
		assert.equal(closingFence + 1, 8);
	});

	test('an annotated example in an unknown language is reported at its fence', () => {
		const text = withExample('ruby {#rb title="Ruby"}', ['sleep 1 # <1>'], ['1. A note.']);
		assertError(text, lineOf(text, '```ruby {#rb title="Ruby"}'), /example #rb: language `ruby` is not one of python, javascript/);
	});

	test('an annotated example without a title is reported at its fence', () => {
		const text = withExample('python {#untitled}', ['x = 1'], []);
		assertError(text, lineOf(text, '```python {#untitled}'), /example #untitled needs title=/);
	});

	test('an annotated example with a bad variant is reported at its fence', () => {
		const text = withExample('python {#py title="P" variant=good}', ['x = 1'], []);
		assertError(text, lineOf(text, '```python {#py title="P" variant=good}'), /variant must be bad or fixed, not `good`/);
	});

	test('an annotated example id must be kebab-case and unique', () => {
		const upper = withExample('python {#Py title="P"}', ['x = 1'], []);
		assertError(upper, lineOf(upper, '```python {#Py title="P"}'), /example id `Py` must be kebab-case/);
		const twice = lesson(front(), ...SECTION, '', '```go {#ex title="A"}', 'x := 1', '```', '', '```go {#ex title="B"}', 'y := 2', '```');
		assertError(twice, lineOf(twice, '```go {#ex title="B"}'), /duplicate example id #ex/);
	});

	test('callouts out of order are reported at the fence', () => {
		const text = withExample('python {#py title="P"}', ['x = 1  # <2>', 'y = 2  # <1>'], ['1. one', '2. two']);
		assertError(text, lineOf(text, '```python {#py title="P"}'), /callout <2> is out of order \(expected <1>\)/);
	});

	test('more callouts than notes, or more notes than callouts, are reported at the fence', () => {
		const fewer = withExample('go {#g title="G"}', ['a := 1 // <1>', 'b := 2 // <2>'], ['1. only one note']);
		assertError(fewer, lineOf(fewer, '```go {#g title="G"}'), /example #g has 2 callouts but 1 notes/);
		const more = withExample('go {#g title="G"}', ['a := 1 // <1>'], ['1. one', '2. two']);
		assertError(more, lineOf(more, '```go {#g title="G"}'), /example #g has 1 callouts but 2 notes/);
		const none = withExample('go {#g title="G"}', ['a := 1 // <1>'], ['', 'A paragraph, not a list.']);
		assertError(none, lineOf(none, '```go {#g title="G"}'), /example #g has 1 callouts but 0 notes/);
	});

	test('errors in a later lesson part point past the front matter (body line offset)', () => {
		const text = lesson(front({ group: 'Basics', prerequisites: '[]' }), '', 'Intro line 1.', 'Intro line 2.', '', '## Bare heading');
		const error = parseError(text);
		assert.equal(error.line, 14);
		assert.equal(lineOf(text, '## Bare heading'), 14);
	});
});

suite('parseLesson: a valid lesson', () => {
	const text = lesson(
		front({ rules: '[blocking-call-in-async]', prerequisites: '[coffee-shop]', group: 'Event loops' }),
		'',
		'Intro, see [waiting](lesson:waiting#interleaving).',
		'',
		'## First part {#first}',
		'',
		'```python {#sleepy title="A sleepy handler" variant=bad}',
		'import time',
		'',
		'async def handler():  # <1>',
		'    time.sleep(1)  # <2>',
		'```',
		'1. The coroutine.',
		'2. The **blocking** call.',
		'',
		'## Second part {#second}',
		'',
		'Back to [the start](lesson:alpha) and [part one](lesson:alpha#first), [elsewhere](https://example.com).',
		'',
		'```go',
		'x := 1 // <1>',
		'```',
		'',
		'```javascript {#fixed-js title="Fixed" variant=fixed}',
		'await sleep(1); // <1>',
		'```',
		'1. Awaited.',
	);
	const parsed: Lesson = parseLesson(FILE, text);

	test('front matter fields', () => {
		assert.equal(parsed.id, 'alpha');
		assert.equal(parsed.title, 'Alpha');
		assert.equal(parsed.order, 1);
		assert.equal(parsed.summary, 'A small lesson.');
		assert.deepEqual(parsed.rules, ['blocking-call-in-async']);
		assert.deepEqual(parsed.prerequisites, ['coffee-shop']);
		assert.equal(parsed.group, 'Event loops');
		assert.equal(parsed.file, FILE);
		assert.equal(parsed.bodyLine, 10);
		assert.equal(text.split('\n')[parsed.bodyLine - 2], '---');
	});

	test('sections with titles (anchor stripped) and lines', () => {
		assert.deepEqual(parsed.sections, [
			{ id: 'first', title: 'First part', line: lineOf(text, '## First part {#first}') },
			{ id: 'second', title: 'Second part', line: lineOf(text, '## Second part {#second}') },
		]);
	});

	test('annotated examples: code without markers, notes on the right code lines; plain fences are not examples', () => {
		assert.deepEqual(parsed.examples.map((e) => e.id), ['sleepy', 'fixed-js']);
		const [sleepy, fixed] = parsed.examples;
		assert.equal(sleepy.code, 'import time\n\nasync def handler():\n    time.sleep(1)');
		assert.ok(!sleepy.code.includes('<1>') && !sleepy.code.includes('#'), 'callout markers must be removed');
		assert.deepEqual(sleepy.notes, [{ codeLine: 2, text: 'The coroutine.' }, { codeLine: 3, text: 'The **blocking** call.' }]);
		assert.equal(sleepy.code.split('\n')[sleepy.notes[1].codeLine], '    time.sleep(1)');
		assert.equal(sleepy.title, 'A sleepy handler');
		assert.equal(sleepy.language, 'python');
		assert.equal(sleepy.variant, 'bad');
		assert.equal(sleepy.section, 'first');
		assert.equal(sleepy.line, lineOf(text, '```python {#sleepy title="A sleepy handler" variant=bad}'));
		assert.deepEqual({ code: fixed.code, notes: fixed.notes, section: fixed.section, variant: fixed.variant }, { code: 'await sleep(1);', notes: [{ codeLine: 0, text: 'Awaited.' }], section: 'second', variant: 'fixed' });
	});

	test('lesson: links with their lines; other links are not collected', () => {
		assert.deepEqual(parsed.links, [
			{ lesson: 'waiting', section: 'interleaving', line: lineOf(text, 'Intro, see [waiting](lesson:waiting#interleaving).') },
			{ lesson: 'alpha', section: undefined, line: 26 },
			{ lesson: 'alpha', section: 'first', line: 26 },
		]);
		assert.equal(lineOf(text, 'Back to [the start](lesson:alpha) and [part one](lesson:alpha#first), [elsewhere](https://example.com).'), 26);
	});

	test('a byte-order mark and CRLF line endings do not change the result', () => {
		const crlf = parseLesson(FILE, '\uFEFF' + text.replace(/\n/g, '\r\n'));
		assert.deepEqual(crlf.sections, parsed.sections);
		assert.deepEqual(crlf.examples.map((e) => e.notes), parsed.examples.map((e) => e.notes));
	});
});

// --- Cross-file checks

function file(name: string, fm: Front, ...body: string[]): LessonFile {
	return { file: `lessons/${name}.md`, text: lesson(front(fm), ...(body.length ? body : SECTION)) };
}

/** Errors of a load, without the rule→lesson checks that any small in-memory course triggers. */
function contentErrors(files: LessonFile[]): LessonError[] {
	return loadLessons(files).errors.filter((e) => e.file !== 'src/analysis/rules/catalog.ts');
}

suite('loadLessons: cross-file checks', () => {
	test('a clean pair of lessons loads in order with no content errors', () => {
		const { catalog, errors } = loadLessons([file('02-beta', { id: 'beta', order: '2', prerequisites: '[alpha]' }), file('01-alpha', {})]);
		assert.deepEqual(errors.filter((e) => e.file.startsWith('lessons/')).map((e) => e.message), []);
		assert.deepEqual(catalog.lessons.map((l) => l.id), ['alpha', 'beta']);
		assert.equal(catalog.neighbour('alpha', 1)?.id, 'beta');
		assert.equal(catalog.neighbour('alpha', -1), undefined);
		assert.equal(catalog.resolve('beta#one')?.sectionTitle, 'One');
		assert.equal(catalog.resolve('beta#nope'), undefined);
	});

	test('a duplicate id names both files', () => {
		const errors = contentErrors([file('01-alpha', {}), file('02-alpha', { order: '2' })]);
		assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
		assert.equal(errors[0].file, 'lessons/02-alpha.md');
		assert.equal(errors[0].line, 2, 'the id is on line 2');
		assert.equal(errors[0].problem, 'lesson id `alpha` is also used by lessons/01-alpha.md');
	});

	test('a duplicate order names both files', () => {
		const errors = contentErrors([file('01-alpha', {}), file('01-beta', { id: 'beta' })]);
		assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'));
		assert.equal(errors[0].file, 'lessons/01-beta.md');
		assert.ok(errors[0].line >= 2 && errors[0].line <= 7, 'points into the front matter');
		assert.equal(errors[0].problem, 'order 1 is also used by lessons/01-alpha.md');
	});

	test('a missing prerequisite is reported in the lesson that needs it', () => {
		const errors = contentErrors([file('01-alpha', { prerequisites: '[nowhere]' })]);
		assert.deepEqual(errors.map((e) => [e.file, e.problem]), [['lessons/01-alpha.md', 'prerequisite `nowhere` is not a lesson id']]);
	});

	test('a broken lesson: link and a broken anchor are reported at the line of the link', () => {
		const beta = file('02-beta', { id: 'beta', order: '2' }, '', '## One {#one}', '', 'Fine: [a](lesson:alpha#one).', '', 'Missing lesson: [x](lesson:gamma).', 'Missing anchor: [y](lesson:alpha#nope).');
		const errors = contentErrors([file('01-alpha', {}), beta]);
		assert.deepEqual(errors.map((e) => [e.file, e.line, e.problem]), [
			['lessons/02-beta.md', lineOf(beta.text, 'Missing lesson: [x](lesson:gamma).'), 'broken link: lesson:gamma does not exist'],
			['lessons/02-beta.md', lineOf(beta.text, 'Missing anchor: [y](lesson:alpha#nope).'), 'broken link: lesson:alpha#nope does not exist'],
		]);
	});

	test('links in the middle of a paragraph, in a list or in a table row keep their own line', () => {
		const beta = file('02-beta', { id: 'beta', order: '2' }, '', '## One {#one}', '',
			'A paragraph that starts here,', 'continues here,', 'and breaks here: [a](lesson:alpha#gone).', '',
			'- an item', '  with [b](lesson:alpha#missing) on its second line', '',
			'| Symptom | Read |', '|---|---|', '| fine | [c](lesson:alpha#one) |', '| broken | [d](lesson:alpha#absent) |');
		const errors = contentErrors([file('01-alpha', {}), beta]);
		assert.deepEqual(errors.map((e) => [e.line, e.problem]), [
			[lineOf(beta.text, 'and breaks here: [a](lesson:alpha#gone).'), 'broken link: lesson:alpha#gone does not exist'],
			[lineOf(beta.text, '  with [b](lesson:alpha#missing) on its second line'), 'broken link: lesson:alpha#missing does not exist'],
			[lineOf(beta.text, '| broken | [d](lesson:alpha#absent) |'), 'broken link: lesson:alpha#absent does not exist'],
		]);
	});

	test('every link in the real lessons is reported on a line that contains it', () => {
		const files = readLessonFiles();
		const { catalog } = loadLessons(files);
		const links = catalog.lessons.flatMap((l) => l.links.map((link) => ({ ...link, file: l.file })));
		assert.ok(links.length >= 20, `only ${links.length} lesson: links`);
		for (const link of links) {
			const line = files.find((f) => f.file === link.file)!.text.split('\n')[link.line - 1];
			const href = `lesson:${link.lesson}${link.section ? `#${link.section}` : ''}`;
			assert.ok(line.includes(`(${href})`), `${link.file}:${link.line} does not contain ${href}: ${line}`);
		}
	});

	test('every rule must link to an existing lesson section', () => {
		const tiny = loadLessons([file('01-alpha', {})]).errors.filter((e) => e.file === 'src/analysis/rules/catalog.ts');
		assert.equal(tiny.length, RULE_IDS.length, 'one error per rule: none has a section in a course without it');
		assert.match(tiny[0].problem, /rule blocking-call-in-async links to event-loop#blocking-calls, which is not a lesson section/);
		// The real course minus the event-loop lesson: its rule and the links into it break.
		const { errors } = loadLessons(readLessonFiles().filter((f) => !f.file.endsWith('-event-loop.md')));
		assert.ok(errors.some((e) => e.file === 'src/analysis/rules/catalog.ts' && /rule blocking-call-in-async links to event-loop#blocking-calls/.test(e.problem)));
		assert.ok(errors.some((e) => e.file.startsWith('lessons/') && /broken link: lesson:event-loop/.test(e.problem)));
		assert.ok(!errors.some((e) => /rule unbounded-task-spawn/.test(e.problem)), 'other rules still resolve');
	});

	test('problems never throw: they are returned beside the lessons that parsed', () => {
		const broken: LessonFile = { file: 'lessons/03-broken.md', text: 'no front matter' };
		const notText = { file: 'lessons/04-weird.md', text: undefined } as unknown as LessonFile;
		let result: ReturnType<typeof loadLessons> | undefined;
		assert.doesNotThrow(() => {
			result = loadLessons([file('01-alpha', {}), broken, notText]);
		});
		assert.ok(result);
		assert.deepEqual(result.catalog.lessons.map((l) => l.id), ['alpha']);
		const lessonErrors = result.errors.filter((e) => e.file.startsWith('lessons/'));
		assert.deepEqual(lessonErrors.map((e) => [e.file, e.line]), [['lessons/03-broken.md', 1], ['lessons/04-weird.md', 1]]);
		assert.ok(lessonErrors.every((e) => e instanceof LessonError));
		assert.match(lessonErrors[0].problem, /front matter missing/);
	});

	test('no lessons at all: no errors and an empty catalog', () => {
		const { catalog, errors } = loadLessons([]);
		assert.deepEqual(errors, []);
		assert.equal(catalog.lessons.length, 0);
	});
});
