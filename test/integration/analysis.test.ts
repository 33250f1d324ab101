import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { closeAllEditors, extensionApi, ourDiagnostics, ruleOf, waitFor, workspaceFile, type Api } from './api';

/** One sample file per language and the rules Concurrency Lens must report in it. */
const SAMPLES: [file: string, rules: string[]][] = [
	['orders.py', ['blocking-call-in-async', 'unbounded-thread-spawn']],
	['server.js', ['blocking-call-in-async', 'unbounded-thread-spawn']],
	['report.ts', ['blocking-call-in-async']],
	['crawler.go', ['unbounded-task-spawn']],
	['Mailer.java', ['unbounded-thread-spawn']],
	['Cache.cs', ['blocking-call-in-async', 'blocking-wait-in-async']],
	['fetch.rs', ['blocking-call-in-async', 'unbounded-task-spawn']],
	['resize.cpp', ['unbounded-thread-spawn']],
];

async function openAndWait(name: string, rules: string[]): Promise<vscode.TextEditor> {
	const editor = await vscode.window.showTextDocument(workspaceFile(name));
	await waitFor(`${rules.join(', ')} in ${name}`, () => {
		const found = new Set(ourDiagnostics(editor.document.uri).map(ruleOf));
		return rules.every((r) => found.has(r));
	});
	return editor;
}

