import type MarkdownIt from 'markdown-it';
import { isRuleId } from '../analysis/rules/catalog';
import { extractCallouts, parseFenceInfo } from './fenceInfo';
import { FrontMatterError, splitFrontMatter } from './frontMatter';
import { calloutNotes, lessonMarkdown, parseLessonHref } from './markdown';
import { EXAMPLE_LANGUAGES, KEBAB_ID, LessonError, type AnnotatedExample, type ExampleLanguage, type Lesson, type LessonLink, type LessonSection } from './types';

/**
 * Parses and checks one lesson file. Every problem is a LessonError naming the file and line: content
 * mistakes surface in tests and the CLI, never as a blank panel.
 */
export function parseLesson(file: string, text: string): Lesson {
	let front;
	try {
		front = splitFrontMatter(text);
	} catch (e) {
		throw e instanceof FrontMatterError ? new LessonError(file, e.line, e.message) : e;
	}
	const { data, keyLines, body, bodyLine } = front;
	const fail = (key: string, problem: string): never => {
		throw new LessonError(file, keyLines.get(key) ?? 2, problem);
	};
	const str = (key: string): string => {
		const value = data[key];
		return typeof value === 'string' && value.trim() ? value.trim() : fail(key, `front matter \`${key}\` must be a non-empty string`);
	};
	const list = (key: string, required: boolean): string[] => {
		const value = data[key] ?? (required ? undefined : []);
		return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value) : fail(key, `front matter \`${key}\` must be a list of ids, like [a, b]`);
	};
	for (const key of Object.keys(data)) {
		if (!['id', 'title', 'order', 'summary', 'rules', 'prerequisites', 'group'].includes(key)) {
			fail(key, `unknown front matter key \`${key}\``);
		}
	}
	const id = str('id');
	if (!KEBAB_ID.test(id)) {
		fail('id', `lesson id \`${id}\` must be kebab-case`);
	}
	if (file.replace(/^.*[\\/]/, '').replace(/\.md$/, '').replace(/^\d+-/, '') !== id) {
		fail('id', `lesson id \`${id}\` must match the file name (\`NN-${id}.md\`)`);
	}
	const order = data.order;
	if (typeof order !== 'number' || !Number.isInteger(order) || order < 1) {
		fail('order', 'front matter `order` must be a positive integer');
	}
	const rules = list('rules', true);
	for (const rule of rules) {
		if (!isRuleId(rule)) {
			fail('rules', `unknown rule id \`${rule}\``);
		}
	}
	const group = data.group === undefined ? undefined : str('group');
	const lesson: Lesson = {
		id, title: str('title'), order: order as number, summary: str('summary'), rules, prerequisites: list('prerequisites', false), group,
		file, sections: [], examples: [], links: [], body, bodyLine,
	};
	readBody(lesson);
	return lesson;
}

function readBody(lesson: Lesson): void {
	const tokens = lessonMarkdown().parse(lesson.body, {});
	// Table cells have no line map: they take the line of their row, the last token that has one.
	let mappedLine = 0;
	const lineOf = (token: MarkdownIt.Token) => lesson.bodyLine + (token.map?.[0] ?? mappedLine);
	let section = '';
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i];
		mappedLine = token.map?.[0] ?? mappedLine;
		if (token.type === 'heading_open' && token.tag === 'h2') {
			// The Markdown core rule has already moved `{#anchor}` from the text to the heading's id.
			const anchor = token.attrGet('id');
			const title = tokens[i + 1].content.trim();
			if (!anchor) {
				throw new LessonError(lesson.file, lineOf(token), `section "${title}" needs a stable anchor: end the heading with {#some-id}`);
			}
			if (lesson.sections.some((s) => s.id === anchor)) {
				throw new LessonError(lesson.file, lineOf(token), `duplicate section anchor #${anchor}`);
			}
			section = anchor;
			lesson.sections.push({ id: anchor, title, line: lineOf(token) } satisfies LessonSection);
		} else if (token.type === 'fence') {
			const example = readExample(lesson, tokens, i, section);
			if (example) {
				lesson.examples.push(example);
			}
		} else if (token.type === 'inline') {
			// A paragraph spans lines: each line break before the link moves it one line down.
			let breaks = 0;
			for (const child of token.children ?? []) {
				breaks += child.type === 'softbreak' || child.type === 'hardbreak' ? 1 : 0;
				const href = child.type === 'link_open' ? child.attrGet('href') : null;
				const target = href ? parseLessonHref(href) : undefined;
				if (target) {
					lesson.links.push({ ...target, line: lineOf(token) + breaks } satisfies LessonLink);
				}
			}
		}
	}
	if (lesson.sections.length === 0) {
		throw new LessonError(lesson.file, lesson.bodyLine, 'a lesson needs at least one `## Section {#anchor}`');
	}
}

function readExample(lesson: Lesson, tokens: MarkdownIt.Token[], index: number, section: string): AnnotatedExample | undefined {
	const fence = tokens[index];
	const line = lesson.bodyLine + (fence.map?.[0] ?? 0);
	const fail = (problem: string): never => {
		throw new LessonError(lesson.file, line, problem);
	};
	const info = parseFenceInfo(fence.info);
	if (!info?.id) {
		return undefined;
	}
	if (!EXAMPLE_LANGUAGES.includes(info.language as ExampleLanguage)) {
		fail(`example #${info.id}: language \`${info.language}\` is not one of ${EXAMPLE_LANGUAGES.join(', ')}`);
	}
	if (!KEBAB_ID.test(info.id)) {
		fail(`example id \`${info.id}\` must be kebab-case`);
	}
	if (lesson.examples.some((e) => e.id === info.id)) {
		fail(`duplicate example id #${info.id}`);
	}
	const title = info.attributes.title ?? fail(`example #${info.id} needs title="…"`);
	const variant = info.attributes.variant;
	if (variant !== undefined && variant !== 'bad' && variant !== 'fixed') {
		fail(`example #${info.id}: variant must be bad or fixed, not \`${variant}\``);
	}
	const { code, markers } = extractCallouts(fence.content);
	markers.forEach((m, i) => m.number !== i + 1 && fail(`example #${info.id}: callout <${m.number}> is out of order (expected <${i + 1}>)`));
	const notes = calloutNotes(fence);
	if (notes.length !== markers.length) {
		fail(`example #${info.id} has ${markers.length} callouts but ${notes.length} notes in the list after it`);
	}
	return {
		id: info.id, title, language: info.language as ExampleLanguage, variant: variant as AnnotatedExample['variant'], code, section, line,
		notes: markers.map((m, i) => ({ codeLine: m.codeLine, text: notes[i] })),
	};
}
