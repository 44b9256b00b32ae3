import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ExpressionError,
  FUNCTIONS,
  MAX_EXPRESSION_LENGTH,
  MAX_NESTING_DEPTH,
  VARIABLES,
  evaluateExpression,
  explainNonFinite,
  expressionFunctions,
  expressionVariables,
  parseExpression,
  type ExpressionContext,
} from '@/lib/features/expression';

const statics = { age: 40, sex: 1, diabetes: 0, hypertension: 1, delayed_treatment: 0 };

/** Visits day 0 grade 5, day 7 grade 4, day 14 grade 3; present visit day 14. */
const ctx: ExpressionContext = {
  statics,
  visits: [
    { day: 0, grade: 5 },
    { day: 7, grade: 4 },
    { day: 14, grade: 3 },
  ],
  presentDay: 14,
};

const ev = (text: string, c: ExpressionContext = ctx) => evaluateExpression(parseExpression(text), c);

/** The ExpressionError thrown by `fn` (fails the test when none is thrown). */
function errorOf(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error('expected an ExpressionError');
}
const parseError = (text: string) => errorOf(() => parseExpression(text));

describe('expression language: arithmetic and precedence', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3], // left-associative: (10 - 4) - 3
    ['24 / 4 / 2', 3], // (24 / 4) / 2
    ['2 * 3 / 4', 1.5],
    ['-2 * 3', -6],
    ['- -2', 2],
    ['2 - -3', 5],
    ['-(1 + 2) * 2', -6],
    ['0.5 + .25', 0.75],
    ['1 + 2 < 4', 1], // comparison binds looser than +
    ['1 + 2 < 3', 0],
    ['1 < 2 and 3 < 2', 0],
    ['1 < 2 and 2 < 3', 1],
    ['0 and 1 or 1', 1], // and binds tighter than or: (0 and 1) or 1
    ['1 or 1 and 0', 1], // 1 or (1 and 0)
    ['0 or 0 and 1', 0],
    ['not 0', 1],
    ['not 3', 0],
    ['not 2 == 1', 0], // unary binds tightest: (not 2) == 1
    ['not (2 == 1)', 1],
    ['-age', -40],
    ['age * 2 + sex', 81],
    ['true + true', 2],
    ['false or true', 1],
  ])('%s = %d', (text, expected) => {
    expect(ev(text)).toBe(expected);
  });

  it('comparisons yield 1 or 0', () => {
    expect([ev('1 < 2'), ev('2 < 1'), ev('2 <= 2'), ev('3 <= 2'), ev('3 > 2'), ev('2 > 2'), ev('2 >= 2'), ev('1 >= 2')]).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect([ev('2 == 2'), ev('2 == 3'), ev('2 != 3'), ev('2 != 2')]).toEqual([1, 0, 1, 0]);
    expect([ev('2 and 3'), ev('0 or -1'), ev('0 or 0')]).toEqual([1, 1, 0]);
  });

  it('if, and and or are lazy: the branch not taken is never evaluated', () => {
    expect(ev('if(1, 2, 1/0)')).toBe(2);
    expect(ev('if(0, 1/0, 3)')).toBe(3);
    // A look into the future would throw; in the branch not taken it is never evaluated.
    expect(ev('if(visits > 1, last_grade, grade_at(100))')).toBe(3);
    expect(ev('0 and grade_at(100)')).toBe(0);
    expect(ev('1 or grade_at(100)')).toBe(1);
    expect(() => ev('1 and grade_at(100)')).toThrow(ExpressionError);
  });

  it('missing values propagate through comparisons, logic and if, and is_missing tests for them', () => {
    const early = { ...ctx, visits: [{ day: 3, grade: 5 }], presentDay: 3 };
    expect(ev('grade_at(1)', early)).toBeNaN();
    expect(ev('grade_at(1) <= 2', early)).toBeNaN();
    expect(ev('not grade_at(1)', early)).toBeNaN();
    expect(ev('grade_at(1) or 1', early)).toBeNaN();
    expect(ev('if(grade_at(1) > 2, 1, 0)', early)).toBeNaN();
    expect(ev('is_missing(grade_at(1))', early)).toBe(1);
    expect(ev('if(is_missing(grade_at(1)), first_grade, grade_at(1))', early)).toBe(5);
    expect(ev('1 / 0')).toBe(Infinity);
  });
});

