/**
 * The fixed tables of names an expression may use: VARIABLES and FUNCTIONS, each with the
 * one-line documentation the glossary and the editor's completion list show. The parser
 * accepts exactly these names, so the docs can never drift from what is accepted.
 *
 * Leakage guard: every visit-reading function sees only `ctx.visits` (graded visits up to the
 * present day) and refuses a day after the present one instead of returning "not available",
 * so an expression that tries to look ahead fails loudly rather than silently differing
 * between windows with and without later visits.
 */

/** The patient-level values an expression can read (coded as in WindowCore: 1 = yes / male). */
export interface ExpressionStatics {
  age: number;
  sex: number;
  diabetes: number;
  hypertension: number;
  delayed_treatment: number;
}

/** What one evaluation sees: one patient, up to and including the present visit. */
export interface ExpressionContext {
  statics: ExpressionStatics;
  /** Graded visits with day <= presentDay only, sorted by day (evaluateExpression checks both). */
  visits: readonly { day: number; grade: number }[];
  /** Day since onset of the present visit. */
  presentDay: number;
}

/**
 * A refusal raised by a function (e.g. a look into the future). The evaluator turns it into an
 * ExpressionError pointing at the call; functions do not know where they were written.
 */
export class EvaluationFault extends Error {}

export interface VariableSpec {
  name: string;
  description: string;
  value: (ctx: ExpressionContext) => number;
}

export interface FunctionSpec {
  name: string;
  /** As shown in docs and arity errors, e.g. "slope(from, to)". */
  signature: string;
  description: string;
  minArgs: number;
  /** Infinity for variadic functions (min, max). */
  maxArgs: number;
  /** Arguments are passed evaluated, except for `if`, which the evaluator handles lazily. */
  apply: (args: readonly number[], ctx: ExpressionContext) => number;
}

/** The first graded visit on or after onset (day 0); visits before onset are not a baseline. */
function firstFromOnset(ctx: ExpressionContext) {
  return ctx.visits.find((v) => v.day >= 0);
}

/** Refuses a day after the present visit: the features must be computable at the present visit. */
function requireNotFuture(fn: string, day: number, ctx: ExpressionContext): void {
  if (day > ctx.presentDay) {
    throw new EvaluationFault(
      `${fn}: day ${day} is after the present day ${ctx.presentDay}; an expression may only read visits up to the present visit (no access to the future)`,
    );
  }
}

/** Grade of the last graded visit on or before `day`; NaN when there is none. */
export function gradeAt(day: number, ctx: ExpressionContext, fn = 'grade_at'): number {
  if (Number.isNaN(day)) return NaN;
  requireNotFuture(fn, day, ctx);
  let grade = NaN;
  for (const v of ctx.visits) {
    if (v.day > day) break;
    grade = v.grade;
  }
  return grade;
}

/** Least-squares slope of grade on day over visits with from <= day <= to. */
function slope(from: number, to: number, ctx: ExpressionContext): number {
  if (Number.isNaN(from) || Number.isNaN(to)) return NaN;
  requireNotFuture('slope', to, ctx);
  const pts = ctx.visits.filter((v) => v.day >= from && v.day <= to);
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, v) => s + v.day, 0) / pts.length;
  const my = pts.reduce((s, v) => s + v.grade, 0) / pts.length;
  let sxx = 0;
  let sxy = 0;
  for (const v of pts) {
    sxx += (v.day - mx) ** 2;
    sxy += (v.day - mx) * (v.grade - my);
  }
  return sxx === 0 ? NaN : sxy / sxx;
}

/** A comparison-safe "x is not a number": NaN propagates, and is_missing is how to test for it. */
const missing = (x: number) => Number.isNaN(x);

export const VARIABLES: readonly VariableSpec[] = [
  { name: 'age', description: 'Age at onset, in years.', value: (c) => c.statics.age },
  { name: 'sex', description: 'Sex: 1 = male, 0 = female.', value: (c) => c.statics.sex },
  { name: 'diabetes', description: 'History of diabetes mellitus: 1 = yes, 0 = no.', value: (c) => c.statics.diabetes },
  { name: 'hypertension', description: 'History of hypertension: 1 = yes, 0 = no.', value: (c) => c.statics.hypertension },
  { name: 'delayed_treatment', description: 'Steroid started more than 7 days after onset: 1 = yes, 0 = no.', value: (c) => c.statics.delayed_treatment },
  { name: 'present_day', description: 'Day since onset of the present visit.', value: (c) => c.presentDay },
  { name: 'days_since_onset', description: 'Same as present_day.', value: (c) => c.presentDay },
  { name: 'first_grade', description: 'Grade of the first graded visit on or after day 0 (NaN if none).', value: (c) => firstFromOnset(c)?.grade ?? NaN },
  { name: 'first_day', description: 'Day of the first graded visit on or after day 0 (NaN if none).', value: (c) => firstFromOnset(c)?.day ?? NaN },
  { name: 'last_grade', description: 'Grade of the present visit (the last graded visit up to the present day).', value: (c) => c.visits.at(-1)?.grade ?? NaN },
  { name: 'visits', description: 'Number of graded visits up to and including the present visit.', value: (c) => c.visits.length },
];

