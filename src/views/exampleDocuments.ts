import * as vscode from 'vscode';
import { languageInfo } from '../analysis/languageIds';
import { EXAMPLE_SCHEME } from '../constants';
import type { AnnotatedExample } from '../lessons/types';
import type { ContentService } from '../services/content';
import { Disposable } from '../util/dispose';

const CIRCLED = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫'];

/** `concurrency-lens-example:/event-loop/sleep-bad.py` → the lesson and example it shows. */
export function exampleUri(lessonId: string, example: AnnotatedExample): vscode.Uri {
	return vscode.Uri.from({ scheme: EXAMPLE_SCHEME, path: `/${lessonId}/${example.id}${languageInfo(example.language).extensions[0]}` });
}

function parseExampleUri(uri: vscode.Uri): { lesson: string; example: string } | undefined {
	const match = /^\/([a-z0-9-]+)\/([a-z0-9-]+)\.\w+$/.exec(uri.path);
	return match ? { lesson: match[1], example: match[2] } : undefined;
}

/**
 * Lesson examples as read-only documents in a real editor, in the right language, with their callout notes
 * as CodeLens and hovers. They are ordinary documents to the analyzer, so its findings show on bad versions.
 * A read-only file system (not a content provider) makes the editor itself refuse edits.
 */
export class ExampleDocuments extends Disposable implements vscode.FileSystemProvider, vscode.CodeLensProvider, vscode.HoverProvider {
	private readonly fileChanges = this._register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
	readonly onDidChangeFile = this.fileChanges.event;

	constructor(private readonly content: ContentService) {
		super();
		this._register(vscode.workspace.registerFileSystemProvider(EXAMPLE_SCHEME, this, { isCaseSensitive: true, isReadonly: true }));
		this._register(vscode.languages.registerCodeLensProvider({ scheme: EXAMPLE_SCHEME }, this));
		this._register(vscode.languages.registerHoverProvider({ scheme: EXAMPLE_SCHEME }, this));
	}

	async open(lessonId: string, exampleId: string): Promise<vscode.TextEditor | undefined> {
		const example = await this.example({ lesson: lessonId, example: exampleId });
		if (!example) {
			void vscode.window.showWarningMessage(`Concurrency Lens: lesson ${lessonId} has no example “${exampleId}”.`);
			return undefined;
		}
		const document = await vscode.workspace.openTextDocument(exampleUri(lessonId, example));
		const typed = document.languageId === example.language ? document : await vscode.languages.setTextDocumentLanguage(document, example.language);
		return vscode.window.showTextDocument(typed, { viewColumn: vscode.ViewColumn.Beside, preview: false });
	}

	// --- the read-only file system

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		const bytes = await this.readFile(uri);
		return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.byteLength, permissions: vscode.FilePermission.Readonly };
	}

	async readFile(uri: vscode.Uri): Promise<Uint8Array> {
		const example = await this.exampleAt(uri);
		if (!example) {
			throw vscode.FileSystemError.FileNotFound(uri);
		}
		return new TextEncoder().encode(`${example.code}\n`);
	}

	watch(): vscode.Disposable {
		return new vscode.Disposable(() => undefined);
	}

	readDirectory(): [string, vscode.FileType][] {
		return [];
	}

	createDirectory(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	writeFile(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	delete(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	rename(uri: vscode.Uri): never {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	// --- notes as CodeLens and hovers

	async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
		const example = await this.exampleAt(document.uri);
		if (!example) {
			return [];
		}
		const header = new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
			title: `$(book) ${example.variant === 'bad' ? 'The mistake: ' : example.variant === 'fixed' ? 'The fix: ' : ''}${example.title}`,
			command: '',
		});
		return [
			header,
			...example.notes.map(
				(note, i) =>
					new vscode.CodeLens(new vscode.Range(note.codeLine, 0, note.codeLine, 0), {
						title: `${CIRCLED[i] ?? i + 1} ${plain(note.text)}`,
						command: '',
						tooltip: plain(note.text),
					}),
			),
		];
	}

	async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
		const example = await this.exampleAt(document.uri);
		const index = example?.notes.findIndex((n) => n.codeLine === position.line) ?? -1;
		if (!example || index < 0) {
			return undefined;
		}
		return new vscode.Hover(new vscode.MarkdownString(`**${CIRCLED[index] ?? index + 1}** ${example.notes[index].text}`));
	}

	private async example(ref: { lesson: string; example: string }): Promise<AnnotatedExample | undefined> {
		const { catalog } = await this.content.get();
		return catalog.get(ref.lesson)?.examples.find((e) => e.id === ref.example);
	}

	private async exampleAt(uri: vscode.Uri): Promise<AnnotatedExample | undefined> {
		const parsed = parseExampleUri(uri);
		return parsed && this.example(parsed);
	}
}

/** Inline Markdown as plain text for a CodeLens title: no backticks or emphasis marks, one line. */
function plain(markdown: string): string {
	const text = markdown
		.replace(/`([^`]*)`/g, '$1')
		.replace(/\*\*?([^*]+)\*\*?/g, '$1')
		.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}