describe('expression language: variables', () => {
  it('reads the statics and the present window', () => {
    expect([ev('age'), ev('sex'), ev('diabetes'), ev('hypertension'), ev('delayed_treatment')]).toEqual([40, 1, 0, 1, 0]);
    expect([ev('present_day'), ev('days_since_onset'), ev('first_grade'), ev('first_day'), ev('last_grade'), ev('visits')]).toEqual([14, 14, 5, 0, 3, 3]);
  });

  it('first_grade and first_day start at onset (a pre-onset visit is not the first grade)', () => {
    const c = { ...ctx, visits: [{ day: -2, grade: 2 }, ...ctx.visits] };
    expect([ev('first_grade', c), ev('first_day', c), ev('visits', c)]).toEqual([5, 0, 4]);
    const none = { ...ctx, visits: [], presentDay: 3 };
    expect([ev('first_grade', none), ev('last_grade', none), ev('first_day', none)]).toEqual([NaN, NaN, NaN]);
    expect(ev('visits', none)).toBe(0);
  });

  it('lists the variables and functions an expression uses', () => {
    const e = parseExpression('if(age > 60, slope(0, present_day), change(first_day, present_day)) + age');
    expect(expressionVariables(e)).toEqual(['age', 'first_day', 'present_day']);
    expect(expressionFunctions(e)).toEqual(['change', 'if', 'slope']);
  });

  it('documents every name it accepts', () => {
    for (const spec of [...VARIABLES, ...FUNCTIONS]) expect(spec.description.length).toBeGreaterThan(10);
    for (const f of FUNCTIONS) expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
    expect(VARIABLES.map((v) => v.name)).toEqual(
      expect.arrayContaining(['age', 'sex', 'diabetes', 'hypertension', 'delayed_treatment', 'present_day', 'days_since_onset', 'first_grade', 'last_grade', 'visits', 'first_day']),
    );
    expect(FUNCTIONS.map((f) => f.name)).toEqual(
      expect.arrayContaining(['if', 'grade_at', 'day_of_grade', 'first_improvement_day', 'slope', 'change', 'min', 'max', 'abs', 'round', 'log', 'exp', 'sqrt', 'clamp']),
    );
  });
});

