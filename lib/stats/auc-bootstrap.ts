/**
 * Percentile bootstrap CI of the AUC over given resamples. The resamples are row-index sets,
 * so the caller decides how they are drawn: rows uniformly with replacement (`bootstrapIndices`),
 * or whole patients (a patient-clustered bootstrap hands the rows of the drawn patients, and
 * its sets may differ in length). A resample with only one class has no AUC; it is left out
 * and counted in `skipped`, so the interval says how many draws it rests on.
 *
 * @example
 *   const sets = bootstrapIndices(y.length, 1000, rng.fork('auc'));
 *   bootstrapAucCi(y, decisionValues, sets);  // { estimate, lower, upper, used, skipped }
 */
import { percentileInterval } from './bootstrap';
import type { Labels } from './metrics';
import { aucOf, classCounts, type Scores } from './roc';

export interface AucBootstrapResult {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  /** Resamples with both classes (the replicates the interval is computed from). */
  used: number;
  /** Resamples left out because they held one class only. */
  skipped: number;
}

export function bootstrapAucCi(labels: Labels, scores: Scores, resamples: readonly (Int32Array | readonly number[])[], level = 0.95): AucBootstrapResult {
  classCounts(labels, scores, 'bootstrap AUC');
  const n = labels.length;
  const replicates: number[] = [];
  let skipped = 0;
  resamples.forEach((rows, b) => {
    const y = new Float64Array(rows.length), s = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new Error(`bootstrap AUC: resample ${b} holds row ${r}, outside 0..${n - 1}`);
      y[k] = labels[r]!;
      s[k] = scores[r]!;
    }
    const auc = aucOf(y, s);
    if (Number.isNaN(auc)) skipped++;
    else replicates.push(auc);
  });
  const [lower, upper] = replicates.length > 0 ? percentileInterval(replicates, level) : [NaN, NaN];
  return { estimate: aucOf(labels, scores), lower, upper, level, used: replicates.length, skipped };
}
