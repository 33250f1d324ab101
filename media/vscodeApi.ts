/** The webview side of the VS Code API, typed for our messages. */
export interface WebviewApi<State, Outgoing> {
	postMessage(message: Outgoing): void;
	getState(): State | undefined;
	setState(state: State): void;
}

declare function acquireVsCodeApi<State, Outgoing>(): WebviewApi<State, Outgoing>;

export function vscodeApi<State, Outgoing>(): WebviewApi<State, Outgoing> {
	return acquireVsCodeApi<State, Outgoing>();
}

/** The page's initial data, written by the extension into `body[data-state]`. */
export function initialState<T>(): Partial<T> {
	try {
		return JSON.parse(document.body.dataset.state ?? '{}') as Partial<T>;
	} catch {
		return {};
	}
}
