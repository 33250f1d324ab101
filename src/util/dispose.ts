import * as vscode from 'vscode';

/** Owns disposables: everything `_register`ed is disposed with it (the markdown extension's pattern). */
export abstract class Disposable implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private disposed = false;

	protected get isDisposed(): boolean {
		return this.disposed;
	}

	protected _register<T extends vscode.Disposable>(value: T): T {
		if (this.disposed) {
			value.dispose();
		} else {
			this.disposables.push(value);
		}
		return value;
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		disposeAll(this.disposables.splice(0).reverse());
	}
}

/** Disposes every one, in order, even when some throw; then rethrows what they threw. */
export function disposeAll(disposables: Iterable<vscode.Disposable>): void {
	const errors: unknown[] = [];
	for (const d of disposables) {
		try {
			d.dispose();
		} catch (e) {
			errors.push(e);
		}
	}
	if (errors.length === 1) {
		throw errors[0];
	}
	if (errors.length > 1) {
		throw new AggregateError(errors, `${errors.length} disposables failed`);
	}
}
