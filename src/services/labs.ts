import * as vscode from 'vscode';
import { findLab } from '../labs/catalog';
import { describeMachine, machineKey } from '../labs/machine';
import { DEFAULT_TIMEOUT_MS, LabRunError, runLab } from '../labs/runner';
import type { LabResult, Machine } from '../labs/types';
import { SECTION } from '../config';
import { StateKey } from '../constants';
import { Disposable } from '../util/dispose';

export type LabEvent =
	| { lab: string; state: 'running'; status: string }
	| { lab: string; state: 'done'; result: LabResult }
	| { lab: string; state: 'failed'; message: string };

interface StoredResults {
	version: 1;
	/** By machine key, then lab id: the last result of each lab on each machine the learner uses. */
	machines: Record<string, Record<string, LabResult>>;
}

/**
 * Runs the labs for the extension: one at a time (two experiments side by side would disturb each
 * other's measurements), each cancellable, all cancelled on dispose, so no experiment outlives the
 * extension. The last result per machine is kept in globalState (not synced: it describes this machine).
 */
export class LabService extends Disposable {
	private readonly changed = this._register(new vscode.EventEmitter<LabEvent>());
	readonly onDidChange = this.changed.event;
	private machine: Promise<Machine> | undefined;
	private active: { lab: string; controller: AbortController; pids: number[] } | undefined;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly state: vscode.Memento,
		private readonly log: vscode.LogOutputChannel,
	) {
		super();
		this._register(
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration(`${SECTION}.labs.pythonPath`) || e.affectsConfiguration('python.defaultInterpreterPath')) {
					this.machine = undefined;
				}
			}),
		);
		this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => (this.machine = undefined)));
	}

	/**
	 * This machine and its runtimes, probed once (asynchronously: the probes are child processes). In an
	 * untrusted workspace the interpreter may come only from user settings (`labs.pythonPath` is a restricted
	 * configuration) or the PATH: the Python extension's choice may be a venv inside the workspace.
	 */
	describe(): Promise<Machine> {
		const configured = vscode.workspace.getConfiguration(SECTION).get<string>('labs.pythonPath');
		this.machine ??= describeMachine({ python: configured || (vscode.workspace.isTrusted ? selectedPython() : undefined) });
		return this.machine;
	}

	/** The lab running now, with its processes (tests check that cancel leaves none). */
	get running(): { lab: string; pids: readonly number[] } | undefined {
		return this.active && { lab: this.active.lab, pids: [...this.active.pids] };
	}

	async lastResult(labId: string): Promise<LabResult | undefined> {
		return this.stored().machines[machineKey(await this.describe())]?.[labId];
	}

	/** Runs a lab and returns its result, or undefined when it failed, was cancelled or could not start. */
	async run(labId: string, params: Record<string, unknown>): Promise<LabResult | undefined> {
		const lab = findLab(labId);
		if (!lab) {
			this.changed.fire({ lab: labId, state: 'failed', message: `There is no lab “${labId}”.` });
			return undefined;
		}
		if (this.active) {
			this.changed.fire({
				lab: labId,
				state: 'failed',
				message: `Another experiment (${this.active.lab}) is running; wait for it or cancel it, so the two do not disturb each other's measurements.`,
			});
			return undefined;
		}
		const active = { lab: labId, controller: new AbortController(), pids: [] as number[] };
		this.active = active;
		this.changed.fire({ lab: labId, state: 'running', status: 'Looking at this machine…' });
		try {
			const timeoutS = vscode.workspace.getConfiguration(SECTION).get<number>('labs.timeoutSeconds', DEFAULT_TIMEOUT_MS / 1000);
			const result = await runLab(lab, params, {
				labsDir: vscode.Uri.joinPath(this.extensionUri, 'labs').fsPath,
				machine: await this.describe(),
				signal: active.controller.signal,
				timeoutMs: Math.min(600, Math.max(1, timeoutS)) * 1000,
				onSpawn: (pid) => active.pids.push(pid),
				onProgress: ({ variant, index, total }) =>
					this.changed.fire({ lab: labId, state: 'running', status: `Running ${index + 1} of ${total}: ${variant.label}…` }),
			});
			await this.store(result);
			this.changed.fire({ lab: labId, state: 'done', result });
			return result;
		} catch (e) {
			const message = e instanceof LabRunError ? e.message : `The experiment could not run: ${(e as Error).message}`;
			if (!(e instanceof LabRunError) || e.failure !== 'cancelled') {
				this.log.warn(`lab ${labId}: ${message}`);
			}
			this.changed.fire({ lab: labId, state: 'failed', message: message[0].toUpperCase() + message.slice(1) });
			return undefined;
		} finally {
			this.active = undefined;
		}
	}

	/** Cancels the running lab (the given one, or whichever runs); its process tree is killed. */
	cancel(labId?: string): void {
		if (this.active && (!labId || this.active.lab === labId)) {
			this.active.controller.abort();
		}
	}

	private stored(): StoredResults {
		const raw = this.state.get<unknown>(StateKey.LabResults);
		const valid = (r: unknown): r is LabResult =>
			!!r &&
			typeof r === 'object' &&
			(r as LabResult).version === 1 &&
			typeof (r as LabResult).lab === 'string' &&
			Array.isArray((r as LabResult).variants) &&
			!!(r as LabResult).machine;
		if (raw === undefined) {
			return { version: 1, machines: {} };
		}
		const machines: StoredResults['machines'] = {};
		const given = (raw as Partial<StoredResults>)?.machines;
		for (const [key, labs] of Object.entries(given && typeof given === 'object' ? given : {})) {
			const kept = Object.entries(labs && typeof labs === 'object' ? labs : {}).filter(([id, r]) => findLab(id) && valid(r));
			machines[key] = Object.fromEntries(kept);
		}
		if (!given || typeof given !== 'object') {
			this.log.warn('saved lab results were damaged; starting afresh');
		}
		return { version: 1, machines };
	}

	private async store(result: LabResult): Promise<void> {
		const stored = this.stored();
		const key = machineKey(result.machine);
		stored.machines[key] = { ...stored.machines[key], [result.lab]: result };
		await this.state.update(StateKey.LabResults, stored);
	}

	override dispose(): void {
		this.cancel();
		super.dispose();
	}
}

/** The interpreter the Python extension selected, when that extension is already active (never activated for this). */
function selectedPython(): string | undefined {
	const python = vscode.extensions.getExtension<{ environments?: { getActiveEnvironmentPath(): { path: string } } }>('ms-python.python');
	try {
		return python?.isActive ? python.exports.environments?.getActiveEnvironmentPath().path : undefined;
	} catch {
		return undefined;
	}
}