async function setSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration('concurrencyLens').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Analysis in the editor', () => {
	let api: Api;
	suiteSetup(async () => {
		api = await extensionApi();
	});
	teardown(async () => {
		for (const key of ['rules', 'languages', 'codeLens.enabled', 'mode']) {
			await setSetting(key, undefined);
		}
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		await closeAllEditors();
	});

	for (const [file, rules] of SAMPLES) {
		test(`${file}: diagnostics and CodeLens for ${rules.join(', ')}, each linked to its lesson`, async () => {
			const editor = await openAndWait(file, rules);
			const diagnostics = ourDiagnostics(editor.document.uri);
			for (const d of diagnostics) {
				assert.ok(
					typeof d.code === 'object' && d.code.target.toString().startsWith(`${vscode.env.uriScheme}://concurrency-lens.concurrency-lens/lesson/`),
					`code links to a lesson: ${JSON.stringify(d.code)}`,
				);
			}
			const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
			const ours = lenses.filter((l) => l.command?.command === 'concurrencyLens.openLesson');
			assert.equal(ours.length, diagnostics.length, 'one CodeLens per finding in learner mode');
			assert.ok(
				ours.every((l) => /— why\?$/.test(l.command!.title)),
				ours.map((l) => l.command?.title).join(' | '),
			);
		});
	}

	test('a CodeLens opens the lesson section that explains the finding', async () => {
		const editor = await openAndWait('orders.py', ['blocking-call-in-async']);
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
		const lens = lenses.find((l) => /blocks the event loop/.test(l.command?.title ?? ''))!;
		assert.deepEqual(lens.command!.arguments, ['event-loop', 'blocking-calls']);
		await vscode.commands.executeCommand(lens.command!.command, ...lens.command!.arguments);
		await waitFor('the event-loop lesson panel', () => api.lessons.get('event-loop'));
	});

	test('the hover explains the finding with links to the lesson and a quiz', async () => {
		const editor = await openAndWait('orders.py', ['blocking-call-in-async']);
		const d = ourDiagnostics(editor.document.uri).find((x) => ruleOf(x) === 'blocking-call-in-async')!;
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, d.range.start);
		const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
		assert.match(text, /time\.sleep/);
		assert.match(text, /command:concurrencyLens\.openLesson/);
		assert.match(text, /command:concurrencyLens\.quizFromFinding/);
	});

	test('quick fix rewrites time.sleep to await asyncio.sleep and the finding disappears', async () => {
		const editor = await openAndWait('orders.py', ['blocking-call-in-async']);
		const d = ourDiagnostics(editor.document.uri).find((x) => ruleOf(x) === 'blocking-call-in-async')!;
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
			'vscode.executeCodeActionProvider',
			editor.document.uri,
			d.range,
			vscode.CodeActionKind.QuickFix.value,
		);
		const titles = actions.map((a) => a.title);
		assert.ok(
			titles.some((t) => /^Open lesson: /.test(t)),
			titles.join(' | '),
		);
		assert.ok(titles.includes('Ignore blocking-call-in-async on this line (with a reason)…'), titles.join(' | '));
		assert.ok(titles.some((t) => t === 'Disable rule blocking-call-in-async in settings'));
		const rewrite = actions.find((a) => a.title === 'Use `await asyncio.sleep(…)`');
		assert.ok(rewrite?.edit, titles.join(' | '));
		await vscode.workspace.applyEdit(rewrite.edit);
		assert.equal(editor.document.lineAt(d.range.start.line).text.trim(), 'await asyncio.sleep(0.5)  # pretend to wait for the payment provider');
		await waitFor('the finding to disappear', () => !ourDiagnostics(editor.document.uri).some((x) => ruleOf(x) === 'blocking-call-in-async'));
	});

	test('quick fixes for Node, C# and Rust produce the awaited APIs', async () => {
		const expectations: [string, string, RegExp][] = [
			['server.js', 'blocking-call-in-async', /await fs\.promises\.readFile\('\.\/page\.html', 'utf8'\)/],
			['Cache.cs', 'blocking-call-in-async', /await Task\.Delay\(500\);/],
			['Cache.cs', 'blocking-wait-in-async', /\(await http\.GetStringAsync\(url\)\);/],
			['fetch.rs', 'blocking-call-in-async', /tokio::time::sleep\(Duration::from_millis\(200\)\)\.await;/],
		];
		for (const [file, rule, expected] of expectations) {
			const editor = await openAndWait(file, [rule]);
			const d = ourDiagnostics(editor.document.uri).find((x) => ruleOf(x) === rule)!;
			const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
				'vscode.executeCodeActionProvider',
				editor.document.uri,
				d.range,
				vscode.CodeActionKind.QuickFix.value,
			);
			const rewrite = actions.find((a) => a.isPreferred && a.edit);
			assert.ok(rewrite, `${file}: no rewrite among ${actions.map((a) => a.title).join(' | ')}`);
			await vscode.workspace.applyEdit(rewrite.edit!);
			assert.match(editor.document.lineAt(d.range.start.line).text, expected);
			await waitFor(
				`${rule} to disappear from ${file}`,
				() => !ourDiagnostics(editor.document.uri).some((x) => ruleOf(x) === rule && x.range.start.line === d.range.start.line),
			);
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		}
	});

	/** Files fixed by hand the way the lessons teach; every finding in them must go away. */
	const HAND_FIXES: [file: string, rules: string[], fix: (text: string) => string][] = [
		[
			'crawler.go',
			['unbounded-task-spawn'],
			(t) =>
				t
					.replace('\tvar wg sync.WaitGroup\n', '\tvar wg sync.WaitGroup\n\tsem := make(chan struct{}, 8)\n')
					.replace('\t\twg.Add(1)\n', '\t\twg.Add(1)\n\t\tsem <- struct{}{}\n'),
		],
		[
			'Mailer.java',
			['unbounded-thread-spawn'],
			(t) =>
				t
					.replace('import java.util.List;', 'import java.util.List;\nimport java.util.concurrent.ExecutorService;\nimport java.util.concurrent.Executors;')
					.replace('public class Mailer {', 'public class Mailer {\n    private final ExecutorService pool = Executors.newFixedThreadPool(4);')
					.replace('new Thread(() -> send(to)).start();', 'pool.submit(() -> send(to));'),
		],
		['resize.cpp', ['unbounded-thread-spawn'], (t) => t.replace('threads.emplace_back(resize, path);', 'resize(path);')],
		[
			'report.ts',
			['blocking-call-in-async'],
			(t) =>
				t
					.replace("import { execSync } from 'node:child_process';", "import { execFile } from 'node:child_process';\nimport { promisify } from 'node:util';")
					.replace(
						"function gitRevision(): string {\n  return execSync('git rev-parse HEAD').toString().trim();",
						"async function gitRevision(): Promise<string> {\n  return (await promisify(execFile)('git', ['rev-parse', 'HEAD'])).stdout.trim();",
					)
					.replace('${gitRevision()}', '${await gitRevision()}'),
		],
	];

	for (const [file, rules, fix] of HAND_FIXES) {
		test(`${file}: fixed by hand as the lesson teaches, its findings disappear`, async () => {
			const editor = await openAndWait(file, rules);
			const fixed = fix(editor.document.getText());
			assert.notEqual(fixed, editor.document.getText(), 'the fix must change the sample');
			await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), fixed));
			await waitFor(`the ${file} findings to disappear`, () => ourDiagnostics(editor.document.uri).length === 0);
		});
	}

	test('settings apply without reload: off, severity, language switch and CodeLens', async () => {
		const editor = await openAndWait('orders.py', ['blocking-call-in-async', 'unbounded-thread-spawn']);
		const uri = editor.document.uri;
		await setSetting('rules', { 'blocking-call-in-async': 'off' });
		await waitFor('the rule to switch off', () => !ourDiagnostics(uri).some((d) => ruleOf(d) === 'blocking-call-in-async'));
		await setSetting('rules', { 'unbounded-thread-spawn': 'error' });
		await waitFor('the severity to become Error', () =>
			ourDiagnostics(uri).some((d) => ruleOf(d) === 'unbounded-thread-spawn' && d.severity === vscode.DiagnosticSeverity.Error),
		);
		await setSetting('codeLens.enabled', false);
		await waitFor(
			'CodeLens to go away',
			async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).length === 0,
		);
		await setSetting('languages', { python: false });
		await waitFor('Python analysis to switch off', () => ourDiagnostics(uri).length === 0);
	});

	test('pro mode shows one quiet CodeLens per function or loop', async () => {
		await setSetting('mode', 'pro');
		const editor = await openAndWait('Cache.cs', ['blocking-call-in-async', 'blocking-wait-in-async']);
		const lenses = await waitFor('pro lenses', async () => {
			const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)).filter(
				(l) => l.command?.command === 'concurrencyLens.openLesson',
			);
			return all.length === 1 ? all : undefined;
		});
		assert.match(lenses[0].command!.title, /2 concurrency findings/);
	});

	test('a blocking helper in another file: flagged at the call, linked to the blocking line, refreshed when the helper is saved or changed on disk', async () => {
		const helperUri = workspaceFile('crossfile/store.py');
		const viewsUri = workspaceFile('crossfile/views.py');
		const encode = (text: string) => new TextEncoder().encode(text);
		await vscode.workspace.fs.writeFile(helperUri, encode('import time\n\ndef load(key):\n    time.sleep(0.5)\n    return key\n'));
		await vscode.workspace.fs.writeFile(viewsUri, encode('from store import load\n\nasync def show(key):\n    return load(key)\n'));
		try {
			await vscode.window.showTextDocument(viewsUri);
			const [diagnostic] = await waitFor('the cross-file finding', () => {
				const found = ourDiagnostics(viewsUri);
				return found.length > 0 ? found : undefined;
			});
			assert.equal(ruleOf(diagnostic), 'blocking-call-in-async');
			assert.equal(diagnostic.range.start.line, 3);
			assert.match(diagnostic.message, /`load\(\)` \(in `crossfile\/store\.py`\) calls `time\.sleep`/);
			const origin = diagnostic.relatedInformation?.find((r) => r.location.uri.toString() === helperUri.toString());
			assert.equal(origin?.location.range.start.line, 3, 'the related information points at the blocking line');
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', viewsUri, diagnostic.range.start);
			const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
			assert.match(hover, /store\.py#L4,5/, 'the hover links to the blocking line');

			const helper = await vscode.window.showTextDocument(helperUri, { preview: false });
			await helper.edit((b) => b.replace(new vscode.Range(3, 0, 4, 0), ''));
			assert.equal(ourDiagnostics(viewsUri).length, 1, 'an unsaved change is not read yet');
			await helper.document.save();
			await waitFor('the finding to go once the helper is saved', () => ourDiagnostics(viewsUri).length === 0);

			// Changes made outside the editor (a checkout, a generator): the file watcher brings them in.
			await closeAllEditors();
			await vscode.window.showTextDocument(viewsUri);
			writeFileSync(helperUri.fsPath, 'import time\n\ndef load(key):\n    time.sleep(0.5)\n    return key\n');
			await waitFor('the finding to come back once the helper changes on disk', () => ourDiagnostics(viewsUri).length === 1);
			rmSync(helperUri.fsPath);
			await waitFor('the finding to go once the helper is deleted', () => ourDiagnostics(viewsUri).length === 0);
		} finally {
			await closeAllEditors();
			await vscode.workspace.fs.delete(workspaceFile('crossfile'), { recursive: true });
		}
	});

	test('Scan Workspace reports the expected counts per rule and language', async () => {
		const summary = await vscode.commands.executeCommand<{ files: number; findings: number; counts: Record<string, Record<string, number>> }>(
			'concurrencyLens.scanWorkspace',
		);
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		assert.equal(summary.files, 8, JSON.stringify(summary));
		assert.deepEqual(summary.counts, {
			'blocking-call-in-async': { Python: 1, JavaScript: 1, TypeScript: 1, 'C#': 1, Rust: 1 },
			'blocking-wait-in-async': { 'C#': 1 },
			'unbounded-thread-spawn': { Python: 1, JavaScript: 1, Java: 1, 'C++': 1 },
			'unbounded-task-spawn': { Go: 1, Rust: 1 },
		});
		assert.equal(summary.findings, 12, JSON.stringify(summary));
		assert.ok(ourDiagnostics(workspaceFile('Mailer.java')).length > 0, 'results of unopened files reach the Problems panel');
	});

	test('"Quiz me on my code" builds a find-the-line question from the finding', async () => {
		const editor = await openAndWait('orders.py', ['unbounded-thread-spawn']);
		const d = ourDiagnostics(editor.document.uri).find((x) => ruleOf(x) === 'unbounded-thread-spawn')!;
		await vscode.commands.executeCommand('concurrencyLens.quizFromFinding', editor.document.uri.toString(), d.range.start.line, 'unbounded-thread-spawn');
		const view = await waitFor('the quiz view', () => api.quiz.lastView);
		assert.equal(view.screen, 'question');
		assert.ok(view.screen === 'question' && /your code/.test(view.title));
	});
});
