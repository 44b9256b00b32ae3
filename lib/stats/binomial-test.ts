import { regularizedBeta } from './special-functions';

/**
 * One-sided exact binomial test, H1: the success probability exceeds p. Used for "is the
 * accuracy better than always answering the majority class": k correct of n test cases against
 * the no-information rate p. Same as `scipy.stats.binomtest(k, n, p, alternative='greater')`.
 *
 * P(X ≥ k) for X ~ Binomial(n, p) = I_p(k, n − k + 1) (the regularized incomplete beta).
 *
 * @example binomialTestGreater(95, 105, 0.9).pValue   // ≈ 0.41
 */
export function binomialTestGreater(k: number, n: number, p: number): { k: number; n: number; p: number; pValue: number } {
  if (!Number.isInteger(n) || n < 1) throw new Error(`binomialTestGreater: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`binomialTestGreater: k must be an integer in 0..${n}, got ${k}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`binomialTestGreater: p must be in [0, 1], got ${p}`);
  let pValue: number;
  if (k === 0) pValue = 1;
  else if (p === 0) pValue = 0;
  else if (p === 1) pValue = 1;
  else pValue = regularizedBeta(p, k, n - k + 1);
  return { k, n, p, pValue: Math.min(1, Math.max(0, pValue)) };
}
