import type { LanguageId } from '../src/analysis/types';

// Generated worst cases for the analyzer: deep nesting with a site at every level, the same inside a loop,
// many sites on one long line, many small functions, each grown to a requested size. The unit tests check
// the findings (one per site) and `npm run bench` times them at growing sizes: cost must grow linearly.

export type Shape = 'nested-sites' | 'nested-in-loop' | 'long-line' | 'many-functions';
export const SHAPES: readonly Shape[] = ['nested-sites', 'nested-in-loop', 'long-line', 'many-functions'];

interface Template {
	/** Imports the file starts with. */
	prelude: string;
	/** The function around the sites; `@` is where they go. */
	wrap: string;
	/** One flagged site, standing alone as a statement. */
	site: string;
	/** A block holding more code at one level deeper (`@` again); indentation-sensitive languages indent it. */
	nest: string;
	/** One small function holding a site, for `many-functions` (`#` is its index). */
	fn: string;
	loop: string;
	indent?: boolean;
	/** Functions must live in a class (Java, C#). */
	inClass?: boolean;
}

const braces = (t: Omit<Template, 'nest'>): Template => ({ nest: 'if (x) {\n@\n}', ...t });

// TSX shares the TypeScript engine; its grammar is exercised by the fixtures.
const TEMPLATES: Record<Exclude<LanguageId, 'tsx'>, Template> = {
	python: {
		prelude: 'import time\n',
		wrap: 'async def handler(x, urls):\n@\n',
		site: 'time.sleep(1)',
		nest: 'if x:\n@',
		fn: 'async def handler#(x):\n    time.sleep(1)\n',
		loop: 'for url in urls:\n@',
		indent: true,
	},
	javascript: braces({
		prelude: "const fs = require('fs');\n",
		wrap: 'async function handler(x, urls) {\n@\n}\n',
		site: "fs.readFileSync('a');",
		fn: "async function handler#(x) {\n\tfs.readFileSync('a');\n}\n",
		loop: 'for (const url of urls) {\n@\n}',
	}),
	typescript: braces({
		prelude: "import * as fs from 'fs';\n",
		wrap: 'async function handler(x: boolean, urls: string[]): Promise<void> {\n@\n}\n',
		site: "fs.readFileSync('a');",
		fn: "async function handler#(x: boolean): Promise<void> {\n\tfs.readFileSync('a');\n}\n",
		loop: 'for (const url of urls) {\n@\n}',
	}),
	go: {
		prelude: 'package main\n',
		wrap: 'func run(x bool, items []int) {\n\tfor _, it := range items {\n@\n\t}\n}\n',
		site: 'go work(it)',
		nest: 'if x {\n@\n}',
		fn: 'func run#(items []int) {\n\tfor _, it := range items {\n\t\tgo work(it)\n\t}\n}\n',
		loop: 'for _, it := range items {\n@\n}',
	},
	rust: braces({
		prelude: 'use std::time::Duration;\n',
		wrap: 'async fn handler(x: bool, items: Vec<u32>) {\n@\n}\n',
		site: 'std::thread::sleep(D);',
		fn: 'async fn handler#(x: bool) {\n    std::thread::sleep(D);\n}\n',
		loop: 'for it in items.iter() {\n@\n}',
	}),
	java: braces({
		prelude: 'import java.util.List;\n',
		wrap: 'class Jobs {\n  void run(boolean x, List<Item> items) {\n    for (Item it : items) {\n@\n    }\n  }\n}\n',
		site: 'new Thread(() -> work(it)).start();',
		fn: '  void run#(List<Item> items) {\n    for (Item it : items) {\n      new Thread(() -> work(it)).start();\n    }\n  }\n',
		loop: 'for (Item it : items) {\n@\n}',
		inClass: true,
	}),
	csharp: braces({
		prelude: 'using System.Threading;\n',
		wrap: 'class Jobs {\n  async Task Handler(bool x, List<int> items) {\n@\n  }\n}\n',
		site: 'Thread.Sleep(10);',
		fn: '  async Task Handler#(bool x) {\n    Thread.Sleep(10);\n  }\n',
		loop: 'foreach (var it in items) {\n@\n}',
		inClass: true,
	}),
	cpp: braces({
		prelude: '#include <thread>\n',
		wrap: 'void run(bool x, const std::vector<int>& items) {\n  for (int it : items) {\n@\n  }\n}\n',
		site: 'std::thread(work, it).detach();',
		fn: 'void run#(const std::vector<int>& items) {\n  for (int it : items) {\n    std::thread(work, it).detach();\n  }\n}\n',
		loop: 'for (int it : items) {\n@\n}',
	}),
};

/** Templates whose wrapper is already a loop over the input (spawn rules): `nested-in-loop` adds nothing. */
const LOOPED_WRAP = new Set<LanguageId>(['go', 'java', 'cpp']);

export interface Generated {
	text: string;
	/** How many findings a correct analysis reports: one per site. */
	sites: number;
}

function indentLines(text: string, by: string): string {
	return text
		.split('\n')
		.map((line) => (line ? by + line : line))
		.join('\n');
}

/** `levels` nested blocks, each holding a site then the next level. */
function nested(t: Template, levels: number): string {
	let inner = t.site;
	for (let level = 0; level < levels; level++) {
		const body = t.indent ? indentLines(`${t.site}\n${inner}`, '    ') : `${t.site}\n${inner}`;
		inner = t.nest.replace('@', () => body);
	}
	return inner;
}

function place(t: Template, body: string): string {
	return t.prelude + '\n' + t.wrap.replace('@', () => (t.indent ? indentLines(body, '    ') : body));
}

/** A file of at most `bytes` (and close to it) in the given shape. */
export function generate(languageId: keyof typeof TEMPLATES, shape: Shape, bytes: number): Generated {
	const t = TEMPLATES[languageId];
	// `make(n)` holds `sites(n)` sites; n is the largest that fits in `bytes` (indented nests grow faster than n).
	const grow = (make: (n: number) => string, sites: (n: number) => number): Generated => {
		let [low, high] = [1, 2];
		while (make(high).length <= bytes) {
			[low, high] = [high, high * 2];
		}
		while (high - low > 1) {
			const mid = Math.floor((low + high) / 2);
			[low, high] = make(mid).length <= bytes ? [mid, high] : [low, mid];
		}
		return { text: make(low), sites: sites(low) };
	};
	switch (shape) {
		case 'nested-sites':
			return grow(
				(n) => place(t, nested(t, n)),
				(n) => n + 1,
			);
		case 'nested-in-loop': {
			const loop = (n: number) => {
				const inner = nested(t, n);
				return LOOPED_WRAP.has(languageId) ? inner : t.loop.replace('@', () => (t.indent ? indentLines(inner, '    ') : inner));
			};
			return grow(
				(n) => place(t, loop(n)),
				(n) => n + 1,
			);
		}
		case 'long-line': {
			const sep = languageId === 'python' || languageId === 'go' ? '; ' : ' ';
			return grow(
				(n) => place(t, Array<string>(n).fill(t.site).join(sep)),
				(n) => n,
			);
		}
		case 'many-functions': {
			const fns = (n: number) => Array.from({ length: n }, (_, i) => t.fn.replace('#', String(i))).join('\n');
			return grow(
				(n) => `${t.prelude}\n${t.inClass ? `class Jobs {\n${fns(n)}}\n` : fns(n)}`,
				(n) => n,
			);
		}
	}
}

export const ADVERSARIAL_LANGUAGES = Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[];
