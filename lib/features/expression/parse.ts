/**
 * Pratt parser for derived-feature expressions. Produces a plain-data AST in which every node
 * keeps its source span, so evaluation errors and "why is this NaN" explanations can quote and
 * point at the exact sub-expression.
 *
 * Names are resolved here, against the fixed tables in functions.ts: an unknown name, a wrong
 * argument count or a function used as a variable is a parse error, found before any window is
 * evaluated (a typo must not surface as 300 per-window failures).
 *
 * Precedence, loosest first: or < and < comparison < + - < * / < unary (- not).
 * Binary operators are left-associative; comparisons do not chain (`0 < x < 5` is an error,
 * because read left to right it would silently mean `(0 < x) < 5`).
 */
import { FUNCTIONS, FUNCTIONS_BY_NAME, RESERVED_WORDS, VARIABLES, VARIABLES_BY_NAME } from './functions';
import { ExpressionError, tokenize, type Token } from './tokenize';

/** Deepest nesting of parentheses, calls and unary operators accepted. */
export const MAX_NESTING_DEPTH = 64;

export type BinaryOperator = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';
export type UnaryOperator = '-' | 'not';

/** Common to every node: the 0-based half-open span [pos, end) in the source. */
interface Span {
  pos: number;
  end: number;
}
export type ExpressionNode =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'variable'; name: string })
  | (Span & { kind: 'unary'; op: UnaryOperator; operand: ExpressionNode })
  | (Span & { kind: 'binary'; op: BinaryOperator; left: ExpressionNode; right: ExpressionNode; opPos: number })
  | (Span & { kind: 'call'; name: string; args: ExpressionNode[]; nameEnd: number });

/** A parsed expression: the source it came from (for error pointers) and its AST. */
export interface Expression {
  readonly source: string;
  readonly root: ExpressionNode;
}

/** Binding power of each binary operator; higher binds tighter. */
const BINARY_POWER: Record<string, number> = {
  or: 1,
  and: 2,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '==': 3,
  '!=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
};
const COMPARISON_POWER = 3;

