import type { ExtensionToLesson, LabView, LessonToExtension, LessonWebviewState } from '../src/protocol/messages';
import { initialState, vscodeApi } from './vscodeApi';

// The lesson page: links and buttons become messages to the extension, the visible section is remembered
// for "continue where you left off" and for restore after reload, and reaching the end marks the lesson read.

const vscode = vscodeApi<LessonWebviewState, LessonToExtension>();
const initial = initialState<LessonWebviewState>();
const saved = vscode.getState();
const state: LessonWebviewState = {
	lesson: initial.lesson ?? '',
	section: saved?.lesson === initial.lesson ? (saved?.section ?? initial.section) : initial.section,
};
vscode.setState(state);

function scrollToSection(id: string | undefined, focus: boolean): void {
	const target = id ? document.getElementById(id) : undefined;
	if (!target) {
		return;
	}
	target.scrollIntoView({ block: 'start' });
	if (focus) {
		target.setAttribute('tabindex', '-1');
		target.focus({ preventScroll: true });
	}
}

document.addEventListener('click', (event) => {
	const element = (event.target as Element | null)?.closest('a, button');
	if (!element) {
		return;
	}
	const data = (element as HTMLElement).dataset;
	if (data.lesson) {
		event.preventDefault();
		if (data.lesson === state.lesson) {
			scrollToSection(data.section, true);
		} else {
			vscode.postMessage({ type: 'openLesson', lesson: data.lesson, ...(data.section ? { section: data.section } : {}) });
		}
	} else if (data.section) {
		event.preventDefault();
		scrollToSection(data.section, true);
	} else if (element.classList.contains('open-example') && data.example) {
		vscode.postMessage({ type: 'openExample', example: data.example });
	} else if (data.nav === 'previous' || data.nav === 'next') {
		vscode.postMessage({ type: 'navigate', direction: data.nav });
	} else if (data.action === 'quiz') {
		vscode.postMessage({ type: 'startQuiz' });
	} else if (data.action === 'run-lab' && data.lab) {
		runLab(data.lab);
	} else if (data.action === 'cancel-lab' && data.lab) {
		vscode.postMessage({ type: 'cancelLab', lab: data.lab });
	}
});

// Labs: the knobs are checked here for a quick answer, and again by the extension before anything runs.
function labBlock(lab: string): HTMLElement | null {
	return document.querySelector<HTMLElement>(`section.lab[data-lab="${CSS.escape(lab)}"]`);
}

function runLab(lab: string): void {
	const block = labBlock(lab);
	if (!block) {
		return;
	}
	const params: Record<string, number> = {};
	for (const input of block.querySelectorAll<HTMLInputElement>('.lab-knobs input')) {
		const ok =
			input.value === '' || (Number.isInteger(Number(input.value)) && Number(input.value) >= Number(input.min) && Number(input.value) <= Number(input.max));
		input.setAttribute('aria-invalid', String(!ok));
		if (!ok) {
			showLab(lab, { state: 'failed', message: `${input.name} must be a whole number from ${input.min} to ${input.max}.` });
			input.focus();
			return;
		}
		if (input.value !== '') {
			params[input.name] = Number(input.value);
		}
	}
	showLab(lab, { state: 'running', status: 'Starting…' });
	vscode.postMessage({ type: 'runLab', lab, params });
}

function showLab(lab: string, view: LabView): void {
	const block = labBlock(lab);
	if (!block) {
		return;
	}
	const running = view.state === 'running';
	block.setAttribute('aria-busy', String(running));
	block.querySelector<HTMLButtonElement>('.lab-run')!.disabled = running;
	block.querySelector<HTMLButtonElement>('.lab-cancel')!.hidden = !running;
	block.querySelector<HTMLElement>('.lab-progress')!.hidden = !running;
	const status = block.querySelector<HTMLElement>('.lab-status')!;
	status.textContent = view.state === 'running' ? view.status : view.state === 'failed' ? view.message : 'Measured just now on this machine.';
	status.classList.toggle('lab-error', view.state === 'failed');
	if (view.state === 'done') {
		// Built by the extension from escaped parts (src/labs/html.ts); it holds no script.
		block.querySelector<HTMLElement>('.lab-result')!.innerHTML = view.html;
	}
}

// Pair each note with its code line: pointing at one highlights the other.
function pair(event: Event, on: boolean): void {
	const element = (event.target as Element | null)?.closest('[data-line]');
	const figure = element?.closest('figure.example');
	const line = (element as HTMLElement | null)?.dataset.line;
	if (figure && line) {
		figure.querySelectorAll(`[data-line="${line}"]`).forEach((el) => el.classList.toggle('paired', on));
	}
}
for (const [type, on] of [
	['mouseover', true],
	['mouseout', false],
	['focusin', true],
	['focusout', false],
] as const) {
	document.addEventListener(type, (event) => pair(event, on));
}

// Remember the section in view (debounced), and notice the end of the lesson.
let pending: ReturnType<typeof setTimeout> | undefined;
const sections = new IntersectionObserver(
	(entries) => {
		const visible = entries.filter((e) => e.isIntersecting).map((e) => e.target.id);
		if (visible.length === 0) {
			return;
		}
		state.section = visible[0];
		vscode.setState(state);
		clearTimeout(pending);
		pending = setTimeout(() => state.section && vscode.postMessage({ type: 'sectionVisible', section: state.section }), 800);
	},
	{ rootMargin: '0px 0px -70% 0px' },
);
document.querySelectorAll('main h2[id]').forEach((h) => sections.observe(h));

const end = document.getElementById('lesson-end');
if (end) {
	const endObserver = new IntersectionObserver((entries) => {
		if (entries.some((e) => e.isIntersecting)) {
			vscode.postMessage({ type: 'reachedEnd' });
			endObserver.disconnect();
		}
	});
	endObserver.observe(end);
}

window.addEventListener('message', (event: MessageEvent<ExtensionToLesson>) => {
	const message = event.data;
	if (message?.type === 'scrollTo' && typeof message.section === 'string') {
		scrollToSection(message.section, true);
	} else if (message?.type === 'lab' && typeof message.lab === 'string' && message.view) {
		showLab(message.lab, message.view);
	}
});

scrollToSection(state.section, false);
vscode.postMessage({ type: 'ready' });
