import { lessonMarkdown, type RenderEnv } from './markdown';
import type { Lesson } from './types';

/** The lesson body as HTML (no page chrome): headings with anchors, annotated examples, diagrams. */
export function renderLessonBody(lesson: Lesson): string {
	const env: RenderEnv = { lesson };
	return lessonMarkdown().render(lesson.body, env);
}
