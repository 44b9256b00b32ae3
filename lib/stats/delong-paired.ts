/**
 * DeLong, DeLong & Clarke-Pearson (1988) test of two correlated AUCs: two scores on the same
 * cases, as R's `pROC::roc.test(roc1, roc2, method = "delong", paired = TRUE)` computes it. Each
 * score's placement values (every positive's share of negatives it outranks, every negative's
 * share of positives that outrank it; ties ½, from midranks) give the 2 × 2 covariance
 *   S = cov(V10) / n₁ + cov(V01) / n₀   (covariances with n − 1),
 * and the statistic z = (AUC₁ − AUC₂) / √(S₁₁ + S₂₂ − 2 S₁₂), two-sided p from the normal.
 * Both scores rank "higher = more likely 1" (pROC's direction "<" with levels 0, 1).
 *
 * @example
 *   const t = delongPairedTest(y, lrProbability, svmProbability);
 *   t.difference; t.z; t.pValue;   // AUC(lr) − AUC(svm), its z and two-sided p
 */
import type { Labels } from './metrics';
import { twoSidedNormalP } from './normal-cdf';
import { classCounts, midranks, type Scores } from './roc';

export interface DelongPlacements {
  auc: number;
  /** One per positive (label 1), in row order: the share of negatives it outranks (ties ½). */
  v10: Float64Array;
  /** One per negative, in row order: the share of positives that outrank it (ties ½). */
  v01: Float64Array;
}

/** DeLong's placement values of one score (the structural components of its AUC). */
export function delongPlacements(labels: Labels, scores: Scores): DelongPlacements {
  const { nPos, nNeg } = classCounts(labels, scores, 'DeLong placements');
  if (nPos === 0 || nNeg === 0) throw new Error(`DeLong placements: needs both classes (got ${nPos} positive, ${nNeg} negative)`);
  const pos: number[] = [], neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]!);
  const all = midranks(scores), rPos = midranks(pos), rNeg = midranks(neg);
  const v10 = new Float64Array(nPos), v01 = new Float64Array(nNeg);
  let p = 0, q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) v10[p] = (all[i]! - rPos[p++]!) / nNeg;
    else v01[q] = 1 - (all[i]! - rNeg[q++]!) / nPos;
  }
  let auc = 0;
  for (const v of v10) auc += v;
  return { auc: auc / nPos, v10, v01 };
}

export interface DelongPairedResult {
  aucA: number;
  aucB: number;
  /** AUC(a) − AUC(b). */
  difference: number;
  /** Variance of the difference, S₁₁ + S₂₂ − 2 S₁₂. */
  variance: number;
  se: number;
  /** Covariance of the two AUCs, S₁₂. */
  covariance: number;
  z: number;
  /** Two-sided, from the standard normal. */
  pValue: number;
  nPos: number;
  nNeg: number;
}

/** Sample covariance (n − 1) of two equally long vectors. */
function cov(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (n - 1);
}

/**
 * Paired DeLong test of AUC(a) against AUC(b) on the same labelled cases. Needs at least 2 cases
 * of each class. Two identical scores give z = 0 and p = 1 (pROC's rule for 0 / 0).
 */
export function delongPairedTest(labels: Labels, a: Scores, b: Scores): DelongPairedResult {
  if (a.length !== b.length) throw new Error(`paired DeLong: ${a.length} vs ${b.length} scores`);
  const A = delongPlacements(labels, a), B = delongPlacements(labels, b);
  const nPos = A.v10.length, nNeg = A.v01.length;
  if (nPos < 2 || nNeg < 2) throw new Error(`paired DeLong: needs at least 2 cases of each class (got ${nPos} positive, ${nNeg} negative)`);
  const sAA = cov(A.v10, A.v10) / nPos + cov(A.v01, A.v01) / nNeg;
  const sBB = cov(B.v10, B.v10) / nPos + cov(B.v01, B.v01) / nNeg;
  const sAB = cov(A.v10, B.v10) / nPos + cov(A.v01, B.v01) / nNeg;
  const difference = A.auc - B.auc;
  // Rounding can leave a tiny negative variance for (nearly) identical scores.
  const variance = Math.max(0, sAA + sBB - 2 * sAB);
  const se = Math.sqrt(variance);
  const z = se === 0 ? (difference === 0 ? 0 : Math.sign(difference) * Infinity) : difference / se;
  return { aucA: A.auc, aucB: B.auc, difference, variance, se, covariance: sAB, z, pValue: twoSidedNormalP(z), nPos, nNeg };
}
