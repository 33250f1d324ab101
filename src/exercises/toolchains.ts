import { probe } from '../labs/machine';
import type { Machine } from '../labs/types';
import type { ExerciseRuntime } from './types';

// The toolchains the exercises' checks run with: found, never assumed. Node is the one running us (VS Code's
// own, or the CLI's); Python and Go come from the labs' machine probe; Java and Rust are probed here.

export interface Toolchains {
	python?: string;
	go?: string;
	java?: { javac: string; java: string };
	rustc?: string;
}

export async function findToolchains(machine: Machine): Promise<Toolchains> {
	const [javac, java, rustc] = await Promise.all([probe('javac', ['-version']), probe('java', ['-version']), probe('rustc', ['--version'])]);
	return {
		...(machine.python ? { python: machine.python.executable } : {}),
		...(machine.go ? { go: machine.go.command } : {}),
		...(javac && java ? { java: { javac: 'javac', java: 'java' } } : {}),
		...(rustc ? { rustc: 'rustc' } : {}),
	};
}

/** Why this runtime cannot run here (a sentence the check result shows), or undefined when it can. */
export function missingToolchain(runtime: ExerciseRuntime, toolchains: Toolchains): string | undefined {
	switch (runtime) {
		case 'node':
		case 'typescript':
			return undefined;
		case 'python':
			return toolchains.python ? undefined : 'no Python 3.8 or later was found (`python3` on the PATH, or the interpreter the Python extension selected)';
		case 'go':
			return toolchains.go ? undefined : 'no `go` command was found on the PATH (install Go from go.dev/dl)';
		case 'java':
			return toolchains.java ? undefined : 'no `javac` and `java` were found on the PATH (install a JDK, 17 or later)';
		case 'rust':
			return toolchains.rustc ? undefined : 'no `rustc` was found on the PATH (install Rust from rustup.rs)';
	}
}
