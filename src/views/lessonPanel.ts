import * as vscode from 'vscode';
import { WebviewType } from '../constants';
import { LABS } from '../labs/catalog';
import { labResultHtml } from '../labs/html';
import { lessonState, markRead, visit } from '../quiz/progress';
import { parseLessonMessage, parseLessonState, type ExtensionToLesson, type LabView, type LessonToExtension } from '../protocol/messages';
import type { ContentService } from '../services/content';
import type { LabEvent, LabService } from '../services/labs';
import type { ProgressStore } from '../services/progress';
import { Disposable } from '../util/dispose';
import { tabIcon, webviewOptions, webviewPage } from './webviewHtml';

export interface LessonActions {
	openExample(lessonId: string, exampleId: string): Promise<void>;
	startQuiz(lessonId: string): Promise<void>;
	revealInTree(lessonId: string): Promise<void>;
}

/**
 * Lesson webviews: one panel per lesson (opening a lesson again reveals its panel), navigation moves a
 * panel to the next lesson unless that one has its own panel, and a serializer restores panels after reload.
 */
export class LessonPanels extends Disposable {
	private readonly panels = new Map<string, LessonPanel>();

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly content: ContentService,
		private readonly progress: ProgressStore,
		private readonly labs: LabService,
		private readonly actions: LessonActions,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register(
			vscode.window.registerWebviewPanelSerializer(WebviewType.Lesson, {
				deserializeWebviewPanel: async (panel, state) => {
					const restored = parseLessonState(state);
					panel.webview.options = webviewOptions(this.extensionUri);
					await this.adopt(panel, restored?.lesson ?? '', restored?.section);
				},
			}),
		);
	}

	/** Opens (or reveals) the panel of a lesson and scrolls to a section. */
	async open(lessonId: string, section?: string): Promise<LessonPanel | undefined> {
		const { catalog } = await this.content.get();
		if (!catalog.get(lessonId)) {
			void vscode.window.showWarningMessage(`Concurrency Lens: there is no lesson “${lessonId}”.`);
			return undefined;
		}
		const existing = this.panels.get(lessonId);
		if (existing) {
			existing.reveal(section);
			return existing;
		}
		const panel = vscode.window.createWebviewPanel(
			WebviewType.Lesson,
			catalog.get(lessonId)!.title,
			{ viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
			webviewOptions(this.extensionUri),
		);
		return this.adopt(panel, lessonId, section);
	}

	/** The open panel of a lesson, if any (tests read it). */
	get(lessonId: string): LessonPanel | undefined {
		return this.panels.get(lessonId);
	}

	private async adopt(panel: vscode.WebviewPanel, lessonId: string, section?: string): Promise<LessonPanel> {
		const lessonPanel = new LessonPanel(panel, this.extensionUri, this.content, this.progress, this.labs, this.actions, this.log, {
			move: (from, to) => {
				this.panels.delete(from);
				this.panels.set(to, lessonPanel);
			},
			find: (id) => this.panels.get(id),
		});
		this.panels.set(lessonId, lessonPanel);
		lessonPanel.onDidDispose(() => {
			if (this.panels.get(lessonPanel.lessonId) === lessonPanel) {
				this.panels.delete(lessonPanel.lessonId);
			}
		});
		await lessonPanel.show(lessonId, section);
		return lessonPanel;
	}

	override dispose(): void {
		for (const panel of this.panels.values()) {
			panel.dispose();
		}
		this.panels.clear();
		super.dispose();
	}
}

interface Registry {
	move(from: string, to: string): void;
	find(lessonId: string): LessonPanel | undefined;
}

export class LessonPanel extends Disposable {
	private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
	readonly onDidDispose = this.disposeEmitter.event;
	lessonId = '';
	private pageReady = false;
	private pendingSection: string | undefined;

	/** True once the page has loaded and said `ready` (tests wait on it). */
	get ready(): boolean {
		return this.pageReady;
	}

	constructor(
		readonly panel: vscode.WebviewPanel,
		private readonly extensionUri: vscode.Uri,
		private readonly content: ContentService,
		private readonly progress: ProgressStore,
		private readonly labs: LabService,
		private readonly actions: LessonActions,
		private readonly log: vscode.LogOutputChannel,
		private readonly registry: Registry,
	) {
		super();
		this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
		this._register(labs.onDidChange((e) => this.ownsLab(e.lab) && this.post({ type: 'lab', lab: e.lab, view: labView(e) })));
		this._register(
			panel.onDidDispose(() => {
				// Closing the lesson stops its experiment: no process outlives the page that started it.
				const running = labs.running;
				if (running && this.ownsLab(running.lab)) {
					labs.cancel(running.lab);
				}
				this.disposeEmitter.fire();
				this.dispose();
			}),
		);
		panel.iconPath = tabIcon(extensionUri, 'book');
	}