/** `if` is listed for the docs and the arity check; its lazy evaluation lives in the evaluator. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'if',
    signature: 'if(cond, a, b)',
    description: 'a when cond is nonzero, b when it is 0 (only the chosen branch is evaluated; NaN when cond is NaN).',
    minArgs: 3,
    maxArgs: 3,
    apply: ([c, a, b]) => (missing(c!) ? NaN : c !== 0 ? a! : b!),
  },
  {
    name: 'grade_at',
    signature: 'grade_at(day)',
    description: 'Grade of the last graded visit on or before day (NaN if none; a day after the present day is an error).',
    minArgs: 1,
    maxArgs: 1,
    apply: ([day], ctx) => gradeAt(day!, ctx),
  },
  {
    name: 'day_of_grade',
    signature: 'day_of_grade(g)',
    description: 'First day, up to the present day, on which a grade <= g was recorded (NaN if never).',
    minArgs: 1,
    maxArgs: 1,
    apply: ([g], ctx) => ctx.visits.find((v) => v.grade <= g!)?.day ?? NaN,
  },
  {
    name: 'first_improvement_day',
    signature: 'first_improvement_day()',
    description: "Day of the first graded visit whose grade is lower than the previous graded visit's (NaN if none).",
    minArgs: 0,
    maxArgs: 0,
    apply: (_args, ctx) => ctx.visits.find((v, i) => i > 0 && v.grade < ctx.visits[i - 1]!.grade)?.day ?? NaN,
  },
  {
    name: 'slope',
    signature: 'slope(from, to)',
    description:
      'Least-squares slope of grade on day over graded visits with from <= day <= to (NaN with < 2 visits or one day; to after the present day is an error).',
    minArgs: 2,
    maxArgs: 2,
    apply: ([from, to], ctx) => slope(from!, to!, ctx),
  },
  {
    name: 'change',
    signature: 'change(from, to)',
    description: 'grade_at(to) - grade_at(from): negative when the grade improved.',
    minArgs: 2,
    maxArgs: 2,
    apply: ([from, to], ctx) => gradeAt(to!, ctx, 'change') - gradeAt(from!, ctx, 'change'),
  },
  { name: 'min', signature: 'min(a, b, ...)', description: 'Smallest argument (NaN if any is NaN).', minArgs: 1, maxArgs: Infinity, apply: (a) => Math.min(...a) },
  { name: 'max', signature: 'max(a, b, ...)', description: 'Largest argument (NaN if any is NaN).', minArgs: 1, maxArgs: Infinity, apply: (a) => Math.max(...a) },
  { name: 'abs', signature: 'abs(x)', description: 'Absolute value.', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.abs(x!) },
  { name: 'round', signature: 'round(x)', description: 'Nearest integer (halves round up, e.g. round(2.5) = 3, round(-2.5) = -2).', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.round(x!) },
  { name: 'log', signature: 'log(x)', description: 'Natural logarithm (NaN for x < 0, -infinity for 0).', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.log(x!) },
  { name: 'exp', signature: 'exp(x)', description: 'e to the power x.', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.exp(x!) },
  { name: 'sqrt', signature: 'sqrt(x)', description: 'Square root (NaN for x < 0).', minArgs: 1, maxArgs: 1, apply: ([x]) => Math.sqrt(x!) },
  {
    name: 'clamp',
    signature: 'clamp(x, lo, hi)',
    description: 'x limited to [lo, hi] (NaN when lo > hi).',
    minArgs: 3,
    maxArgs: 3,
    apply: ([x, lo, hi]) => (lo! > hi! ? NaN : Math.min(Math.max(x!, lo!), hi!)),
  },
  {
    name: 'is_missing',
    signature: 'is_missing(x)',
    description: '1 when x is not available (NaN), else 0: the one way to test for a missing value, since comparisons with NaN give NaN.',
    minArgs: 1,
    maxArgs: 1,
    apply: ([x]) => (missing(x!) ? 1 : 0),
  },
];

export const VARIABLES_BY_NAME: ReadonlyMap<string, VariableSpec> = new Map(VARIABLES.map((v) => [v.name, v]));
export const FUNCTIONS_BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTIONS.map((f) => [f.name, f]));

/** Words with a fixed meaning that can name neither a variable nor a function. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false']);
