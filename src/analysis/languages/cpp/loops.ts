import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext, LoopScope } from '../../languageSupport';
import { counterComparison, limitIterations, type CounterComparison } from '../../loopHelpers';
import { boundNames, compact, constantIterations, integerLiteral, type Iterations, loopHeader, parentOf, shorten, unwrapParens } from '../../syntaxHelpers';
import { argumentsOf, isCall, qualifiedCallee } from './calls';
import { isDeclared } from './facts';

// --- Loops: statements, and the standard algorithms that call a lambda once per element

/** Limits that follow the input: a container's size, a string's length, the command line. */
const INPUT_LIMIT =
	/\.\s*(?:size|length|count)\s*\(\s*\)|->\s*(?:size|length|count)\s*\(\s*\)|\b(?:std\s*::\s*)?(?:size|ssize|distance|strlen|wcslen)\s*\(|\bargc\b/;
/** Conditions that mean "until told to stop": `true`, `1`, a running flag, `!stop_`. */
const FOREVER =
	/^(?:true|1|TRUE|!?\s*[\w.>-]*?(?:running|run|alive|active|stop|stopped|stopping|done|quit|exit|shutdown|cancel\w*|terminate\w*|keep_?going|keepRunning)\w*(?:\s*(?:\.|->)\s*load)?(?:\s*\([^()]*\))?)$/i;

/** Retry loops run again only when the previous attempt failed: `do … while (err == EINTR)`. */
const RETRY = /\bE(?:INTR|AGAIN|WOULDBLOCK|BUSY)\b|\b(?:retr(?:y|ies)|attempts?|tries)\b/i;

/** The algorithms whose lambda runs once per element, on the caller's thread: implicit loops. */
const PER_ELEMENT_ALGORITHMS = /^std::(?:ranges::)?(?:for_each|for_each_n|transform|generate|generate_n)$/;
/** Algorithms taking a count instead of a range: the count is the argument after the first iterator. */
const COUNTED_ALGORITHMS = /_n$/;

/** A size of the input, not a `sizeof` (a compile-time constant). */
const INPUT_SIZE = new RegExp(`^(?!.*\\bsizeof\\b).*?(?:${INPUT_LIMIT.source})`);

/** How often a counter loop runs up to `limit` (the text of `i < limit`). */
const countIterations = (limit: string) => limitIterations(limit, INPUT_SIZE);

/**
 * Loops over a container of threads (`for (auto& t : threads) t = std::thread(…)`, `i < workers_.size()`)
 * run once per thread already decided on: the pool's size, not the input's.
 */
function walksThreads(source: string, file: FileContext, at: Node): boolean {
	const name = /^[\s(]*(?:this\s*->\s*)?(\w+)/.exec(source)?.[1];
	return !!name && isDeclared(file, 'thread-container', name, at);
}

/** `i < n`, `n > i`, `i != n` (counting up), or the initializer of a loop counting down. */
function forIterations(node: Node, file: FileContext): Iterations {
	const iterations = counterIterations(node);
	if (iterations.bound === 'input' && iterations.source !== undefined && walksThreads(iterations.source, file, node)) {
		return { bound: 'count' };
	}
	// `for (size_t at = 0; at < data.size(); at += chunk)`: one per chunk, and chunks are usually sized per thread.
	const step = /\+=\s*(.+)$/.exec(node.childForFieldName('update')?.text ?? '')?.[1];
	return iterations.bound === 'input' && step !== undefined && integerLiteral(step.trim()) !== 1 ? { bound: 'count' } : iterations;
}

/** A counter comparison whose counter is a plain name; `!=` counts up, as in `it != items.end()`. */
function cppCounter(condition: Node): CounterComparison | undefined {
	const comparison = counterComparison(unwrapParens(condition), ['<', '<=', '!=']);
	return comparison?.counter.type === 'identifier' ? comparison : undefined;
}

function counterIterations(node: Node): Iterations {
	const condition = node.childForFieldName('condition');
	if (!condition) {
		return { bound: 'infinite' };
	}
	const comparison = cppCounter(condition);
	if (!comparison) {
		return conditionIterations(condition);
	}
	const limit = comparison.limit.text;
	const update = node.childForFieldName('update')?.text ?? '';
	if (/--|-=/.test(update)) {
		// `for (int i = n - 1; i >= 0; --i)`: the count is where the counter starts.
		const start = /=\s*([^;]+?)\s*(?:-\s*1\s*)?;?\s*$/.exec(node.childForFieldName('initializer')?.text ?? '');
		return start ? countIterations(start[1]) : { bound: 'count' };
	}
	if (/\.\s*end\s*\(|\bend\s*\(|\bnullptr\b|\bNULL\b/.test(limit)) {
		// `it != items.end()`: an iterator walk over a container.
		return { bound: 'input', source: limit.replace(/\s*(?:\.|->)\s*c?end\s*\(\s*\)$/, '') };
	}
	return countIterations(limit);
}

/** While-style conditions: a running flag or `true` runs forever, a counter counts, anything else reads input. */
function conditionIterations(condition: Node): Iterations {
	const value = unwrapParens(condition.type === 'condition_clause' ? (condition.childForFieldName('value') ?? condition) : condition);
	const text = compact(value.text);
	if (FOREVER.test(text)) {
		return { bound: 'infinite' };
	}
	if (/^(?:false|0|FALSE)$/.test(text)) {
		// `do { … } while (0)`: a block that runs once (the macro idiom).
		return constantIterations(1);
	}
	if (RETRY.test(text)) {
		return { bound: 'count' };
	}
	if (value.type === 'update_expression' || /^\w+--|^--\w+/.test(text)) {
		// `while (n--)`, `while (retries-- > 0)`.
		return { bound: 'count' };
	}
	const comparison = cppCounter(value);
	if (comparison?.direction === 'down') {
		// `while (n > 0)`: counts down something set before the loop.
		return { bound: 'count' };
	}
	if (comparison) {
		const iterations = countIterations(comparison.limit.text);
		// `while (i < 10)` counts; `while ((n = read(…)) > 0)` reads (its counter is not a plain name).
		if (iterations.bound !== 'input' || INPUT_LIMIT.test(comparison.limit.text)) {
			return iterations;
		}
	}
	return { bound: 'input', source: text };
}

function rangeIterations(iterable: Node, file: FileContext): Iterations {
	if (iterable.type === 'initializer_list') {
		return constantIterations(iterable.namedChildCount);
	}
	if (walksThreads(iterable.text, file, iterable)) {
		return { bound: 'count' };
	}
	if (isCall(iterable) && qualifiedCallee(iterable, file, (q) => /^std::(?:ranges::)?views::iota$|^std::ranges::iota_view$/.test(q))) {
		const args = argumentsOf(iterable);
		return args.length === 2 ? countIterations(args[1].text) : { bound: 'infinite' };
	}
	return { bound: 'input', source: iterable.text };
}

/** `std::for_each(items.begin(), items.end(), [&](auto& x) { … })`: the lambda is the body. */
function algorithmLoop(call: Node, file: FileContext): LoopScope | undefined {
	const fn = call.childForFieldName('function');
	if (!fn || !/(?:for_each|transform|generate)(?:_n)?$/.test(fn.text)) {
		return undefined;
	}
	const name = qualifiedCallee(call, file, (q) => PER_ELEMENT_ALGORITHMS.test(q));
	const args = argumentsOf(call);
	const body = args[args.length - 1];
	if (!name || body?.type !== 'lambda_expression') {
		return undefined;
	}
	const ranged = args.filter((a) => !/execution\s*::/.test(a.text));
	const source = ranged[0]?.text.replace(/\s*(?:\.|->)\s*c?begin\s*\(\s*\)$|^\s*(?:std\s*::\s*)?c?begin\s*\(\s*|\s*\)\s*$/g, '');
	let iterations: Iterations = source !== undefined && walksThreads(source, file, call) ? { bound: 'count' } : { bound: 'input', source };
	if (COUNTED_ALGORITHMS.test(name) && ranged.length >= 3) {
		iterations = countIterations(ranged[1].text);
	}
	const parameters = body.childForFieldName('declarator')?.childForFieldName('parameters');
	const variables = (parameters?.namedChildren ?? []).flatMap((p) => boundNames(p?.childForFieldName('declarator')));
	return { node: call, label: shorten(`${name}(…)`), ...iterations, body, implicit: true, variables };
}

/** The loop `node` is, if it is one: for, range-for, while, do-while, or a per-element algorithm call. */
export function cppLoopScope(node: Node, file: FileContext): LoopScope | undefined {
	const body = node.childForFieldName('body');
	switch (node.type) {
		case 'for_statement':
			return body ? { node, label: loopHeader(node, body), ...forIterations(node, file), body, variables: forVariables(node) } : undefined;
		case 'for_range_loop': {
			const iterable = node.childForFieldName('right');
			if (!body || !iterable) {
				return undefined;
			}
			return { node, label: loopHeader(node, body), ...rangeIterations(iterable, file), body, variables: boundNames(node.childForFieldName('declarator')) };
		}
		case 'while_statement': {
			const condition = node.childForFieldName('condition');
			return body && condition ? { node, label: loopHeader(node, body), ...conditionIterations(condition), body } : undefined;
		}
		case 'do_statement': {
			const condition = node.childForFieldName('condition');
			return body && condition ? { node, label: shorten(`do … while ${condition.text}`), ...conditionIterations(condition), body } : undefined;
		}
		case 'call_expression':
			return algorithmLoop(node, file);
		case 'function_definition':
			return macroLoop(node, body);
		default:
			return undefined;
	}
}

/** `BOOST_FOREACH(auto& x, items) { … }`, `Q_FOREACH(x, list) { … }`, `foreach (x, list) { … }`: a loop over the input. */
function macroLoop(node: Node, body: Node | null): LoopScope | undefined {
	if (!body || parentOf(node)?.type !== 'compound_statement') {
		return undefined;
	}
	const declarator = node.childForFieldName('declarator');
	const name = declarator?.childForFieldName('declarator')?.text ?? '';
	if (declarator?.type !== 'function_declarator' || !/^(?:BOOST_FOREACH|BOOST_REVERSE_FOREACH|Q_FOREACH|foreach|FOREACH|FOR_EACH)$/.test(name)) {
		return undefined;
	}
	const parameters = declarator.childForFieldName('parameters')?.namedChildren ?? [];
	const source = parameters[parameters.length - 1]?.text;
	return { node, label: loopHeader(node, body), bound: 'input', source, body, variables: boundNames(parameters[0]?.childForFieldName('declarator')) };
}

function forVariables(node: Node): string[] {
	const init = node.childForFieldName('initializer');
	if (init?.type === 'declaration') {
		return init.namedChildren.flatMap((d) => (d?.type === 'init_declarator' ? boundNames(d.childForFieldName('declarator')) : []));
	}
	const counter = init?.type === 'assignment_expression' ? init.childForFieldName('left') : undefined;
	return counter?.type === 'identifier' ? [counter.text] : [];
}
