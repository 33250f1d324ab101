/** The parts of a fence info string such as `python {#sleep-bad title="A sleep" variant=bad}`. */
export interface FenceInfo {
	language: string;
	id?: string;
	attributes: Record<string, string>;
}

const INFO = /^([\w+-]+)?\s*(?:\{([^}]*)\})?\s*$/;
const ATTRIBUTE = /#([\w-]+)|([\w-]+)=(?:"([^"]*)"|([^\s"]+))/g;

/** Parses a fence info string; undefined when it has text outside the `{…}` attributes. */
export function parseFenceInfo(info: string): FenceInfo | undefined {
	const match = INFO.exec(info.trim());
	if (!match) {
		return undefined;
	}
	const attributes: Record<string, string> = {};
	let id: string | undefined;
	for (const attr of (match[2] ?? '').matchAll(ATTRIBUTE)) {
		if (attr[1]) {
			id = attr[1];
		} else {
			attributes[attr[2]] = attr[3] ?? attr[4];
		}
	}
	return { language: match[1] ?? '', id, attributes };
}

/** `// <2>` or `# <2>` at the end of a code line: a numbered callout. */
const CALLOUT = /\s*(?:#|\/\/)\s*<(\d+)>\s*$/;

export interface Callouts {
	/** The code without callout markers. */
	code: string;
	/** Callout number → 0-based code line, in order of appearance. */
	markers: { number: number; codeLine: number }[];
}

export function extractCallouts(code: string): Callouts {
	const markers: Callouts['markers'] = [];
	const lines = code.replace(/\n$/, '').split('\n').map((line, codeLine) => {
		const match = CALLOUT.exec(line);
		if (!match) {
			return line;
		}
		markers.push({ number: Number(match[1]), codeLine });
		return line.slice(0, match.index);
	});
	return { code: lines.join('\n'), markers };
}