describe('expression language: functions on hand-worked visits (day 0 grade 5, day 7 grade 4, day 14 grade 3)', () => {
  it('grade_at', () => {
    expect([ev('grade_at(0)'), ev('grade_at(6)'), ev('grade_at(7)'), ev('grade_at(10)'), ev('grade_at(14)')]).toEqual([5, 5, 4, 4, 3]);
    expect(ev('grade_at(-1)')).toBeNaN();
  });

  it('grade_at takes the later of two same-day visits', () => {
    expect(ev('grade_at(7)', { ...ctx, visits: [{ day: 0, grade: 5 }, { day: 7, grade: 4 }, { day: 7, grade: 3.5 }], presentDay: 7 })).toBe(3.5);
  });

  it('day_of_grade', () => {
    expect([ev('day_of_grade(5)'), ev('day_of_grade(4)'), ev('day_of_grade(3.5)'), ev('day_of_grade(3)')]).toEqual([0, 7, 14, 14]);
    expect(ev('day_of_grade(2)')).toBeNaN();
  });

  it('first_improvement_day', () => {
    expect(ev('first_improvement_day()')).toBe(7);
    const flatThenBetter = { ...ctx, visits: [{ day: 0, grade: 4 }, { day: 3, grade: 5 }, { day: 5, grade: 5 }, { day: 9, grade: 4 }], presentDay: 9 };
    expect(ev('first_improvement_day()', flatThenBetter)).toBe(9);
    const never = { ...ctx, visits: [{ day: 0, grade: 3 }, { day: 4, grade: 4 }], presentDay: 4 };
    expect(ev('first_improvement_day()', never)).toBeNaN();
  });

  it('slope', () => {
    expect(ev('slope(0, 14)')).toBeCloseTo(-1 / 7, 12);
    expect(ev('slope(0, 7)')).toBeCloseTo(-1 / 7, 12);
    // Least squares, not end points: (0,5) (7,3) (14,3) -> slope -1/7, intercept 14/3.
    expect(ev('slope(0, 14)', { ...ctx, visits: [{ day: 0, grade: 5 }, { day: 7, grade: 3 }, { day: 14, grade: 3 }] })).toBeCloseTo(-1 / 7, 12);
    // (0,6) (2,6) (4,3): mean day 2, mean grade 5; sxy = (-2)(1) + 0 + 2(-2) = -6, sxx = 8 -> -0.75.
    expect(ev('slope(0, 4)', { ...ctx, visits: [{ day: 0, grade: 6 }, { day: 2, grade: 6 }, { day: 4, grade: 3 }], presentDay: 4 })).toBeCloseTo(-0.75, 12);
    expect(ev('slope(1, 13)')).toBeNaN(); // one visit
    expect(ev('slope(7, 7)')).toBeNaN(); // no day spread
    expect(ev('slope(7, 7)', { ...ctx, visits: [{ day: 7, grade: 4 }, { day: 7, grade: 3 }] })).toBeNaN();
  });

  it('change', () => {
    expect(ev('change(0, 14)')).toBe(-2);
    expect(ev('change(0, 7)')).toBe(-1);
    expect(ev('change(-1, 14)')).toBeNaN();
  });

  it('min, max, abs, round, log, exp, sqrt, clamp', () => {
    expect(ev('min(3, 1, 2)')).toBe(1);
    expect(ev('max(3, 1, 2)')).toBe(3);
    expect(ev('min(4)')).toBe(4);
    expect(ev('max(1, grade_at(-1))')).toBeNaN();
    expect(ev('abs(-2.5)')).toBe(2.5);
    expect([ev('round(2.4)'), ev('round(2.5)'), ev('round(-2.5)')]).toEqual([2, 3, -2]);
    expect(ev('log(exp(2))')).toBeCloseTo(2, 12);
    expect(ev('exp(0)')).toBe(1);
    expect(ev('log(-1)')).toBeNaN();
    expect(ev('sqrt(16)')).toBe(4);
    expect([ev('clamp(5, 1, 3)'), ev('clamp(-5, 1, 3)'), ev('clamp(2, 1, 3)')]).toEqual([3, 1, 2]);
    expect(ev('clamp(2, 3, 1)')).toBeNaN();
  });

  it('combines them as a user would', () => {
    // "grade change between the first two visits"
    expect(ev('change(first_day, day_of_grade(first_grade - 1))')).toBe(-1);
    // "days from onset to first improvement"
    expect(ev('first_improvement_day() - first_day')).toBe(7);
    // "grade at day 14"
    expect(ev('grade_at(14)')).toBe(3);
  });
});

describe('expression language: no access to the future', () => {
  it('grade_at, change and slope refuse a day after the present day, naming it', () => {
    for (const text of ['grade_at(15)', 'grade_at(present_day + 1)', 'change(0, 30)', 'slope(0, 30)', 'slope(0, present_day + 0.5)']) {
      const e = errorOf(() => ev(text));
      expect(e.phase).toBe('evaluate');
      expect(e.message).toMatch(/present day 14/);
      expect(e.message).toMatch(/no access to the future/);
      expect(e.position).toBe(text.indexOf(text.split('(')[0]!));
    }
    expect(ev('grade_at(present_day)')).toBe(3);
    expect(ev('slope(0, present_day)')).toBeCloseTo(-1 / 7, 12);
  });

  it('a context that holds a visit after the present day is rejected', () => {
    expect(() => ev('last_grade', { ...ctx, visits: [...ctx.visits, { day: 30, grade: 1 }] })).toThrow(/after the present day 14/);
    expect(() => ev('last_grade', { ...ctx, visits: [ctx.visits[1]!, ctx.visits[0]!] })).toThrow(/sorted/);
  });
});

