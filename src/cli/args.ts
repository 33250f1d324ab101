/** A mistake in the command line: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** By name, not class: the course commands are a bundle of their own, with their own copy of the class. */
export function isUsageError(e: unknown): boolean {
	return (e as Error | undefined)?.name === 'UsageError' || !!(e as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS');
}

export function formatOption(value: string | undefined, allowed: readonly string[]): string {
	const format = value ?? 'text';
	if (!allowed.includes(format)) {
		throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
	}
	return format;
}
