/**
 * Discrimination of a score for binary labels (1 = the positive class): the area under the ROC
 * curve, the ROC and precision–recall curves, average precision. Conventions are
 * scikit-learn's (`roc_auc_score`, `roc_curve(drop_intermediate=False)`,
 * `precision_recall_curve`, `average_precision_score`): a higher score means "more likely 1",
 * and a threshold t classifies `score >= t` as 1.
 *
 * @example
 *   aucOf([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);  // 0.75
 *   rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).points;  // [{ threshold: Infinity, fpr: 0, tpr: 0 }, ...]
 */
import type { Labels } from './metrics';

export type Scores = readonly number[] | Float64Array;

/** Counts of each class; throws a message naming the problem for unusable input. */
export function classCounts(labels: Labels, scores: Scores, what = 'AUC'): { nPos: number; nNeg: number } {
  if (labels.length !== scores.length) throw new Error(`${what}: ${labels.length} labels vs ${scores.length} scores`);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) throw new Error(`${what}: label at row ${i} is ${y}; labels must be 0 or 1`);
    if (!Number.isFinite(scores[i]!)) throw new Error(`${what}: score at row ${i} is ${scores[i]}; scores must be finite numbers`);
    if (y === 1) nPos++;
  }
  return { nPos, nNeg: labels.length - nPos };
}

/** Rows in descending score order (ties in row order: the curves group them anyway). */
function descendingOrder(scores: Scores): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * Midranks (1-based; tied values share the mean of their ranks) of `values` in ascending order.
 * The Mann–Whitney form of the AUC and DeLong's placements both rest on them.
 */
export function midranks(values: Scores): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!]! === values[order[i]!]!) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * AUC = P(score of a random positive > score of a random negative) + ½ P(tie), computed from
 * midranks (the Mann–Whitney U / (n₁ n₀)). NaN when a class is absent (sklearn raises there;
 * resampling code must be able to skip such a draw).
 */
export function aucOf(labels: Labels, scores: Scores): number {
  const { nPos, nNeg } = classCounts(labels, scores);
  if (nPos === 0 || nNeg === 0) return NaN;
  const ranks = midranks(scores);
  let rankSum = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) rankSum += ranks[i]!;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

interface ThresholdCounts {
  thresholds: number[];
  /** Cumulative true and false positives when classifying score >= threshold as 1. */
  tps: number[];
  fps: number[];
}

/** One entry per distinct score, descending: sklearn's `_binary_clf_curve`. */
function thresholdCounts(labels: Labels, scores: Scores): ThresholdCounts {
  const order = descendingOrder(scores);
  const thresholds: number[] = [], tps: number[] = [], fps: number[] = [];
  let tp = 0, fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    if (next === undefined || scores[next]! !== scores[i]!) {
      thresholds.push(scores[i]!);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds, tps, fps };
}

export interface RocPoint {
  /** Classify score >= threshold as positive; the first point (nothing positive) has +Infinity. */
  threshold: number;
  fpr: number;
  tpr: number;
}

export interface RocCurve {
  points: RocPoint[];
  nPos: number;
  nNeg: number;
}

/** Every distinct threshold, starting from (0, 0): sklearn's `roc_curve(drop_intermediate=False)`. */
export function rocCurve(labels: Labels, scores: Scores): RocCurve {
  const { nPos, nNeg } = classCounts(labels, scores, 'ROC curve');
  if (nPos === 0 || nNeg === 0) throw new Error(`ROC curve: needs both classes (got ${nPos} positive, ${nNeg} negative)`);
  const { thresholds, tps, fps } = thresholdCounts(labels, scores);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  thresholds.forEach((t, k) => points.push({ threshold: t, fpr: fps[k]! / nNeg, tpr: tps[k]! / nPos }));
  return { points, nPos, nNeg };
}

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
}

export interface PrCurve {
  /**
   * sklearn's (1.2) `precision_recall_curve` order: every distinct score as a threshold,
   * ascending, then the end point (recall 0, precision 1, threshold +Infinity) that sklearn
   * appends.
   */
  points: PrPoint[];
  /** sklearn's `average_precision_score`: Σ (R_k − R_{k−1}) P_k, a step integral (no interpolation). */
  averagePrecision: number;
  /** Share of positives: the precision of a score that carries no information. */
  prevalence: number;
}

export function precisionRecallCurve(labels: Labels, scores: Scores): PrCurve {
  const { nPos, nNeg } = classCounts(labels, scores, 'precision–recall curve');
  if (nPos === 0) throw new Error('precision–recall curve: needs at least one positive label');
  const { thresholds, tps, fps } = thresholdCounts(labels, scores);
  const points: PrPoint[] = [];
  for (let k = thresholds.length - 1; k >= 0; k--) {
    const predictedPos = tps[k]! + fps[k]!;
    points.push({ threshold: thresholds[k]!, precision: tps[k]! / predictedPos, recall: tps[k]! / nPos });
  }
  points.push({ threshold: Infinity, precision: 1, recall: 0 });
  let ap = 0;
  for (let k = 0; k < points.length - 1; k++) ap += (points[k]!.recall - points[k + 1]!.recall) * points[k]!.precision;
  return { points, averagePrecision: ap, prevalence: nPos / (nPos + nNeg) };
}
