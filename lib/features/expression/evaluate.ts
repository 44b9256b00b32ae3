/**
 * Tree-walking evaluator for parsed expressions: plain recursion over the AST, no code
 * generation, so it runs under a CSP without unsafe-eval.
 *
 * Missing values: NaN means "not available" (e.g. grade_at before the first visit). Arithmetic
 * propagates it as IEEE does, and so do comparisons, and/or/not and the condition of `if`: a
 * comparison with a missing value is missing, not "false", so a rule such as
 * `grade_at(7) <= 2` cannot quietly put a patient without a day-7 grade in the "no" group.
 * `is_missing(x)` is the explicit test.
 */
import { EvaluationFault, FUNCTIONS_BY_NAME, VARIABLES_BY_NAME, type ExpressionContext } from './functions';
import type { Expression, ExpressionNode } from './parse';
import { ExpressionError } from './tokenize';

/** Called after each node is evaluated (post-order); used to explain a non-finite result. */
type Trace = (node: ExpressionNode, value: number) => void;

/**
 * Evaluates `expr` for one patient at one present visit. Throws ExpressionError (phase
 * 'evaluate') pointing at the call that asked for a day after the present one, and a plain
 * Error when the context itself breaks the contract (a visit after the present day).
 */
export function evaluateExpression(expr: Expression, ctx: ExpressionContext): number {
  checkContext(ctx);
  return evalNode(expr, expr.root, ctx);
}

/**
 * Why `expr` is not finite for `ctx`: follows the non-finite value from the root down to the
 * sub-expression where it first appeared, e.g. `"first_improvement_day()" is not available
 * (NaN)`. Returns '' when the value is finite. Evaluation errors are reported by their message.
 */
export function explainNonFinite(expr: Expression, ctx: ExpressionContext): string {
  const values = new Map<ExpressionNode, number>();
  let value: number;
  try {
    checkContext(ctx);
    value = evalNode(expr, expr.root, ctx, (n, v) => values.set(n, v));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (Number.isFinite(value)) return '';
  let node = expr.root;
  for (;;) {
    const bad = children(node).find((c) => values.has(c) && !Number.isFinite(values.get(c)!));
    if (!bad) break;
    node = bad;
  }
  return describeOrigin(expr, node, values);
}

function describeOrigin(expr: Expression, node: ExpressionNode, values: ReadonlyMap<ExpressionNode, number>): string {
  const text = expr.source.slice(node.pos, node.end);
  const v = values.get(node)!;
  const at = `at character ${node.pos + 1}`;
  if (node.kind === 'binary' && node.op === '/' && values.get(node.right) === 0) return `"${text}" divides by zero ${at}`;
  if (Number.isNaN(v)) return `"${text}" is not available (NaN) for this window ${at}`;
  return `"${text}" is ${v > 0 ? 'infinite' : 'minus infinite'} ${at}`;
}

function children(node: ExpressionNode): ExpressionNode[] {
  if (node.kind === 'unary') return [node.operand];
  if (node.kind === 'binary') return [node.left, node.right];
  if (node.kind === 'call') return node.args;
  return [];
}

/**
 * Defence in depth for the leakage guard: deriveFeature already filters visits, but a caller
 * building a context by hand must not be able to hand the expression a later visit.
 */
function checkContext(ctx: ExpressionContext): void {
  if (!Number.isFinite(ctx.presentDay)) throw new Error(`expression context: present day ${ctx.presentDay} is not a finite number`);
  let prev = -Infinity;
  for (const v of ctx.visits) {
    if (v.day > ctx.presentDay) {
      throw new Error(`expression context: a visit on day ${v.day} is after the present day ${ctx.presentDay}; only visits up to the present day may be passed`);
    }
    if (!(v.day >= prev)) throw new Error(`expression context: visits must be sorted by day (day ${v.day} follows day ${prev})`);
    prev = v.day;
  }
}

/** A truth value as a number (callers handle NaN before asking). */
const truth = (b: boolean) => (b ? 1 : 0);

function evalNode(expr: Expression, node: ExpressionNode, ctx: ExpressionContext, trace?: Trace): number {
  const v = evalInner(expr, node, ctx, trace);
  trace?.(node, v);
  return v;
}

function evalInner(expr: Expression, node: ExpressionNode, ctx: ExpressionContext, trace?: Trace): number {
  const ev = (n: ExpressionNode) => evalNode(expr, n, ctx, trace);
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'variable':
      // The parser only lets known names through.
      return VARIABLES_BY_NAME.get(node.name)!.value(ctx);
    case 'unary': {
      const x = ev(node.operand);
      if (node.op === '-') return -x;
      return Number.isNaN(x) ? NaN : truth(x === 0);
    }
    case 'binary':
      return evalBinary(node.op, node.left, node.right, ev);
    case 'call': {
      if (node.name === 'if') {
        // Lazy: only the chosen branch runs, so if(visits > 1, slope(0, present_day), 0) never
        // evaluates (or fails in) the branch it does not take.
        const c = ev(node.args[0]!);
        if (Number.isNaN(c)) return NaN;
        return ev(node.args[c !== 0 ? 1 : 2]!);
      }
      const args = node.args.map(ev);
      try {
        return FUNCTIONS_BY_NAME.get(node.name)!.apply(args, ctx);
      } catch (e) {
        if (e instanceof EvaluationFault) throw new ExpressionError(e.message, expr.source, node.pos, node.end - node.pos, 'evaluate');
        throw e;
      }
    }
  }
}

function evalBinary(op: string, left: ExpressionNode, right: ExpressionNode, ev: (n: ExpressionNode) => number): number {
  if (op === 'and' || op === 'or') {
    // Short-circuit: a false left side of "and" (a true one of "or") decides without the right.
    const a = ev(left);
    if (Number.isNaN(a)) return NaN;
    if (op === 'and' ? a === 0 : a !== 0) return truth(op === 'or');
    const b = ev(right);
    return Number.isNaN(b) ? NaN : truth(b !== 0);
  }
  const a = ev(left);
  const b = ev(right);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  switch (op) {
    case '<':
      return truth(a < b);
    case '<=':
      return truth(a <= b);
    case '>':
      return truth(a > b);
    case '>=':
      return truth(a >= b);
    case '==':
      return truth(a === b);
    case '!=':
      return truth(a !== b);
  }
  throw new Error(`unknown operator ${op}`);
}
