import { execFile } from 'node:child_process';
import os from 'node:os';
import type { LabRuntime, Machine } from './types';

// What the labs run on: logical cores and the runtimes found. A runtime is detected, never assumed.

const PYTHON_PROBE = 'import json,sys,sysconfig;print(json.dumps({"version":sys.version.split()[0],"freeThreaded":bool(sysconfig.get_config_var("Py_GIL_DISABLED")) and not getattr(sys,"_is_gil_enabled",lambda:True)(),"executable":sys.executable}))';

/** What a command prints (stdout, else stderr: `java -version` writes there), or undefined when it fails or takes over 5 s. */
export function probe(command: string, args: string[]): Promise<string | undefined> {
	return new Promise((resolve) => {
		execFile(command, args, { timeout: 5000, windowsHide: true }, (error, stdout, stderr) => resolve(error ? undefined : (stdout.trim() || stderr.trim())));
	});
}

export interface MachineOptions {
	/** An interpreter to try first (the one the Python extension selected, or a setting). */
	python?: string;
}

/** The machine and the runtimes on it; the probes run concurrently and each gives up after 5 s. */
export async function describeMachine(options: MachineOptions = {}): Promise<Machine> {
	const candidates = [options.python, 'python3', ...(process.platform === 'win32' ? ['python', 'py'] : [])].filter((c): c is string => !!c);
	const [python, go] = await Promise.all([findPython(candidates), probe('go', ['version'])]);
	const goVersion = /go version go(\S+)/.exec(go ?? '')?.[1];
	return {
		cpus: os.availableParallelism(),
		cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
		platform: process.platform,
		arch: process.arch,
		node: process.versions.node,
		...(python ? { python } : {}),
		...(goVersion ? { go: { version: goVersion, command: 'go' } } : {}),
	};
}

async function findPython(candidates: string[]): Promise<Machine['python']> {
	for (const command of candidates) {
		const out = await probe(command, ['-c', PYTHON_PROBE]);
		try {
			const info = JSON.parse(out ?? '') as NonNullable<Machine['python']>;
			if (/^3\.(\d+)/.test(info.version) && Number(/^3\.(\d+)/.exec(info.version)?.[1]) >= 8) {
				return info;
			}
		} catch {
			// not a Python 3 here: try the next candidate
		}
	}
	return undefined;
}

/** Why a runtime cannot run on this machine, or undefined when it can. */
export function missingRuntime(runtime: LabRuntime, machine: Machine): string | undefined {
	switch (runtime) {
		case 'node':
			return undefined;
		case 'python':
			return machine.python ? undefined : 'this lab needs Python 3.8 or later, and no `python3` was found (install it, or select an interpreter in the Python extension)';
		case 'go':
			return machine.go ? undefined : 'this lab needs Go, and no `go` command was found on the PATH (install it from go.dev/dl, then reload)';
	}
}

/** A short line that names the machine, the key results are kept under. */
export function machineKey(machine: Machine): string {
	return `${machine.cpus} × ${machine.cpuModel} (${machine.platform}-${machine.arch})`;
}
