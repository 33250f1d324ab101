export interface Page {
	path: string;
	title: string;
	links: number;
}

const LIMIT = 10;

async function fetchPage(baseUrl: string, path: string): Promise<Page> {
	const response = await fetch(baseUrl + path);
	if (!response.ok) {
		throw new Error(`${path}: HTTP ${response.status}`);
	}
	return (await response.json()) as Page;
}

/** Fetches every path from baseUrl; resolves the pages in the order of `paths`, with at most 10 requests in flight. */
export async function crawl(baseUrl: string, paths: string[]): Promise<Page[]> {
	const pages: Page[] = new Array(paths.length);
	let next = 0;
	// LIMIT workers share one queue (the index): each has one request in flight, so LIMIT in all.
	// Taking the index happens between awaits, so no two workers can take the same one.
	async function worker(): Promise<void> {
		while (next < paths.length) {
			const i = next++;
			pages[i] = await fetchPage(baseUrl, paths[i]);
		}
	}
	await Promise.all(Array.from({ length: Math.min(LIMIT, paths.length) }, worker));
	return pages;
}
