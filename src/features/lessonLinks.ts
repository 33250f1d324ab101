import * as vscode from 'vscode';
import { CommandId, EXTENSION_ID } from '../constants';

/** `<lesson-id>#<section>` (as rules and findings name a lesson section) → the OpenLesson command's arguments. */
export function openLessonArgs(reference: string): [lesson: string, section: string | undefined] {
	const [lesson, section] = reference.split('#');
	return [lesson, section];
}

/**
 * `vscode://concurrency-lens.concurrency-lens/lesson/<id>#<section>`: opens a lesson section from places that
 * cannot run commands (a diagnostic's code link, SARIF help, a browser). The URI handler resolves it.
 */
export function lessonUri(reference: string): vscode.Uri {
	const [id, section] = openLessonArgs(reference);
	return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: EXTENSION_ID, path: `/lesson/${id}`, fragment: section ?? '' });
}

/** A `command:` link that opens a lesson section, for trusted Markdown (hovers). */
export function openLessonCommandUri(reference: string): vscode.Uri {
	return vscode.Uri.parse(`command:${CommandId.OpenLesson}?${encodeURIComponent(JSON.stringify(openLessonArgs(reference)))}`);
}
