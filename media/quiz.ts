import type { AnswerMessage, ExtensionToQuiz, FeedbackView, QuestionView, QuizToExtension, QuizView, ResultView } from '../src/protocol/messages';
import { escapeHtml } from '../src/lessons/html';
import { vscodeApi } from './vscodeApi';

// The quiz page renders whatever view the extension sends; it grades nothing itself. Keyboard: arrows move
// within options (native radio groups, or the code lines), digits pick option N, Enter checks or continues.

const vscode = vscodeApi<{ quiz: true }, QuizToExtension>();
vscode.setState({ quiz: true });
const root = document.getElementById('quiz')!;
let current: QuizView | undefined;
/** Selected code line (find-the-line) and item order (order questions) for the question on screen. */
let pickedLine: number | undefined;
let order: number[] = [];

const el = (tag: string, attrs: Record<string, string> = {}, html = ''): HTMLElement => {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs)) {
		e.setAttribute(k, v);
	}
	// Only HTML the extension produced (Markdown with raw HTML disabled, or highlighted code) goes here.
	e.innerHTML = html;
	return e;
};

function render(view: QuizView): void {
	current = view;
	root.replaceChildren();
	if (view.screen === 'empty') {
		root.append(
			el('p', { class: 'empty' }, escapeHtml(view.message)),
			el('div', { class: 'actions' }, '<button type="button" class="primary" data-action="quizMyCode">Quiz me on my code</button>'),
		);
		return;
	}
	root.append(el('h1', { class: 'quiz-title' }, escapeHtml(view.title)));
	if (view.screen === 'result') {
		renderResult(view.result);
		return;
	}
	renderQuestion(view.question, view.feedback, view.streak);
}

function renderQuestion(q: QuestionView, feedback: FeedbackView | undefined, streak: number): void {
	const meta = el(
		'p',
		{ class: 'meta' },
		`Question ${q.number} of ${q.total} · <a href="#" data-lesson="${q.lesson}" data-section="${q.section}">${escapeHtml(q.lessonTitle)}</a>${streak > 1 ? ` · <span class="streak" title="Best streak of right answers">🔥 ${streak}</span>` : ''}`,
	);
	const form = el('form', { class: `question kind-${q.kind}`, 'aria-describedby': 'prompt' });
	form.append(el('div', { id: 'prompt', class: 'prompt' }, q.promptHtml));
	if (q.exhibitHtml) {
		form.append(el('div', { class: 'exhibit' }, q.exhibitHtml));
	}
	const answered = !!feedback;
	if (q.kind === 'single' || q.kind === 'multiple' || q.kind === 'true-false') {
		const options = q.kind === 'true-false' ? ['True', 'False'] : (q.optionsHtml ?? []);
		const fieldset = el('fieldset', { class: 'options' });
		fieldset.append(el('legend', { class: 'visually-hidden' }, q.kind === 'multiple' ? 'Select all that apply' : 'Choose one answer'));
		options.forEach((html, i) => {
			const id = `option-${i}`;
			const label = el(
				'label',
				{ for: id, class: `option${feedback ? ` ${optionClass(feedback, i)}` : ''}` },
				`<span class="key" aria-hidden="true">${i + 1}</span><span class="text">${html}</span>`,
			);
			const input = el('input', { type: q.kind === 'multiple' ? 'checkbox' : 'radio', name: 'answer', id, value: String(i) }) as HTMLInputElement;
			input.checked = feedback ? chosen(feedback.answer, i) : false;
			input.disabled = answered;
			label.prepend(input);
			fieldset.append(label);
		});
		if (q.kind === 'multiple') {
			form.append(el('p', { class: 'hint' }, 'Select all that apply.'));
		}
		form.append(fieldset);
	} else if (q.kind === 'find-the-line' && q.code) {
		form.append(codePicker(q, feedback));
	} else if (q.kind === 'order' && q.itemsHtml) {
		form.append(orderList(q, feedback));
	}
	const actions = el('div', { class: 'actions' });
	actions.append(
		answered
			? el('button', { type: 'button', class: 'primary', 'data-action': 'next' }, q.number === q.total ? 'See my score' : 'Next question')
			: el('button', { type: 'submit', class: 'primary' }, 'Check answer'),
	);
	form.append(actions);
	form.addEventListener('submit', (e) => {
		e.preventDefault();
		submit(q);
	});
	root.append(meta, form);
	if (feedback) {
		root.append(
			el(
				'section',
				{ class: `feedback ${feedback.correct ? 'correct' : 'incorrect'}`, role: 'status' },
				`<h2>${feedback.correct ? '✓ Right' : '✗ Not quite'}</h2>${feedback.explanationHtml}${feedback.expectedHtml ? `<h3>The answer</h3>${feedback.expectedHtml}` : ''}`,
			),
		);
		root.querySelector<HTMLElement>('[data-action="next"]')?.focus();
	} else {
		root.querySelector<HTMLElement>('input, [role="listbox"], .order-item')?.focus();
	}
}

