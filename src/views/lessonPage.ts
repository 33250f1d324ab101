import type { LessonCatalog } from '../lessons/catalog';
import { escapeHtml } from '../lessons/html';
import { renderLessonBody } from '../lessons/render';
import type { Lesson } from '../lessons/types';
import type { LessonState } from '../quiz/progress';

const STATE_TEXT: Record<LessonState, string> = { 'not-started': 'New', 'in-progress': 'In progress', read: 'Read', 'quiz-passed': 'Quiz passed' };

/** The lesson page body (pure HTML from trusted, escaped parts): header, contents, article, navigation. */
export function lessonPageBody(lesson: Lesson, catalog: LessonCatalog, state: LessonState): string {
	const previous = catalog.neighbour(lesson.id, -1);
	const next = catalog.neighbour(lesson.id, 1);
	const position = catalog.lessons.indexOf(lesson) + 1;
	const prerequisites = lesson.prerequisites
		.map((id) => catalog.get(id))
		.filter((l): l is Lesson => !!l)
		.map((l) => `<a href="#" data-lesson="${l.id}">${escapeHtml(l.title)}</a>`);
	const navButton = (direction: 'previous' | 'next', target: Lesson | undefined) =>
		target
			? `<button type="button" class="nav-button nav-${direction}" data-nav="${direction}" aria-label="${direction === 'previous' ? 'Previous' : 'Next'} lesson: ${escapeHtml(target.title)}">${direction === 'previous' ? '← ' : ''}${escapeHtml(target.title)}${direction === 'next' ? ' →' : ''}</button>`
			: '<span></span>';
	return `
<header class="lesson-header">
	<p class="crumbs">${escapeHtml(lesson.group ?? 'Lessons')} · Lesson ${position} of ${catalog.lessons.length} <span class="state state-${state}">${STATE_TEXT[state]}</span></p>
	<h1>${escapeHtml(lesson.title)}</h1>
	<p class="summary">${escapeHtml(lesson.summary)}</p>
	${prerequisites.length ? `<p class="prerequisites">Read first: ${prerequisites.join(', ')}</p>` : ''}
	<nav class="top-nav" aria-label="Lesson navigation">${navButton('previous', previous)}<button type="button" class="quiz-button" data-action="quiz">Quiz me on this lesson</button>${navButton('next', next)}</nav>
</header>
<nav class="toc" aria-label="Sections"><h2 class="toc-title">In this lesson</h2><ol>${lesson.sections.map((s) => `<li><a href="#${s.id}" data-section="${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ol></nav>
<main class="lesson-body" id="lesson-body">
${renderLessonBody(lesson)}
</main>
<footer class="lesson-footer" id="lesson-end">
	<p>Done with “${escapeHtml(lesson.title)}”? Check what stuck.</p>
	<nav class="bottom-nav" aria-label="Lesson navigation">${navButton('previous', previous)}<button type="button" class="quiz-button primary" data-action="quiz">Quiz me on this lesson</button>${navButton('next', next)}</nav>
</footer>`;
}

/** Shown when a restored panel names a lesson that no longer exists. */
export function missingLessonBody(id: string): string {
	return `<main class="lesson-body"><h1>Lesson not found</h1><p>There is no lesson “${escapeHtml(id)}” any more. Open the Lessons view to pick another one.</p></main>`;
}
