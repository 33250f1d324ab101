import { RULE_IDS, RULES } from '../analysis/rules/catalog';
import { parseLesson } from './lesson';
import { LessonError, type Lesson } from './types';

export interface LessonFile {
	file: string;
	text: string;
}

/** All lessons, ordered, with lookups; built once from the files and then read-only. */
export class LessonCatalog {
	private readonly byId: Map<string, Lesson>;

	constructor(readonly lessons: readonly Lesson[]) {
		this.byId = new Map(lessons.map((l) => [l.id, l]));
	}

	get(id: string): Lesson | undefined {
		return this.byId.get(id);
	}

	/** The lesson before or after `id` in course order. */
	neighbour(id: string, step: -1 | 1): Lesson | undefined {
		const index = this.lessons.findIndex((l) => l.id === id);
		return index < 0 ? undefined : this.lessons[index + step];
	}

	/** Resolves `<lesson-id>#<section>` (as rules and quizzes write it) to a lesson and section title. */
	resolve(reference: string): { lesson: Lesson; section?: string; sectionTitle?: string } | undefined {
		const [id, section] = reference.split('#');
		const lesson = this.byId.get(id);
		const found = section ? lesson?.sections.find((s) => s.id === section) : undefined;
		if (!lesson || (section && !found)) {
			return undefined;
		}
		return { lesson, section, sectionTitle: found?.title };
	}
}

/**
 * Parses every lesson file and checks what spans files: unique ids and orders, prerequisites and
 * `lesson:` links that resolve, and every rule's lesson section exists. Problems never throw: they are
 * returned, each naming file and line, alongside the lessons that did parse.
 */
export function loadLessons(files: readonly LessonFile[]): { catalog: LessonCatalog; errors: LessonError[] } {
	const errors: LessonError[] = [];
	const lessons: Lesson[] = [];
	for (const { file, text } of files) {
		try {
			lessons.push(parseLesson(file, text));
		} catch (e) {
			errors.push(e instanceof LessonError ? e : new LessonError(file, 1, (e as Error).message));
		}
	}
	lessons.sort((a, b) => a.order - b.order);
	const ids = new Map<string, Lesson>();
	const orders = new Map<number, Lesson>();
	for (const lesson of lessons) {
		const sameId = ids.get(lesson.id);
		if (sameId) {
			errors.push(new LessonError(lesson.file, 2, `lesson id \`${lesson.id}\` is also used by ${sameId.file}`));
		}
		const sameOrder = orders.get(lesson.order);
		if (sameOrder) {
			errors.push(new LessonError(lesson.file, 2, `order ${lesson.order} is also used by ${sameOrder.file}`));
		}
		ids.set(lesson.id, lesson);
		orders.set(lesson.order, lesson);
	}
	const catalog = new LessonCatalog(lessons);
	for (const lesson of lessons) {
		for (const prerequisite of lesson.prerequisites) {
			if (!catalog.get(prerequisite)) {
				errors.push(new LessonError(lesson.file, 2, `prerequisite \`${prerequisite}\` is not a lesson id`));
			}
		}
		for (const link of lesson.links) {
			const target = `${link.lesson}${link.section ? `#${link.section}` : ''}`;
			if (!catalog.resolve(target)) {
				errors.push(new LessonError(lesson.file, link.line, `broken link: lesson:${target} does not exist`));
			}
		}
	}
	if (lessons.length > 0) {
		for (const id of RULE_IDS) {
			if (!catalog.resolve(RULES[id].lesson)) {
				errors.push(new LessonError('src/analysis/rules/catalog.ts', 1, `rule ${id} links to ${RULES[id].lesson}, which is not a lesson section`));
			}
		}
	}
	return { catalog, errors };
}