describe('expression language: errors point at the character', () => {
  it('a misplaced operator', () => {
    const e = parseError('age + * 2');
    expect(e.position).toBe(6);
    expect(e.phase).toBe('parse');
    expect(e.message).toContain('"*"');
    expect(e.message).toContain('at character 7');
    expect(e.pointer()).toBe('age + * 2\n      ^');
  });

  it('an unknown function, with a suggestion', () => {
    const e = parseError('slop(0, 14)');
    expect(e.position).toBe(0);
    expect(e.length).toBe(4);
    expect(e.message).toBe('unknown function "slop" at character 1 (did you mean "slope"?)');
    const later = parseError('1 + grade_a(3)');
    expect(later.position).toBe(4);
    expect(later.message).toContain('did you mean "grade_at"?');
    expect(parseError('frobnicate(1)').message).not.toContain('did you mean');
  });

  it('an unknown variable, with a suggestion', () => {
    const e = parseError('2 * Age');
    expect(e.position).toBe(4);
    expect(e.message).toContain('unknown variable "Age"');
    expect(e.message).toContain('did you mean "age"?');
    expect(parseError('last_grad - 1').message).toContain('did you mean "last_grade"?');
  });

  it('names used as the wrong kind', () => {
    expect(parseError('age(3)').message).toContain('"age" is a variable, not a function');
    const e = parseError('1 + slope');
    expect(e.position).toBe(4);
    expect(e.message).toContain('call it as slope(from, to)');
    expect(parseError('true(1)').position).toBe(0);
  });

  it('wrong argument counts point at the call', () => {
    const e = parseError('grade_at(1, 2)');
    expect(e.position).toBe(0);
    expect(e.length).toBe('grade_at(1, 2)'.length);
    expect(e.message).toContain('grade_at takes 1 argument (grade_at(day)) but was given 2');
    expect(parseError('age + slope(1)').position).toBe(6);
    expect(parseError('first_improvement_day(3)').message).toContain('takes 0 arguments');
    expect(parseError('min()').message).toContain('at least 1 argument');
    expect(parseError('if(1, 2)').message).toContain('if(cond, a, b)');
  });

  it('unbalanced parentheses', () => {
    const open = parseError('(age + 1');
    expect(open.position).toBe(8);
    expect(open.message).toContain('missing ")"');
    expect(open.pointer()).toBe('(age + 1\n        ^');
    const call = parseError('grade_at(3');
    expect(call.position).toBe(10);
    const close = parseError('age + 1)');
    expect(close.position).toBe(7);
    expect(close.message).toContain('unbalanced ")"');
    expect(parseError('()').position).toBe(1);
  });

  it('trailing input, empty input and dangling operators', () => {
    const e = parseError('age 2');
    expect(e.position).toBe(4);
    expect(e.message).toContain('after a complete expression');
    expect(parseError('').message).toContain('empty');
    expect(parseError('   ').position).toBe(0);
    // The end of input is just after the last token, not on a trailing blank line.
    expect(parseError('(age + 1  \n').pointer()).toBe('(age + 1  \n        ^');
    const dangling = parseError('age +');
    expect(dangling.position).toBe(5);
    expect(dangling.message).toContain('ends after "+"');
    expect(parseError('min(1, )').position).toBe(7);
    expect(parseError('min(1 2)').position).toBe(6);
  });

  it('characters and habits from other languages', () => {
    expect(parseError('age = 3').message).toContain('use "=="');
    expect(parseError('age = 3').position).toBe(4);
    expect(parseError('sex && 1').message).toContain('use "and"');
    expect(parseError('!sex').message).toContain('use "not"');
    expect(parseError('age @ 3').position).toBe(4);
    expect(parseError('2age').message).toContain('malformed number "2age"');
    expect(parseError('1e3').position).toBe(0);
    expect(parseError('1. + 2').position).toBe(1);
  });

  it('comparisons do not chain', () => {
    const e = parseError('0 < age < 50');
    expect(e.position).toBe(8);
    expect(e.message).toContain('cannot be chained');
    expect(ev('0 < age and age < 50')).toBe(1);
    expect(ev('(0 < age) < 50')).toBe(1);
  });

  it('the formatted message shows the expression with a caret under the offending column', () => {
    const text = 'max(age, slop(0, present_day))';
    const e = parseError(text);
    expect(e.position).toBe(9);
    const lines = e.format().split('\n');
    expect(lines[0]).toBe('unknown function "slop" at character 10 (did you mean "slope"?)');
    expect(lines[1]).toBe(text);
    expect(lines[2]!.indexOf('^')).toBe(9);
    expect(lines[2]).toBe(`${' '.repeat(9)}^^^^`);
    expect(text.slice(lines[2]!.indexOf('^'), lines[2]!.lastIndexOf('^') + 1)).toBe('slop');
  });

  it('multi-line expressions point into the right line', () => {
    const e = parseError('max(age,\n\tslop(1, 2))');
    expect(e.position).toBe(10);
    expect(e.pointer()).toBe('\tslop(1, 2))\n\t^^^^');
  });

  it('limits the length and the nesting depth', () => {
    const long = `1${' + 1'.repeat(MAX_EXPRESSION_LENGTH)}`;
    const e = parseError(long);
    expect(e.message).toContain(`the limit is ${MAX_EXPRESSION_LENGTH}`);
    expect(e.position).toBe(MAX_EXPRESSION_LENGTH);
    expect(e.pointer().split('\n')[0]!.length).toBeLessThan(110);
    // Just inside the length limit, a long flat sum is fine.
    expect(ev(`1${' + 1'.repeat(400)}`)).toBe(401);

    const deep = (n: number) => `${'('.repeat(n)}1${')'.repeat(n)}`;
    expect(ev(deep(MAX_NESTING_DEPTH))).toBe(1);
    const tooDeep = parseError(deep(MAX_NESTING_DEPTH + 1));
    expect(tooDeep.message).toContain(`more than ${MAX_NESTING_DEPTH} levels`);
    expect(tooDeep.position).toBe(MAX_NESTING_DEPTH);
    expect(parseError('-'.repeat(MAX_NESTING_DEPTH + 1) + '1').position).toBe(MAX_NESTING_DEPTH);
    expect(parseError('abs('.repeat(MAX_NESTING_DEPTH + 1) + '1' + ')'.repeat(MAX_NESTING_DEPTH + 1)).message).toContain('nested');
  });
});

