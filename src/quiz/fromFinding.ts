import { settingsLanguage } from '../analysis/languageIds';
import type { Finding, LanguageId } from '../analysis/types';
import { fnv1a } from './shuffle';
import type { ChoiceQuestion, FindLineQuestion, Question } from './types';

/** Code questions show at most this many lines of the user's code around the finding. */
const MAX_LINES = 14;

/** A find-the-line question whose key comes from the analyzer's finding on the whole file. */
export interface CodeFindLineQuestion extends FindLineQuestion {
	key: number[];
}

const DISTRACTORS: Record<Finding['kind'], { text: string; explain: string }[]> = {
	'blocking-in-async': [
		{
			text: 'Wrap the call in try/except (try/catch) so a failure cannot stop the loop.',
			explain: 'Errors are not the problem: the call holds the thread while it runs, whether it fails or not.',
		},
		{
			text: 'Mark the function that calls it as async too.',
			explain: 'The async keyword only allows suspending at await points; a synchronous call inside still holds the thread.',
		},
		{
			text: 'Start a new thread for every call and do not wait for it.',
			explain: 'That frees the loop but trades the problem for unbounded threads, and loses the result.',
		},
	],
	'unbounded-spawn': [
		{
			text: 'Start them all, then join them all at the end of the loop.',
			explain: 'Joining afterwards waits for them but does not limit how many run at once: the count still follows the input.',
		},
		{
			text: 'Add a short sleep between starts so they do not arrive all at once.',
			explain: 'A delay slows the start rate but puts no cap on how many are alive at the same time.',
		},
		{
			text: 'Use more threads than items so nothing ever has to wait.',
			explain: 'That is the same unbounded growth, only larger: memory and scheduling costs grow with the input.',
		},
	],
	'task-lifetime': [
		{
			text: 'Add `await asyncio.sleep(0)` right after starting it, so the task gets to run.',
			explain: 'The task starts either way; what is missing is an owner. With no reference kept it can still be collected, and its error still goes unseen.',
		},
		{
			text: 'Wrap the line that starts it in try/except.',
			explain: 'Starting a task does not raise the task’s errors: they surface only where someone awaits the task or reads its result.',
		},
		{
			text: 'Call `gc.disable()` at start-up so the task cannot be collected.',
			explain: 'That hides one symptom for the whole process and leaves the task unowned: nobody awaits it, cancels it on shutdown or sees its exception.',
		},
	],
};

/** What a find-the-line question about the learner's own code asks, by the kind of finding. */
const FIND_LINE_ASKS: Record<Finding['kind'], string> = {
	'blocking-in-async': 'which line keeps the event loop busy',
	'unbounded-spawn': 'which line starts work without a limit',
	'task-lifetime': 'which line starts a task that nobody keeps',
};

/**
 * Builds two questions from a finding in the learner's own code: which line is the problem (graded by the
 * finding itself, so the analyzer decides) and which fix is right (the finding's own suggestion against
 * common wrong fixes). Ids derive from file, line and rule, so a retry keeps them stable.
 */
export function questionsFromFinding(finding: Finding, text: string, languageId: LanguageId, fileLabel: string): Question[] {
	const [lesson, section = ''] = finding.lesson.split('#');
	const lines = text.split('\n');
	const context = finding.context?.range;
	let start = context ? context.startLine : Math.max(0, finding.range.startLine - 6);
	let end = context ? context.endLine : Math.min(lines.length - 1, finding.range.startLine + 6);
	if (end - start + 1 > MAX_LINES) {
		start = Math.max(start, finding.range.startLine - Math.floor(MAX_LINES / 2));
		end = Math.min(end, start + MAX_LINES - 1);
	}
	const snippet = dedent(lines.slice(start, end + 1));
	const line = finding.range.startLine - start + 1;
	const id = `code-${fnv1a(`${fileLabel}:${finding.range.startLine}:${finding.ruleId}`).toString(36)}`;
	const where = finding.context ? ` in \`${finding.context.label}\`` : '';
	// Questions about the learner's own code apply a lesson to a new case: difficulty 2.
	const base = { lesson, section, difficulty: 2 as const, file: fileLabel, fileLine: finding.range.startLine + 1 };
	const findLine: CodeFindLineQuestion = {
		...base,
		id: `${id}-line`,
		kind: 'find-the-line',
		prompt: `From your code (${fileLabel}): ${FIND_LINE_ASKS[finding.kind]}${where}?`,
		language: settingsLanguage(languageId),
		rule: finding.ruleId,
		line,
		key: [line],
		code: snippet,
		explain: finding.message,
	};
	const fix = /Instead: (.+)$/.exec(finding.message)?.[1]?.replace(/\.$/, '');
	if (!fix) {
		return [findLine];
	}
	const choice: ChoiceQuestion = {
		...base,
		id: `${id}-fix`,
		kind: 'single',
		prompt: `Which change fixes \`${finding.callee}\` on line ${finding.range.startLine + 1} of ${fileLabel}?`,
		options: [
			{
				text: `${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`,
				correct: true,
				explain: 'Right: this is the fix the lesson teaches, and it keeps the work bounded.',
			},
			...DISTRACTORS[finding.kind].map((d) => ({ ...d, correct: false })),
		],
	};
	return [findLine, choice];
}

function dedent(lines: string[]): string {
	const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
	return lines
		.map((l) => l.slice(Number.isFinite(indent) ? indent : 0))
		.join('\n')
		.replace(/\s+$/, '');
}
