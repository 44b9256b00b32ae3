import { mean, variance, type Numbers } from './descriptive';
import { studentTTwoSidedP } from './student-t';

/**
 * Two-sided t-tests as scipy.stats computes them: `ttest_ind(a, b)` (Student, pooled variance),
 * `ttest_ind(a, b, equal_var=False)` (Welch) and `ttest_rel(a, b)` (paired).
 *
 * @example
 *   tTest([1, 2, 3, 4], [2, 4, 6, 8], 'welch');  // { statistic, pValue, df, kind: 'welch' }
 */
export type TTestKind = 'student' | 'welch' | 'paired';

export interface TTestResult {
  kind: TTestKind;
  /** t statistic; positive when the first sample has the larger mean. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Degrees of freedom (not an integer for Welch). */
  df: number;
}

/** Student's independent two-sample test with pooled variance (scipy's default, equal_var=True). */
export function studentTTest(a: Numbers, b: Numbers): TTestResult {
  const n1 = a.length, n2 = b.length;
  const df = n1 + n2 - 2;
  const pooled = ((n1 - 1) * variance(a) + (n2 - 1) * variance(b)) / df;
  const statistic = (mean(a) - mean(b)) / Math.sqrt(pooled * (1 / n1 + 1 / n2));
  return { kind: 'student', statistic, pValue: studentTTwoSidedP(statistic, df), df };
}

/** Welch's unequal-variance test with the Welch–Satterthwaite degrees of freedom. */
export function welchTTest(a: Numbers, b: Numbers): TTestResult {
  const n1 = a.length, n2 = b.length;
  const vn1 = variance(a) / n1, vn2 = variance(b) / n2;
  const df = (vn1 + vn2) ** 2 / ((vn1 * vn1) / (n1 - 1) + (vn2 * vn2) / (n2 - 1));
  const statistic = (mean(a) - mean(b)) / Math.sqrt(vn1 + vn2);
  return { kind: 'welch', statistic, pValue: studentTTwoSidedP(statistic, df), df };
}

/** Paired test on the differences a[i] − b[i]. */
export function pairedTTest(a: Numbers, b: Numbers): TTestResult {
  if (a.length !== b.length) throw new Error(`pairedTTest: samples differ in length (${a.length} vs ${b.length})`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i]! - b[i]!;
  const n = d.length;
  const df = n - 1;
  const statistic = mean(d) / Math.sqrt(variance(d) / n);
  return { kind: 'paired', statistic, pValue: studentTTwoSidedP(statistic, df), df };
}

/** Dispatch by kind; the balance tables name the kind they used next to every p-value. */
export function tTest(a: Numbers, b: Numbers, kind: TTestKind = 'student'): TTestResult {
  if (kind === 'student') return studentTTest(a, b);
  if (kind === 'welch') return welchTTest(a, b);
  return pairedTTest(a, b);
}