describe('expression language: explaining a non-finite value', () => {
  it('names the sub-expression where it started', () => {
    expect(explainNonFinite(parseExpression('1 + 2'), ctx)).toBe('');
    expect(explainNonFinite(parseExpression('age + 1/(last_grade - last_grade)'), ctx)).toBe('"1/(last_grade - last_grade)" divides by zero at character 7');
    const never = { ...ctx, visits: [{ day: 0, grade: 3 }, { day: 4, grade: 4 }], presentDay: 4 };
    expect(explainNonFinite(parseExpression('2 * (first_improvement_day() - first_day)'), never)).toBe('"first_improvement_day()" is not available (NaN) for this window at character 6');
    // The NaN hidden inside is_missing is not the cause; the division is.
    expect(explainNonFinite(parseExpression('if(is_missing(grade_at(-1)), 1/0, 2)'), ctx)).toContain('"1/0" divides by zero');
    expect(explainNonFinite(parseExpression('grade_at(99)'), ctx)).toContain('no access to the future');
  });
});

describe('expression language: no eval', () => {
  it('the sources never build code from text', () => {
    const dir = fileURLToPath(new URL('../../../lib/features/expression/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['tokenize.ts', 'parse.ts', 'evaluate.ts', 'functions.ts', 'index.ts', 'derived-feature.ts']));
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/\beval\s*\(/);
      expect(text, f).not.toMatch(/\bFunction\s*\(/);
      expect(text, f).not.toMatch(/set(Timeout|Interval)\s*\(\s*['"`]/);
    }
  });
});
