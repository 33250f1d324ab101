import assert from 'node:assert/strict';
import { highlight, highlightLines } from '../../../src/lessons/highlight';
import { escapeHtml } from '../../../src/lessons/html';
import { parseLesson } from '../../../src/lessons/lesson';
import { renderLessonBody } from '../../../src/lessons/render';

const FRONT = ['---', 'id: alpha', 'title: Alpha', 'order: 1', 'summary: S', 'rules: []', '---', ''];

function render(...body: string[]): string {
	return renderLessonBody(parseLesson('lessons/01-alpha.md', [...FRONT, '## One {#one}', '', ...body].join('\n') + '\n'));
}

/** Opening tags of `tag` in `html`, e.g. every `<a …>`. */
function tags(html: string, tag: string): string[] {
	return html.match(new RegExp(`<${tag}\\b[^>]*>`, 'g')) ?? [];
}

function unescapeHtml(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The text a line of highlighted HTML shows. */
function textOf(html: string): string {
	return unescapeHtml(html.replace(/<[^>]*>/g, ''));
}

/** Checks spans open and close in order on one line: never closing more than is open, none left open. */
function assertBalanced(line: string, where: string): void {
	let depth = 0;
	for (const tag of line.match(/<span[^>]*>|<\/span>/g) ?? []) {
		depth += tag === '</span>' ? -1 : 1;
		assert.ok(depth >= 0, `${where}: closes a span that is not open: ${line}`);
	}
	assert.equal(depth, 0, `${where}: leaves ${depth} span(s) open: ${line}`);
	assert.equal((line.match(/<span/g) ?? []).length, (line.match(/<\/span>/g) ?? []).length, where);
}

suite('Lesson rendering: untrusted markup', () => {
	test('raw HTML in lesson text comes out escaped, never as markup', () => {
		const html = render('Text <script>alert(1)</script> and <img src=x onerror=alert(2)> here.', '', '<div onclick="steal()">block html</div>');
		assert.equal(tags(html, 'script').length, 0);
		assert.equal(tags(html, 'img').length, 0);
		assert.equal(tags(html, 'div').length, 0);
		assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), html);
		assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'), html);
		assert.ok(html.includes('&lt;div onclick='), html);
		assert.ok(!/<[a-z]+[^>]*\son\w+=/i.test(html), 'no element carries an inline event handler');
	});

	test('raw HTML in callout notes and example titles is escaped too', () => {
		const html = render('```python {#ex title="<img src=x onerror=alert(1)>"}', 'x = 1  # <1>', '```', '1. Note with <b onmouseover=alert(2)>bold</b>.');
		assert.equal(tags(html, 'img').length, 0);
		assert.equal(tags(html, 'b').length, 0);
		assert.ok(html.includes('<span class="example-title">&lt;img src=x onerror=alert(1)&gt;</span>'), html);
		assert.ok(html.includes('Note with &lt;b onmouseover=alert(2)&gt;bold&lt;/b&gt;.'), html);
	});

	test('javascript:, data: and vbscript: links are not links, in any spelling or form', () => {
		const html = render(
			'[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](data:text/html;base64,PHNjcmlwdD4=) [d](vbscript:msgbox)',
			'',
			'<javascript:alert(3)> and [ref][r] and ![img](javascript:alert(4))',
			'',
			'[r]: javascript:alert(5)',
		);
		assert.deepEqual(tags(html, 'a'), []);
		assert.deepEqual(tags(html, 'img'), []);
		assert.ok(!/href="(?:javascript|data|vbscript):/i.test(html));
		assert.ok(html.includes('[a](javascript:alert(1))'), 'the link text stays visible as text');
	});

	test('http(s) links stay links, marked external', () => {
		const html = render('[docs](https://nodejs.org/api/) and [plain](http://example.com)');
		assert.deepEqual(tags(html, 'a'), ['<a href="https://nodejs.org/api/" data-external="true">', '<a href="http://example.com" data-external="true">']);
	});

	test('lesson: links become in-panel anchors with data-lesson and data-section', () => {
		const html = render('See [the loop](lesson:event-loop#blocking-calls), [waiting](lesson:waiting) and [below](#one).');
		assert.deepEqual(tags(html, 'a'), [
			'<a href="#blocking-calls" data-lesson="event-loop" data-section="blocking-calls">',
			'<a href="#" data-lesson="waiting">',
			'<a href="#one">',
		]);
		assert.ok(!html.includes('lesson:'), 'no raw lesson: URL is left for the webview to follow');
	});
});

