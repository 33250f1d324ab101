import type { Node } from '@vscode/tree-sitter-wasm';
import type { Detector, Site } from '../../languageSupport';
import { compact, parentOf, shorten } from '../../syntaxHelpers';
import { createGoFacts, type GoFacts } from './facts';

const INSTEAD =
	'acquire a slot before starting it (`sem <- struct{}{}` with `sem := make(chan struct{}, N)`), or use `errgroup` with `g.SetLimit(N)`, or a fixed set of workers reading from a channel';

/**
 * `go` statements, and `Go(…)` on an errgroup or WaitGroup (Go 1.25), started once per item or per
 * request. The engine decides whether the place repeats without a bound; this only recognizes the spawn.
 */
export const unboundedTaskSpawn: Detector = {
	ruleId: 'unbounded-task-spawn',
	mode: 'per-item',
	trigger: /\bgo\b(?=\s*[\w(])|\bGo(?=\s*\()/g,
	detect(node, file) {
		if (node.type === 'go' && parentOf(node)?.type === 'go_statement') {
			return goStatement(parentOf(node)!);
		}
		if (node.type === 'field_identifier' && node.text === 'Go') {
			return groupGo(node, file.facts(createGoFacts));
		}
		return undefined;
	},
};

function goStatement(statement: Node): Site {
	const call = statement.namedChildren.find((c) => c?.type === 'call_expression');
	const fn = call?.childForFieldName('function');
	const callee = !fn || fn.type === 'func_literal' ? 'go func' : `go ${shorten(compact(fn.text), 32)}`;
	return { node: statement, callee, instead: INSTEAD };
}

/** `g.Go(func() error {…})` on an errgroup, `wg.Go(func() {…})` on a WaitGroup. */
function groupGo(name: Node, facts: GoFacts): Site | undefined {
	const selector = parentOf(name);
	const call = parentOf(selector);
	if (selector?.type !== 'selector_expression' || call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector.id) {
		return undefined;
	}
	const receiver = selector.childForFieldName('operand');
	const receiverName = receiver?.type === 'selector_expression' ? receiver.childForFieldName('field')?.text : receiver?.text;
	const literal = call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'func_literal');
	// Without a declaration in sight, a literal returning `error` is what errgroup.Group.Go takes.
	const known = receiverName !== undefined && facts.groups.has(receiverName);
	if (!receiver || !(known || compact(literal?.childForFieldName('result')?.text ?? '') === 'error')) {
		return undefined;
	}
	return { node: call, callee: `${shorten(compact(receiver.text), 24)}.Go`, instead: INSTEAD };
}
