import { regularizedBeta } from './special-functions';

/**
 * The Student t distribution with `df` degrees of freedom (df need not be an integer: Welch).
 *
 * @example
 *   studentTTwoSidedP(2.0, 10);  // 0.0733...
 *   studentTCdf(-1.5, 4);        // 0.1040...
 */

/** Two-sided p-value P(|T| ≥ |t|), computed directly (no 1 − cdf cancellation for large |t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  // P(|T| ≥ |t|) = I_x(ν/2, 1/2) with x = ν / (ν + t²); pass 1 − x exactly as t² / (ν + t²).
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** Upper tail P(T ≥ t). */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const half = studentTTwoSidedP(t, df) / 2;
  return t >= 0 ? half : 1 - half;
}

/** Cumulative distribution P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  const half = studentTTwoSidedP(t, df) / 2;
  return t <= 0 ? half : 1 - half;
}