suite('Lesson rendering: structure', () => {
	test('headings get their anchor as id and lose the {#anchor} text', () => {
		const html = render('Text.', '', '## Second part {#second}', '', '### A detail {#detail}', '', '### No anchor');
		assert.ok(html.includes('<h2 id="one">One</h2>'), html);
		assert.ok(html.includes('<h2 id="second">Second part</h2>'), html);
		assert.ok(html.includes('<h3 id="detail">A detail</h3>'), html);
		assert.ok(html.includes('<h3>No anchor</h3>'), html);
		assert.ok(!html.includes('{#'), 'no anchor syntax leaks into the page');
	});

	test('an annotated example: one .code-line per line, callout badges, notes pointing at their lines', () => {
		const code = ['import time', '', 'async def handler():  # <1>', '    x = 1', '    time.sleep(1)  # <2>', '    return x'];
		const html = render('```python {#sleepy title="Sleepy" variant=bad}', ...code, '```', '1. The coroutine.', '2. The **blocking** call.', '', 'After.');
		const rows = html.match(/<div class="code-line[^"]*" data-line="\d+">.*?<\/div>/g) ?? [];
		assert.equal(rows.length, code.length);
		rows.forEach((row, i) => assert.ok(row.includes(`data-line="${i + 1}"><span class="line-number" aria-hidden="true">${i + 1}</span>`), row));
		// The callout markers are gone from the code; the badges sit on lines 3 and 5.
		assert.ok(!html.includes('# &lt;1&gt;') && !html.includes('# <1>'));
		const withNote = rows.map((row, i) => [i + 1, /class="code-line has-note"/.test(row), /<a class="callout" href="#sleepy-note-(\d)"/.exec(row)?.[1]]);
		assert.deepEqual(withNote.filter(([, has]) => has), [[3, true, '1'], [5, true, '2']]);
		assert.equal(tags(html, 'a').filter((a) => a.includes('class="callout"')).length, 2);
		// The notes list moved beside the code: it is no longer a list after the figure.
		const notes = /<ol class="notes" aria-label="Notes">(.*?)<\/ol>/.exec(html)?.[1];
		assert.ok(notes, html);
		assert.deepEqual(tags(notes, 'li'), ['<li id="sleepy-note-1" value="1" data-line="3">', '<li id="sleepy-note-2" value="2" data-line="5">']);
		assert.ok(notes.includes('The <strong>blocking</strong> call.'));
		assert.equal(tags(html, 'ol').length, 1);
		assert.ok(html.indexOf('</figure>') < html.indexOf('<p>After.</p>'));
		assert.ok(html.includes('<span class="badge badge-bad">The mistake</span>'));
		assert.ok(html.includes('aria-label="Sleepy, 6 lines"'));
	});

	test('example code is highlighted with hljs spans and its text is the code without markers', () => {
		const html = render('```go {#spawn title="Spawn"}', 'for _, u := range urls { // <1>', '\tgo fetch(u)', '}', '```', '1. The loop.');
		const lines = [...html.matchAll(/<span class="line-number" aria-hidden="true">\d+<\/span><code>(.*?)<\/code>/g)].map((m) => m[1]);
		assert.equal(lines.length, 3);
		assert.ok(lines[0].includes('<span class="hljs-keyword">for</span>'), lines[0]);
		assert.deepEqual(lines.map(textOf), ['for _, u := range urls {', '\tgo fetch(u)', '}']);
	});

	test('fenced code without {#id} is highlighted but not annotated', () => {
		const html = render('```go', 'x := 1 // <1>', '```', '1. Just a list, not notes.');
		assert.ok(html.includes('<pre class="code-block"><code class="hljs language-go">x := <span class="hljs-number">1</span> <span class="hljs-comment">// &lt;1&gt;</span></code></pre>'), html);
		assert.ok(!html.includes('code-line'));
		assert.ok(!html.includes('class="notes"'));
		assert.ok(html.includes('<ol>\n<li>Just a list, not notes.</li>\n</ol>'), 'the list after a plain fence stays in place');
	});

	test('a fence in an unknown language is escaped plain text', () => {
		const html = render('```ruby', 'puts "<b>hi</b>"', '```');
		assert.ok(html.includes('<code class="hljs language-ruby">puts &quot;&lt;b&gt;hi&lt;/b&gt;&quot;</code>'), html);
	});

	test('a malformed diagram renders a visible error box instead of throwing', () => {
		let html = '';
		assert.doesNotThrow(() => {
			html = render('```diagram', 'type: timeline', 'title: Broken', 'lanes:', '  - label: L', '    segments:', '      - { task: A, from: 5, to: 1, state: work }', '```', '', 'After.');
		});
		assert.ok(html.includes('<div class="render-error" role="alert">Diagram could not be drawn: lanes[0].segments[0]: `to` must be greater than `from`</div>'), html);
		assert.ok(html.includes('<p>After.</p>'), 'the rest of the lesson still renders');
		const yaml = render('```diagram', 'type: [unclosed', '```');
		assert.match(yaml, /<div class="render-error" role="alert">Diagram could not be drawn: [^<]*unclosed[^<]*<\/div>/);
	});

	test('diagrams on one page get distinct ids', () => {
		const diagram = ['```diagram', 'type: bars', 'title: B', 'bars:', '  - { label: x, value: 1 }', '```', ''];
		const html = render(...diagram, ...diagram);
		assert.deepEqual(tags(html, 'title').flatMap((t) => /id="([^"]+)"/.exec(t)?.[1] ?? []), ['diagram-1-title', 'diagram-2-title']);
	});
});