function optionClass(feedback: FeedbackView, i: number): string {
	const picked = chosen(feedback.answer, i);
	return picked ? (feedback.correct ? 'picked right' : 'picked wrong') : '';
}

function chosen(answer: AnswerMessage, i: number): boolean {
	switch (answer.kind) {
		case 'single':
			return answer.choice === i;
		case 'multiple':
			return answer.choices.includes(i);
		case 'true-false':
			return answer.value === (i === 0);
		case 'order':
		case 'find-the-line':
			return false; // shown as a list or as code lines, not as options
	}
}

function codePicker(q: QuestionView, feedback: FeedbackView | undefined): HTMLElement {
	const list = el('ol', { class: 'code-pick hljs', role: 'listbox', tabindex: '0', 'aria-label': 'Code lines: use the arrow keys and Enter to pick the line' });
	const picked = feedback?.answer.kind === 'find-the-line' ? feedback.answer.line : pickedLine;
	q.code!.linesHtml.forEach((html, i) => {
		const line = i + 1;
		const classes = ['code-line', line === picked ? 'picked' : '', feedback?.flaggedLines?.includes(line) ? 'flagged' : ''].filter(Boolean).join(' ');
		const item = el(
			'li',
			{ role: 'option', id: `line-${line}`, class: classes, 'aria-selected': String(line === picked), 'data-line': String(line) },
			`<span class="line-number" aria-hidden="true">${line}</span><code>${html || ' '}</code>`,
		);
		list.append(item);
	});
	if (picked) {
		list.setAttribute('aria-activedescendant', `line-${picked}`);
	}
	if (!feedback) {
		list.addEventListener('click', (e) => {
			const line = Number((e.target as Element).closest<HTMLElement>('[data-line]')?.dataset.line);
			if (line) {
				pickLine(list, line);
			}
		});
		list.addEventListener('keydown', (e) => {
			const count = q.code!.linesHtml.length;
			if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
				e.preventDefault();
				pickLine(list, Math.min(count, Math.max(1, (pickedLine ?? 0) + (e.key === 'ArrowDown' ? 1 : -1))));
			}
		});
	}
	return list;
}

function pickLine(list: HTMLElement, line: number): void {
	pickedLine = line;
	list.querySelectorAll('[role="option"]').forEach((o) => {
		const on = (o as HTMLElement).dataset.line === String(line);
		o.classList.toggle('picked', on);
		o.setAttribute('aria-selected', String(on));
	});
	list.setAttribute('aria-activedescendant', `line-${line}`);
	document.getElementById(`line-${line}`)?.scrollIntoView({ block: 'nearest' });
}

function orderList(q: QuestionView, feedback: FeedbackView | undefined): HTMLElement {
	const items = q.itemsHtml!;
	const sequence = feedback?.answer.kind === 'order' ? feedback.answer.order : order.length === items.length ? order : items.map((_, i) => i);
	order = [...sequence];
	const list = el('ol', { class: 'order-list', 'aria-label': 'Items to order: focus one and press Alt+Up or Alt+Down to move it' });
	sequence.forEach((index, position) => {
		const li = el('li', { class: 'order-item', tabindex: '0', 'data-index': String(index) }, `<span class="text">${items[index]}</span>`);
		if (!feedback) {
			const up = el('button', { type: 'button', class: 'move', 'data-move': '-1', 'aria-label': 'Move up' }, '↑');
			const down = el('button', { type: 'button', class: 'move', 'data-move': '1', 'aria-label': 'Move down' }, '↓');
			(up as HTMLButtonElement).disabled = position === 0;
			(down as HTMLButtonElement).disabled = position === sequence.length - 1;
			li.append(up, down);
		}
		list.append(li);
	});
	if (!feedback) {
		const move = (from: number, step: number) => {
			const to = from + step;
			if (to < 0 || to >= order.length) {
				return;
			}
			[order[from], order[to]] = [order[to], order[from]];
			if (current) {
				render(current);
				(root.querySelectorAll('.order-item')[to] as HTMLElement | undefined)?.focus();
			}
		};
		list.addEventListener('click', (e) => {
			const button = (e.target as Element).closest<HTMLElement>('[data-move]');
			const item = button?.closest('.order-item');
			if (button && item) {
				move([...list.children].indexOf(item), Number(button.dataset.move));
			}
		});
		list.addEventListener('keydown', (e) => {
			const item = (e.target as Element).closest('.order-item');
			if (item && e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
				e.preventDefault();
				move([...list.children].indexOf(item), e.key === 'ArrowUp' ? -1 : 1);
			}
		});
	}
	return list;
}

