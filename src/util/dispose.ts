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
		while (this.disposables.length) {
			this.disposables.pop()?.dispose();
		}
	}
}
