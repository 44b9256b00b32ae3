/**
 * A code cell's syntax, checked on the host as the user types (issue #27), without running
 * anything: acorn parses the text into a tree and nothing is evaluated, so the page's CSP (no
 * 'unsafe-eval') is kept. The text is parsed exactly as the sandbox compiles it (run-code.ts):
 * the body of a plain, strict-mode function whose parameters are `inputs` and the input
 * variables, so `return` at the top is valid, `await` is not, and redeclaring an input variable
 * is the same error it is in QuickJS.
 */
import { parse } from 'acorn';
import { inputVariables } from './input-variables';

export { inputVariables, SANDBOX_RESERVED_NAMES } from './input-variables';

export interface SyntaxProblem {
  /** 1-based line of the user's code. */
  line: number;
  /** 1-based column (as the editor and the sandbox's messages count). */
  column: number;
  message: string;
}

/** What comes before the code: one line, so the code's line L is the parsed text's line L + 1. */
const wrapperHead = (variables: readonly string[]) => `(function (inputs${variables.map((n) => `, ${n}`).join('')}) {"use strict";\n`;
const WRAPPER_TAIL = '\n})';

/** acorn's message without the "(line:column)" it appends: the caller says where. */
const plainMessage = (message: string) => message.replace(/\s*\(\d+:\d+\)\s*$/, '');

/** A friendlier word for the mistakes people make most in a function body. */
function explain(message: string, code: string, offset: number): string {
  if (offset >= code.length && /^Unexpected token/.test(message)) return 'Unexpected end of the code: is a brace, bracket or parenthesis left open?';
  if (message === 'Unexpected token') {
    const token = /^(?:[\w$]+|\S)/.exec(code.slice(offset))?.[0];
    if (token && !/^await$/.test(token) && !/\bawait\s*$/.test(code.slice(0, offset))) return `Unexpected "${token}"`;
  }
  if (/^Cannot use keyword 'await'|await is only valid/i.test(message) || (/^Unexpected token/.test(message) && /\bawait\s*$/.test(code.slice(0, offset)))) {
    return `${message}: the code is not an async function; use promise.then(…) or return the promise`;
  }
  return message;
}

/**
 * The first syntax error of `code` as the sandbox would compile it, or undefined when there is
 * none. `inputNames`: the cell's input names (those that are variables are the function's
 * parameters, so `let data = …` with an input `data` is an error, as in the sandbox).
 */
export function checkSyntax(code: string, inputNames: readonly string[] = []): SyntaxProblem | undefined {
  const head = wrapperHead(inputVariables(inputNames));
  const text = `${head}${code}${WRAPPER_TAIL}`;
  const codeLines = code.split('\n');
  const lastLine = codeLines.length;
  /** A position past the end of the code (an unclosed brace) is reported at the code's end. */
  const atCode = (line: number, column: number): { line: number; column: number } => {
    const l = line - 1;
    if (l < 1) return { line: 1, column: 1 };
    if (l > lastLine) return { line: lastLine, column: codeLines[lastLine - 1]!.length + 1 };
    return { line: l, column: column + 1 };
  };
  let program: ReturnType<typeof parse>;
  try {
    program = parse(text, { ecmaVersion: 'latest', sourceType: 'script', locations: true });
  } catch (err) {
    const e = err as SyntaxError & { loc?: { line: number; column: number }; pos?: number };
    if (!e.loc) return { line: 1, column: 1, message: plainMessage(e.message) };
    const offset = Math.max(0, (e.pos ?? head.length) - head.length);
    return { ...atCode(e.loc.line, e.loc.column), message: explain(plainMessage(e.message), code, offset) };
  }
  // A `})` in the code closes the wrapper's function early, and what follows would run as a
  // script of its own: parsed, but not a function body. Point at the brace that closes it.
  const statement = program.body[0];
  if (program.body.length !== 1 || statement?.type !== 'ExpressionStatement' || statement.expression.type !== 'FunctionExpression' || statement.end !== text.length) {
    const fn = statement?.type === 'ExpressionStatement' && statement.expression.type === 'FunctionExpression' ? statement.expression : undefined;
    const brace = fn?.body.loc?.end;
    const where = brace ? atCode(brace.line, Math.max(0, brace.column - 1)) : { line: 1, column: 1 };
    return { ...where, message: 'Unexpected "}": it closes more than the code opened' };
  }
  return undefined;
}