suite('highlightLines', () => {
	const cases: { language: string; code: string }[] = [
		{ language: 'python', code: 'def f():\n    """A docstring\n    over three\n    lines."""\n    s = f"{x!r} and {\n  y}"\n    return 1  # done' },
		{ language: 'javascript', code: '/* a block\n * comment */\nconst s = `line one\n${a + `nested\n${b}`}\nend`;\nconst re = /x/g;' },
		{ language: 'typescript', code: 'const t: string = `a\nb`;\n/**\n * @param x doc\n */\nfunction f(x: number): void {}' },
		{ language: 'go', code: 'var s = `raw\nstring`\n/* c\n */\nfunc main() {}' },
		{ language: 'rust', code: 'let s = r#"raw\n"string"#;\n/* outer /* inner\n */ */\nfn main() {}' },
		{ language: 'csharp', code: 'var s = @"verbatim\n""quoted""\nend";\nvar t = $"""\n  {x}\n  """;' },
		{ language: 'java', code: 'String s = """\n    text block\n    """;\n/* c\n */ int x = 1;' },
		{ language: 'cpp', code: 'auto s = R"(raw\nstring)";\n/* c\n */\n#include <vector>' },
	];

	for (const { language, code } of cases) {
		test(`${language}: spans that cross lines are closed and reopened, so every line is balanced`, () => {
			const lines = highlightLines(code, language);
			assert.equal(lines.length, code.split('\n').length);
			lines.forEach((line, i) => assertBalanced(line, `${language} line ${i + 1}`));
			assert.deepEqual(lines.map(textOf), code.split('\n'), 'the text of each line is unchanged');
			assert.ok(lines.some((l) => l.includes('<span class="hljs-')), 'highlighted');
		});
	}

	test('a multi-line string keeps its class on every line it spans', () => {
		const lines = highlightLines('x = """a\nb\nc"""\ny = 1', 'python');
		assert.deepEqual(lines, [
			'x = <span class="hljs-string">&quot;&quot;&quot;a</span>',
			'<span class="hljs-string">b</span>',
			'<span class="hljs-string">c&quot;&quot;&quot;</span>',
			'y = <span class="hljs-number">1</span>',
		]);
	});

	test('nested spans reopen outermost first', () => {
		const lines = highlightLines('const s = `a\n${b}\nc`;', 'javascript');
		assert.equal(lines[1], '<span class="hljs-string"><span class="hljs-subst">${b}</span></span>');
		assert.equal(lines[2], '<span class="hljs-string">c`</span>;');
	});

	test('joining the lines with the spans removed gives back the whole highlighted text', () => {
		const code = 'async def f():\n    """doc\n    string"""\n    await g()';
		assert.equal(highlightLines(code, 'python').map(textOf).join('\n'), textOf(highlight(code, 'python')));
	});

	test('unknown languages are escaped plain text, one entry per line, with empty lines kept', () => {
		assert.deepEqual(highlightLines('a <b>\n\n"c" & d', 'cobol'), ['a &lt;b&gt;', '', '&quot;c&quot; &amp; d']);
		assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
	});
});
