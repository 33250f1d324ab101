import { isMap, LineCounter, parseDocument } from 'yaml';

/** A front-matter problem at a 1-based line of the file. */
export class FrontMatterError extends Error {
	constructor(readonly line: number, message: string) {
		super(message);
	}
}

export interface FrontMatter {
	data: Record<string, unknown>;
	/** 1-based line of each top-level key, for errors that point at the right line. */
	keyLines: Map<string, number>;
	body: string;
	/** 1-based line where the body starts. */
	bodyLine: number;
}

/**
 * Splits `---`-fenced YAML front matter from a Markdown body. Throws FrontMatterError (with the 1-based
 * line in the file) when it is missing, unterminated or not a YAML mapping.
 */
export function splitFrontMatter(text: string): FrontMatter {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	if (lines[0]?.trim() !== '---') {
		throw new FrontMatterError(1, 'front matter missing: the file must start with a line `---`');
	}
	const end = lines.indexOf('---', 1);
	if (end < 0) {
		throw new FrontMatterError(1, 'front matter not closed: add a line `---` after it');
	}
	const lineCounter = new LineCounter();
	const yaml = lines.slice(1, end).join('\n');
	const doc = parseDocument(yaml, { lineCounter, prettyErrors: false });
	if (doc.errors.length > 0) {
		const error = doc.errors[0];
		const pos = lineCounter.linePos(error.pos[0]);
		throw new FrontMatterError(pos.line + 1, `front matter is not valid YAML: ${error.message.split('\n')[0]}`);
	}
	if (!isMap(doc.contents)) {
		throw new FrontMatterError(2, 'front matter must be a YAML mapping of keys to values');
	}
	const keyLines = new Map<string, number>();
	for (const item of doc.contents.items) {
		const key = item.key as { value?: unknown; range?: [number, number, number] } | null;
		if (key && typeof key.value === 'string' && key.range) {
			keyLines.set(key.value, lineCounter.linePos(key.range[0]).line + 1);
		}
	}
	return { data: doc.toJS() as Record<string, unknown>, keyLines, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}
