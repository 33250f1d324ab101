import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileContext } from '../../languageSupport';
import { codeMatches } from '../../syntaxHelpers';

// --- Facts about one C# file, computed on first use from the text (no tree walk)

export interface CSharpFacts {
	/** `using Alias = Some.Namespace.Type;` → `Alias` → `Some.Namespace.Type`. */
	aliases: Map<string, string>;
	/** Classes imported with `using static`, by short name: `using static System.IO.File;` → `File`. */
	staticClasses: Set<string>;
	/** Namespaces the file imports (`using System.Threading;`), including `global using`. */
	namespaces: Set<string>;
	/** Types the file declares itself: a local `class File` is not `System.IO.File`. */
	localTypes: Set<string>;
	/** Methods and local functions the file declares, by name: bare calls to them are not `using static` imports. */
	localMethods: Set<string>;
	/** Methods the file declares as returning `Task`/`ValueTask`: calling one yields a task whatever its name. */
	taskMethods: Set<string>;
}

const USING = /^[ \t]*(?:global[ \t]+)?using[ \t]+(static[ \t]+)?(?:(\w+)[ \t]*=[ \t]*)?([\w.:]+)[ \t]*;/gm;
const TYPE_DECLARATION = /\b(?:class|struct|interface|record|enum|delegate[ \t]+[\w<>.,? \t]+?)[ \t]+(\w+)/g;
/** A method or local function header: a return type, a name, then `(` (or `<` for generic methods). */
const METHOD_DECLARATION =
	/^[ \t]*(?:(?:public|private|protected|internal|static|async|virtual|override|sealed|abstract|extern|unsafe|new|partial|readonly)[ \t]+)*([\w<>[\],.?]+(?:[ \t]*<[^>\n]*>)?)[ \t]+(\w+)[ \t]*(?:<[^>\n]*>)?[ \t]*\(/gm;
const TASK_METHOD = /\b(?:Task|ValueTask)(?:[ \t]*<[^;{}()]*>)?[ \t]+(\w+)[ \t]*(?:<[^>\n]*>)?[ \t]*\(/g;
const NOT_A_TYPE = /^(?:return|await|throw|new|else|case|goto|yield|in|is|as|out|ref|using|var|if|for|foreach|while|switch|lock|catch|nameof|typeof|sizeof)$/;

export function createCSharpFacts(root: Node, text: string): CSharpFacts {
	const aliases = new Map<string, string>();
	const staticClasses = new Set<string>();
	const namespaces = new Set<string>();
	const inCode = (pattern: RegExp) => codeMatches(root, text, pattern);
	for (const hit of inCode(USING)) {
		const target = hit[3].replace(/^global::/, '');
		if (hit[2]) {
			aliases.set(hit[2], target);
		} else if (hit[1]) {
			staticClasses.add(target.split('.').pop()!);
		} else {
			namespaces.add(target);
		}
	}
	const localTypes = new Set(inCode(TYPE_DECLARATION).map((m) => m[1]));
	const localMethods = new Set<string>();
	for (const hit of inCode(METHOD_DECLARATION)) {
		if (!NOT_A_TYPE.test(hit[1]) && !NOT_A_TYPE.test(hit[2])) {
			localMethods.add(hit[2]);
		}
	}
	const taskMethods = new Set(inCode(TASK_METHOD).map((m) => m[1]));
	return { aliases, staticClasses, namespaces, localTypes, localMethods, taskMethods };
}

export function csharpFacts(file: FileContext): CSharpFacts {
	return file.facts(createCSharpFacts);
}