/** Parses `source` into an Expression. Throws ExpressionError pointing at the offending character. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let at = 0;
  let depth = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const fail = (detail: string, pos: number, length = 1): never => {
    throw new ExpressionError(detail, source, pos, length, 'parse');
  };
  const describe = (t: Token) => (t.type === 'eof' ? 'the end of the expression' : `"${t.text}"`);

  /** Guards recursion: nesting is what grows the stack, and a clear limit beats a stack overflow. */
  const enter = (t: Token) => {
    if (++depth > MAX_NESTING_DEPTH) fail(`the expression is nested more than ${MAX_NESTING_DEPTH} levels deep`, t.pos, t.end - t.pos);
  };

  function parseBinary(minPower: number): ExpressionNode {
    let left = parsePrefix();
    for (;;) {
      const t = peek();
      const power = t.type === 'op' ? BINARY_POWER[t.text] : undefined;
      if (power === undefined || power < minPower) return left;
      next();
      // minPower = power + 1 makes every operator left-associative.
      const right = parseBinary(power + 1);
      if (power === COMPARISON_POWER) {
        const after = peek();
        if (after.type === 'op' && BINARY_POWER[after.text] === COMPARISON_POWER) {
          fail(`comparisons cannot be chained; write "a ${t.text} b and b ${after.text} c"`, after.pos, after.end - after.pos);
        }
      }
      left = { kind: 'binary', op: t.text as BinaryOperator, left, right, opPos: t.pos, pos: left.pos, end: right.end };
    }
  }

  function parsePrefix(): ExpressionNode {
    const t = next();
    if (t.type === 'number') return { kind: 'number', value: t.value, pos: t.pos, end: t.end };
    if (t.type === 'op' && (t.text === '-' || t.text === 'not')) {
      enter(t);
      // Unary binds tightest: -2 * 3 is (-2) * 3, not 2 == 1 is (not 2) == 1.
      const operand = parsePrefix();
      depth--;
      return { kind: 'unary', op: t.text, operand, pos: t.pos, end: operand.end };
    }
    if (t.type === '(') {
      enter(t);
      const inner = parseBinary(0);
      const close = next();
      if (close.type !== ')') {
        if (close.type === 'eof') fail(`missing ")" to close the "(" at character ${t.pos + 1}`, close.pos);
        fail(`expected ")" to close the "(" at character ${t.pos + 1} but found ${describe(close)}; is an operator missing?`, close.pos, close.end - close.pos);
      }
      depth--;
      // The span covers the parentheses, so a pointer at "(age + 1)" underlines all of it.
      return { ...inner, pos: t.pos, end: close.end };
    }
    if (t.type === 'name') return parseName(t);
    if (t.type === 'eof') {
      const prev = tokens[at - 2];
      fail(prev ? `the expression ends after "${prev.text}"; a value is missing` : 'the expression is empty', t.pos);
    }
    if (t.type === ')') fail(at === 1 || tokens[at - 2]?.type !== '(' ? 'expected a value but found ")"' : 'empty parentheses', t.pos);
    return fail(`expected a number, a name or "(" but found ${describe(t)}`, t.pos, t.end - t.pos);
  }

  function parseName(t: Token): ExpressionNode {
    const name = t.text;
    const isCall = peek().type === '(';
    if (name === 'true' || name === 'false') {
      if (isCall) fail(`"${name}" is a value, not a function`, t.pos, t.end - t.pos);
      return { kind: 'number', value: name === 'true' ? 1 : 0, pos: t.pos, end: t.end };
    }
    if (!isCall) {
      if (VARIABLES_BY_NAME.has(name)) return { kind: 'variable', name, pos: t.pos, end: t.end };
      const fn = FUNCTIONS_BY_NAME.get(name);
      if (fn) fail(`"${name}" is a function; call it as ${fn.signature}`, t.pos, t.end - t.pos);
      fail(`unknown variable "${name}"${suggestion(name, VARIABLES.map((v) => v.name))}`, t.pos, t.end - t.pos);
    }
    if (VARIABLES_BY_NAME.has(name)) fail(`"${name}" is a variable, not a function`, t.pos, t.end - t.pos);
    const fn = FUNCTIONS_BY_NAME.get(name);
    if (!fn) fail(`unknown function "${name}"${suggestion(name, FUNCTIONS.map((f) => f.name))}`, t.pos, t.end - t.pos);
    const open = next();
    enter(open);
    const args: ExpressionNode[] = [];
    if (peek().type !== ')') {
      for (;;) {
        args.push(parseBinary(0));
        const sep = next();
        if (sep.type === ')') break;
        if (sep.type === ',') continue;
        if (sep.type === 'eof') fail(`missing ")" to close the call to ${name} at character ${t.pos + 1}`, sep.pos);
        fail(`expected "," or ")" in the call to ${name} but found ${describe(sep)}`, sep.pos, sep.end - sep.pos);
      }
    } else next();
    depth--;
    const end = tokens[at - 1]!.end;
    const spec = fn!;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const expected =
        spec.maxArgs === Infinity ? `at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}` : `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`;
      fail(`${name} takes ${expected} (${spec.signature}) but was given ${args.length}`, t.pos, end - t.pos);
    }
    return { kind: 'call', name, args, nameEnd: t.end, pos: t.pos, end };
  }

  const root = parseBinary(0);
  const rest = peek();
  if (rest.type !== 'eof') {
    if (rest.type === ')') fail('unbalanced ")": there is no "(" for it to close', rest.pos);
    fail(`unexpected ${describe(rest)} after a complete expression; is an operator missing?`, rest.pos, rest.end - rest.pos);
  }
  return Object.freeze({ source, root });
}

/** Names of the variables an expression reads, sorted and without repeats. */
export function expressionVariables(expr: Expression): string[] {
  const names = new Set<string>();
  walk(expr.root, (n) => {
    if (n.kind === 'variable') names.add(n.name);
  });
  return [...names].sort();
}

/** Names of the functions an expression calls, sorted and without repeats. */
export function expressionFunctions(expr: Expression): string[] {
  const names = new Set<string>();
  walk(expr.root, (n) => {
    if (n.kind === 'call') names.add(n.name);
  });
  return [...names].sort();
}

function walk(node: ExpressionNode, visit: (n: ExpressionNode) => void): void {
  visit(node);
  if (node.kind === 'unary') walk(node.operand, visit);
  else if (node.kind === 'binary') {
    walk(node.left, visit);
    walk(node.right, visit);
  } else if (node.kind === 'call') for (const a of node.args) walk(a, visit);
}

/** ` (did you mean "x"?)` for the closest known name within a typo's distance, else ''. */
export function suggestion(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  let best = '';
  let bestDistance = Infinity;
  for (const k of known) {
    if (RESERVED_WORDS.has(k)) continue;
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  // One edit for short names, about a third of the name for longer ones: close enough to be a typo.
  return best && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
