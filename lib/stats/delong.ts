/**
 * DeLong, DeLong & Clarke-Pearson (1988) variance of the AUC and the normal-approximation CI
 * on the AUC scale, as R's pROC computes `var(roc)` and `ci.auc(method = "delong")`: the
 * placement values of every positive among the negatives (and vice versa), their variances with
 * n − 1, and the interval clipped to [0, 1]. The placements come from midranks (Sun & Xu 2014),
 * so ties count ½ exactly as in the pairwise definition.
 *
 * @example
 *   const d = delongAuc(labels, decisionValues);
 *   d.auc; d.variance; d.ciLow; d.ciHigh;
 */
import type { Labels } from './metrics';
import { normalQuantile } from './normal';
import { classCounts, midranks, type Scores } from './roc';

export interface DelongResult {
  auc: number;
  variance: number;
  /** Standard error √variance. */
  se: number;
  ciLow: number;
  ciHigh: number;
  level: number;
  nPos: number;
  nNeg: number;
}

export function delongAuc(labels: Labels, scores: Scores, level = 0.95): DelongResult {
  if (!(level > 0 && level < 1)) throw new Error(`DeLong CI: level must be in (0, 1), got ${level}`);
  const { nPos, nNeg } = classCounts(labels, scores, 'DeLong AUC');
  if (nPos < 2 || nNeg < 2) {
    throw new Error(`DeLong AUC: needs at least 2 cases of each class (got ${nPos} positive, ${nNeg} negative)`);
  }
  const pos: number[] = [], neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]!);
  const all = midranks(scores);
  const rPos = midranks(pos), rNeg = midranks(neg);
  // V10: for each positive, the share of negatives it outranks (ties ½); V01: for each negative,
  // the share of positives that outrank it.
  const v10 = new Float64Array(nPos), v01 = new Float64Array(nNeg);
  let p = 0, q = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) {
      v10[p] = (all[i]! - rPos[p]!) / nNeg;
      p++;
    } else {
      v01[q] = 1 - (all[i]! - rNeg[q]!) / nPos;
      q++;
    }
  }
  let auc = 0;
  for (const v of v10) auc += v;
  auc /= nPos;
  const s10 = sumSquares(v10, auc) / (nPos - 1);
  const s01 = sumSquares(v01, auc) / (nNeg - 1);
  const variance = s10 / nPos + s01 / nNeg;
  const se = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - level) / 2);
  return { auc, variance, se, ciLow: Math.max(0, auc - z * se), ciHigh: Math.min(1, auc + z * se), level, nPos, nNeg };
}

function sumSquares(values: Float64Array, center: number): number {
  let s = 0;
  for (const v of values) s += (v - center) * (v - center);
  return s;
}
