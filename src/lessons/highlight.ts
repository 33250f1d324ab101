import hljs from 'highlight.js/lib/core';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';
import { escapeHtml } from './html';

const LANGUAGES = { cpp, csharp, go, java, javascript, python, rust, typescript, yaml };
let registered = false;

/** highlight.js with our languages, registered on first use (registration costs milliseconds). */
function highlighter(): typeof hljs {
	if (!registered) {
		for (const [name, language] of Object.entries(LANGUAGES)) {
			hljs.registerLanguage(name, language);
		}
		registered = true;
	}
	return hljs;
}

/** Highlighted HTML (hljs class names) for a code block; plain escaped text for unknown languages. */
export function highlight(code: string, language: string): string {
	const hl = highlighter();
	return hl.getLanguage(language) ? hl.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
}

/**
 * Highlights code and splits the HTML into one string per source line, closing spans that cross a line
 * break and reopening them on the next line, so each line can sit in its own row beside its note.
 */
export function highlightLines(code: string, language: string): string[] {
	const html = highlight(code, language);
	const lines: string[] = [];
	const open: string[] = [];
	let current = '';
	for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
		if (part === '\n') {
			lines.push(current + '</span>'.repeat(open.length));
			current = open.join('');
		} else if (part.startsWith('<span')) {
			open.push(part);
			current += part;
		} else if (part === '</span>') {
			open.pop();
			current += part;
		} else {
			current += part;
		}
	}
	lines.push(current + '</span>'.repeat(open.length));
	return lines;
}
