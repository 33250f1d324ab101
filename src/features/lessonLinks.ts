import * as vscode from 'vscode';
import { CommandId, EXTENSION_ID } from '../constants';

/**
 * `vscode://concurrency-lens.concurrency-lens/lesson/<id>#<section>`: opens a lesson section from places that
 * cannot run commands (a diagnostic's code link, SARIF help, a browser). The URI handler resolves it.
 */
export function lessonUri(lesson: string): vscode.Uri {
	const [id, section] = lesson.split('#');
	return vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: EXTENSION_ID, path: `/lesson/${id}`, fragment: section ?? '' });
}

/** A `command:` link that opens a lesson section, for trusted Markdown (hovers). */
export function openLessonCommandUri(lesson: string): vscode.Uri {
	const [id, section] = lesson.split('#');
	return vscode.Uri.parse(`command:${CommandId.OpenLesson}?${encodeURIComponent(JSON.stringify([id, section]))}`);
}