function answerFor(q: QuestionView): AnswerMessage | undefined {
	const checked = [...root.querySelectorAll<HTMLInputElement>('input[name="answer"]:checked')].map((i) => Number(i.value));
	switch (q.kind) {
		case 'single':
			return checked.length === 1 ? { kind: 'single', choice: checked[0] } : undefined;
		case 'multiple':
			return checked.length > 0 ? { kind: 'multiple', choices: checked } : undefined;
		case 'true-false':
			return checked.length === 1 ? { kind: 'true-false', value: checked[0] === 0 } : undefined;
		case 'find-the-line':
			return pickedLine ? { kind: 'find-the-line', line: pickedLine } : undefined;
		case 'order':
			return { kind: 'order', order: [...order] };
	}
}

function submit(q: QuestionView): void {
	const answer = answerFor(q);
	if (!answer) {
		const hint = root.querySelector('.need-answer') ?? el('p', { class: 'need-answer', role: 'alert' }, 'Pick an answer first.');
		root.querySelector('form')?.append(hint);
		return;
	}
	vscode.postMessage({ type: 'answer', questionId: q.id, answer });
}

function renderResult(result: ResultView): void {
	const section = el(
		'section',
		{ class: `result ${result.passed ? 'passed' : 'not-passed'}`, role: 'status' },
		`<p class="score"><span class="percent">${result.percent}%</span> ${result.correct} of ${result.total} right</p><p>${result.passed ? 'Passed. The lesson is marked as mastered in the Lessons view.' : 'Not passed yet: 80% passes. Review the sections below and try again.'}</p>`,
	);
	if (result.missed.length) {
		const list = el('ul', { class: 'missed' });
		for (const m of result.missed) {
			list.append(
				el('li', {}, `${m.promptHtml}<br><a href="#" data-lesson="${m.lesson}" data-section="${m.section}">Review: ${escapeHtml(m.sectionTitle)}</a>`),
			);
		}
		section.append(el('h2', {}, 'Missed questions'), list);
	}
	const actions = el('div', { class: 'actions' });
	if (result.missed.length) {
		actions.append(el('button', { type: 'button', class: 'primary', 'data-action': 'retryMissed' }, 'Retry the missed questions'));
	}
	actions.append(el('button', { type: 'button', 'data-action': 'restart' }, 'Start over'));
	actions.append(el('button', { type: 'button', 'data-action': 'quizMyCode', title: 'Questions built from a finding in your own code' }, 'Quiz me on my code'));
	section.append(actions);
	root.append(section);
	root.querySelector<HTMLElement>('.actions button')?.focus();
}

document.addEventListener('click', (event) => {
	const target = (event.target as Element).closest<HTMLElement>('a[data-lesson], button[data-action]');
	if (!target) {
		return;
	}
	if (target.dataset.lesson) {
		event.preventDefault();
		vscode.postMessage({ type: 'openLesson', lesson: target.dataset.lesson, ...(target.dataset.section ? { section: target.dataset.section } : {}) });
	} else if (
		target.dataset.action === 'next' ||
		target.dataset.action === 'retryMissed' ||
		target.dataset.action === 'restart' ||
		target.dataset.action === 'quizMyCode'
	) {
		vscode.postMessage({ type: target.dataset.action });
	}
});

document.addEventListener('keydown', (event) => {
	if (current?.screen !== 'question' || event.altKey || event.ctrlKey || event.metaKey) {
		return;
	}
	const q = current.question;
	const digit = Number(event.key);
	if (!current.feedback && Number.isInteger(digit) && digit >= 1) {
		const input = root.querySelector<HTMLInputElement>(`#option-${digit - 1}`);
		if (input) {
			input.checked = input.type === 'checkbox' ? !input.checked : true;
			input.focus();
			event.preventDefault();
		}
	} else if (event.key === 'Enter' && !(event.target as Element).closest('button, a')) {
		event.preventDefault();
		if (current.feedback) {
			vscode.postMessage({ type: 'next' });
		} else {
			submit(q);
		}
	}
});

window.addEventListener('message', (event: MessageEvent<ExtensionToQuiz>) => {
	if (event.data?.type === 'show') {
		const view = event.data.view;
		if (view.screen !== 'question' || current?.screen !== 'question' || current.question.id !== view.question.id) {
			pickedLine = undefined;
			order = [];
		}
		render(view);
	}
});

vscode.postMessage({ type: 'ready' });
