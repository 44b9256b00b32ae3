/**
 * Percentile bootstrap CI of the difference of two AUCs on the same cases, paired: every resample
 * is one row-index set, and both scores are ranked on exactly those rows, so what the two models
 * share (the same patients, the same hard cases) cancels in the difference. Hand it
 * patient-clustered sets (`clusterBootstrapIndices`) and the pairing is by patient too. A
 * resample with one class only has no AUC: it is left out and counted in `skipped`.
 *
 * @example
 *   const sets = clusterBootstrapIndices(patients, 1000, rng.fork('cluster-bootstrap'));
 *   pairedAucDifferenceCi(y, lrProbability, svmProbability, sets);  // AUC(lr) − AUC(svm)
 */
import { percentileInterval } from './bootstrap';
import type { Labels } from './metrics';
import { aucOf, classCounts, type Scores } from './roc';

export interface PairedAucDifference {
  /** AUC(a) − AUC(b) on all rows. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  /** AUC(a) − AUC(b) on each resample with both classes, in resample order. */
  replicates: Float64Array;
  used: number;
  skipped: number;
}

export function pairedAucDifferenceCi(labels: Labels, a: Scores, b: Scores, resamples: readonly (Int32Array | readonly number[])[], level = 0.95): PairedAucDifference {
  classCounts(labels, a, 'paired AUC difference');
  classCounts(labels, b, 'paired AUC difference');
  const n = labels.length;
  const replicates: number[] = [];
  let skipped = 0;
  resamples.forEach((rows, r) => {
    const y = new Float64Array(rows.length), sa = new Float64Array(rows.length), sb = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new Error(`paired AUC difference: resample ${r} holds row ${i}, outside 0..${n - 1}`);
      y[k] = labels[i]!;
      sa[k] = a[i]!;
      sb[k] = b[i]!;
    }
    const d = aucOf(y, sa) - aucOf(y, sb);
    if (Number.isNaN(d)) skipped++;
    else replicates.push(d);
  });
  const [lower, upper] = replicates.length > 0 ? percentileInterval(replicates, level) : [NaN, NaN];
  return { estimate: aucOf(labels, a) - aucOf(labels, b), lower, upper, level, replicates: Float64Array.from(replicates), used: replicates.length, skipped };
}