	async show(lessonId: string, section?: string): Promise<void> {
		const { catalog } = await this.content.get();
		const lesson = catalog.get(lessonId);
		if (this.lessonId && this.lessonId !== lessonId) {
			this.registry.move(this.lessonId, lessonId);
		}
		this.lessonId = lessonId;
		this.pageReady = false;
		this.pendingSection = section;
		if (!lesson) {
			const { missingLessonBody } = await import('./lessonPage.js');
			this.panel.title = 'Lesson not found';
			this.panel.webview.html = webviewPage(this.panel.webview, this.extensionUri, {
				title: 'Lesson not found',
				name: 'lesson',
				body: missingLessonBody(lessonId),
				data: {},
			});
			return;
		}
		await this.progress.update((p) => visit(p, lessonId, section, Date.now()));
		const { lessonPageBody } = await import('./lessonPage.js');
		this.panel.title = lesson.title;
		this.panel.webview.html = webviewPage(this.panel.webview, this.extensionUri, {
			title: lesson.title,
			name: 'lesson',
			body: lessonPageBody(lesson, catalog, lessonState(this.progress.get(), lessonId)),
			data: { lesson: lessonId, section },
		});
		void this.actions.revealInTree(lessonId);
	}

	reveal(section?: string): void {
		this.panel.reveal(undefined, false);
		if (section) {
			this.post({ type: 'scrollTo', section });
		}
	}

	/** The labs this lesson shows (the catalogue places each lab in one lesson section). */
	private ownsLab(labId: string): boolean {
		return LABS.some((l) => l.id === labId && l.lesson.startsWith(`${this.lessonId}#`));
	}

	/** On page load: each lab's last result on this machine, or that it is running. */
	private async showLabs(): Promise<void> {
		for (const lab of LABS.filter((l) => this.ownsLab(l.id))) {
			if (this.labs.running?.lab === lab.id) {
				this.post({ type: 'lab', lab: lab.id, view: { state: 'running', status: 'Running…' } });
				continue;
			}
			const last = await this.labs.lastResult(lab.id);
			if (last) {
				this.post({ type: 'lab', lab: lab.id, view: { state: 'done', html: labResultHtml(last, lab) } });
			}
		}
	}

	private post(message: ExtensionToLesson): void {
		if (!this.isDisposed) {
			void this.panel.webview.postMessage(message);
		}
	}

	private async onMessage(raw: unknown): Promise<void> {
		const message = parseLessonMessage(raw);
		if (!message) {
			this.log.warn(`lesson panel: ignored an unexpected message ${JSON.stringify(raw)?.slice(0, 200)}`);
			return;
		}
		try {
			await this.handle(message);
		} catch (e) {
			// A lesson that vanished on reload, a failed command: logged, and the panel stays usable.
			this.log.warn(`lesson panel: ${message.type} failed: ${(e as Error).message}`);
		}
	}

	private async handle(message: LessonToExtension): Promise<void> {
		const { catalog } = await this.content.get();
		switch (message.type) {
			case 'ready':
				this.pageReady = true;
				if (this.pendingSection) {
					this.post({ type: 'scrollTo', section: this.pendingSection });
				}
				return this.showLabs();
			case 'runLab':
				if (this.ownsLab(message.lab)) {
					await this.labs.run(message.lab, message.params);
				}
				return;
			case 'cancelLab':
				return this.labs.cancel(message.lab);
			case 'openLesson':
				return this.goTo(message.lesson, message.section);
			case 'navigate': {
				const target = catalog.neighbour(this.lessonId, message.direction === 'next' ? 1 : -1);
				return target ? this.goTo(target.id) : undefined;
			}
			case 'openExample':
				return this.actions.openExample(this.lessonId, message.example);
			case 'startQuiz':
				return this.actions.startQuiz(this.lessonId);
			case 'sectionVisible':
				if (catalog.get(this.lessonId)?.sections.some((s) => s.id === message.section)) {
					await this.progress.update((p) => visit(p, this.lessonId, message.section, Date.now()));
				}
				return;
			case 'reachedEnd':
				await this.progress.update((p) => markRead(p, this.lessonId));
				return;
		}
	}

	/** Moves this panel to another lesson, unless that lesson already has its own panel. */
	private async goTo(lessonId: string, section?: string): Promise<void> {
		const { catalog } = await this.content.get();
		if (!catalog.get(lessonId)) {
			return;
		}
		if (lessonId === this.lessonId) {
			this.reveal(section);
			return;
		}
		const other = this.registry.find(lessonId);
		if (other) {
			other.reveal(section);
			return;
		}
		await this.show(lessonId, section);
	}
}

function labView(event: LabEvent): LabView {
	switch (event.state) {
		case 'running':
			return { state: 'running', status: event.status };
		case 'done': {
			const lab = LABS.find((l) => l.id === event.lab);
			return lab ? { state: 'done', html: labResultHtml(event.result, lab) } : { state: 'failed', message: 'unknown lab' };
		}
		case 'failed':
			return { state: 'failed', message: event.message };
	}
}
