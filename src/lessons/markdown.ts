import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { labBlockHtml } from '../labs/html';
import { renderDiagram, validateDiagram } from './diagrams';
import { parseFenceInfo } from './fenceInfo';
import { highlight, highlightLines } from './highlight';
import { escapeHtml } from './html';
import type { AnnotatedExample, Lesson } from './types';

/** What the renderer needs from the caller: the parsed lesson, for its examples. */
export interface RenderEnv {
	lesson: Lesson;
	/** Counts diagrams so their SVG ids are unique on the page. */
	diagrams?: number;
}

const ANCHOR = /\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;

/** `Blocking calls {#blocking-calls}` → anchor `blocking-calls`, title `Blocking calls`. */
export function headingAnchor(content: string): { anchor?: string; title: string } {
	const match = ANCHOR.exec(content);
	return match ? { anchor: match[1], title: content.slice(0, match.index).trim() } : { title: content.trim() };
}

/** `lesson:event-loop#blocking-calls` → `{ lesson: 'event-loop', section: 'blocking-calls' }`. */
export function parseLessonHref(href: string): { lesson: string; section?: string } | undefined {
	const match = /^lesson:([a-z0-9-]+)(?:#([a-z0-9-]+))?$/.exec(href);
	return match ? { lesson: match[1], section: match[2] } : undefined;
}

let instance: MarkdownIt | undefined;

/**
 * The one Markdown renderer for lessons: raw HTML off (so lesson text cannot inject markup), headings take
 * their `{#anchor}` as id, `lesson:` links become in-panel navigation, fences become highlighted code,
 * annotated examples, SVG diagrams or labs (```lab fences naming a bundled experiment).
 */
export function lessonMarkdown(): MarkdownIt {
	if (instance) {
		return instance;
	}
	const md = new MarkdownIt({ html: false, linkify: false, typographer: true });
	md.validateLink = (url) => /^(?:https?:|lesson:|#)/i.test(url.trim());
	md.core.ruler.push('lesson_anchors', headingIds);
	md.core.ruler.push('annotated_examples', moveCalloutLists);
	md.renderer.rules.fence = (tokens, index, _options, env: RenderEnv) => renderFence(md, tokens[index].info, tokens[index].content, env);
	const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
	md.renderer.rules.link_open = (tokens, index, options, env, self) => {
		const token = tokens[index];
		const target = parseLessonHref(token.attrGet('href') ?? '');
		if (target) {
			token.attrSet('data-lesson', target.lesson);
			if (target.section) {
				token.attrSet('data-section', target.section);
			}
			token.attrSet('href', `#${target.section ?? ''}`);
		} else if (/^https?:/i.test(token.attrGet('href') ?? '')) {
			token.attrSet('data-external', 'true');
		}
		return defaultLinkOpen(tokens, index, options, env, self);
	};
	md.renderer.rules.table_open = () => '<div class="table-wrap"><table>\n';
	md.renderer.rules.table_close = () => '</table></div>\n';
	instance = md;
	return md;
}

function headingIds(state: MarkdownIt.StateCore): void {
	const tokens = state.tokens;
	for (let i = 0; i < tokens.length; i++) {
		if (tokens[i].type !== 'heading_open') {
			continue;
		}
		const inline = tokens[i + 1];
		const { anchor } = headingAnchor(inline.content);
		if (!anchor) {
			continue;
		}
		tokens[i].attrSet('id', anchor);
		inline.content = inline.content.replace(ANCHOR, '');
		const last = inline.children?.[inline.children.length - 1];
		if (last?.type === 'text') {
			last.content = last.content.replace(ANCHOR, '');
		}
	}
}

/**
 * The ordered list after an annotated example holds its callout notes: they move into the fence token's
 * `meta.notes` (read them with `calloutNotes`) and the example renders them beside the code.
 */
function moveCalloutLists(state: MarkdownIt.StateCore): void {
	const tokens = state.tokens;
	for (let i = 0; i < tokens.length; i++) {
		if (tokens[i].type !== 'fence' || !parseFenceInfo(tokens[i].info)?.id || tokens[i + 1]?.type !== 'ordered_list_open') {
			continue;
		}
		tokens[i].meta = { notes: listItems(tokens, i + 1) };
		let end = i + 1;
		let depth = 0;
		for (; end < tokens.length; end++) {
			depth += tokens[end].type === 'ordered_list_open' ? 1 : tokens[end].type === 'ordered_list_close' ? -1 : 0;
			if (depth === 0) {
				break;
			}
		}
		tokens.splice(i + 1, end - i);
	}
}

/** The callout notes that followed an annotated example's fence, in order. */
export function calloutNotes(fence: MarkdownIt.Token): string[] {
	return (fence.meta as { notes?: string[] } | null)?.notes ?? [];
}

/** The text of each top-level item of the ordered list opening at `index`. */
function listItems(tokens: MarkdownIt.Token[], index: number): string[] {
	const items: string[] = [];
	let depth = 0;
	for (let i = index; i < tokens.length; i++) {
		const type = tokens[i].type;
		depth += type === 'ordered_list_open' || type === 'bullet_list_open' ? 1 : type === 'ordered_list_close' || type === 'bullet_list_close' ? -1 : 0;
		if (depth === 0) {
			break;
		}
		if (type === 'list_item_open' && depth === 1) {
			items.push(tokens[i + 2]?.type === 'inline' ? tokens[i + 2].content : '');
		}
	}
	return items;
}

function renderFence(md: MarkdownIt, info: string, content: string, env: RenderEnv): string {
	const fence = parseFenceInfo(info);
	if (fence?.language === 'diagram') {
		const key = `diagram-${(env.diagrams = (env.diagrams ?? 0) + 1)}`;
		try {
			return renderDiagram(validateDiagram(parseYaml(content)), key);
		} catch (e) {
			return `<div class="render-error" role="alert">Diagram could not be drawn: ${escapeHtml((e as Error).message)}</div>`;
		}
	}
	if (fence?.language === 'lab') {
		return labBlockHtml(content.trim());
	}
	const example = fence?.id ? env.lesson.examples.find((e) => e.id === fence.id) : undefined;
	if (example) {
		return renderExample(md, example);
	}
	const language = fence?.language ?? '';
	return `<pre class="code-block"><code class="hljs language-${escapeHtml(language)}">${highlight(content.replace(/\n$/, ''), language)}</code></pre>\n`;
}

const VARIANT_BADGE = { bad: 'The mistake', fixed: 'The fix' } as const;

/** Side-by-side annotated source: numbered code lines on the left, the notes beside their lines. */
export function renderExample(md: MarkdownIt, example: AnnotatedExample): string {
	const lines = highlightLines(example.code, example.language);
	const noteByLine = new Map(example.notes.map((n, i) => [n.codeLine, i + 1]));
	const noteId = (n: number) => `${example.id}-note-${n}`;
	const rows = lines.map((html, i) => {
		const n = noteByLine.get(i);
		const callout = n ? `<a class="callout" href="#${noteId(n)}" aria-label="note ${n}">${n}</a>` : '';
		return `<div class="code-line${n ? ' has-note' : ''}" data-line="${i + 1}"><span class="line-number" aria-hidden="true">${i + 1}</span><code>${html || ' '}</code>${callout}</div>`;
	});
	const notes = example.notes.map((note, i) => `<li id="${noteId(i + 1)}" value="${i + 1}" data-line="${note.codeLine + 1}">${md.renderInline(note.text)}</li>`);
	const variant = example.variant ? `<span class="badge badge-${example.variant}">${VARIANT_BADGE[example.variant]}</span>` : '';
	return [
		`<figure class="example${example.variant ? ` example-${example.variant}` : ''}" id="example-${example.id}" data-example="${example.id}">`,
		`<figcaption>${variant}<span class="example-title">${escapeHtml(example.title)}</span>`,
		`<span class="example-language">${escapeHtml(example.language)}</span>`,
		`<button class="open-example" type="button" data-example="${example.id}" title="Open this example in an editor, with its notes and the analyzer's findings">Open in editor</button></figcaption>`,
		`<div class="annotated"><div class="code hljs language-${example.language}" role="group" aria-label="${escapeHtml(example.title)}, ${lines.length} lines">${rows.join('')}</div>`,
		notes.length ? `<ol class="notes" aria-label="Notes">${notes.join('')}</ol>` : '',
		'</div></figure>\n',
	].join('');
}
