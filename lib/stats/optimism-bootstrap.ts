/**
 * Harrell's bootstrap optimism correction (Harrell, Lee & Mark 1996; Steyerberg, Clinical
 * Prediction Models, ch. 17; what `rms::validate(method = "boot")` computes): the whole model
 * building is repeated in each bootstrap replicate of the development data; the optimism of a
 * performance measure is the mean over replicates of (the replicate model's performance on the
 * replicate data − its performance on the original development data), and the corrected value
 * is the apparent one (the original model on the original data) minus that mean.
 *
 * Measures (probabilities of the event y = 1):
 * - `auc`: the c statistic (Mann–Whitney, ties count ½);
 * - `brier`: mean (p − y)²;
 * - `citl`: calibration-in-the-large, a in logit P(y) = a + logit(p) (slope fixed at 1, the
 *   offset model; `glm(y ~ 1, offset = qlogis(p))`);
 * - `interceptJoint`: a of the joint fit logit P(y) = a + b · logit(p) (rms::val.prob's
 *   "Intercept"); `slope`: its b.
 *
 * A replicate whose fit failed is counted (`failed`), not dropped silently; a measure that is
 * undefined in a replicate (one outcome only, separated predictions) is left out of that
 * measure's mean and counted in its `undefined`.
 *
 * @example
 *   const reps = indices.map((idx) => { const fit = ...; return { boot: performanceOf(yb, pb), test: performanceOf(y, po) }; });
 *   harrellOptimism(performanceOf(y, apparentP), reps).auc; // { apparent, optimism, corrected, used, undefined }
 */
import { fitLogistic } from './logistic-fit';
import { fitLogisticRegression, predictLogisticRegression, type Design } from './logistic-regression';
import type { Labels } from './metrics';
import { aucOf } from './roc';

export const OPTIMISM_MEASURES = ['auc', 'brier', 'citl', 'interceptJoint', 'slope'] as const;
export type OptimismMeasure = (typeof OPTIMISM_MEASURES)[number];
export type Performance = Record<OptimismMeasure, number>;

/** A probability that rounds to 0 or 1 has no logit; 1e-12 from the edge stands in for it (as the baseline cell). */
const logit = (p: number) => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/** The five measures of `p` against `y`; NaN where undefined (one outcome only, separation, no rows). */
export function performanceOf(y: Labels, p: readonly number[] | Float64Array): Performance {
  const n = y.length;
  if (n !== p.length) throw new Error(`performanceOf: ${n} outcomes vs ${p.length} probabilities`);
  // No rows, or a model that gave no probabilities (NaN): every measure undefined.
  if (n === 0 || Array.prototype.some.call(p, (v: number) => !Number.isFinite(v))) return { auc: NaN, brier: NaN, citl: NaN, interceptJoint: NaN, slope: NaN };
  let events = 0, brier = 0;
  for (let i = 0; i < n; i++) {
    events += y[i]!;
    brier += (p[i]! - y[i]!) ** 2;
  }
  const both = events > 0 && events < n;
  const lp = Float64Array.from(p, logit);
  const fit = (slope: 'fixed' | 'free') => {
    try {
      return fitLogistic(y, lp, { slope });
    } catch {
      return { intercept: NaN, slope: NaN };
    }
  };
  const fixed = both ? fit('fixed') : { intercept: NaN };
  const joint = both ? fit('free') : { intercept: NaN, slope: NaN };
  return { auc: both ? aucOf(y, p) : NaN, brier: brier / n, citl: fixed.intercept, interceptJoint: joint.intercept, slope: joint.slope };
}

/** One replicate: the replicate model on the replicate data (`boot`) and on the original development data (`test`); null when its fit failed. */
export type ReplicatePerformance = { boot: Performance; test: Performance } | null;

export interface OptimismSummary {
  apparent: number;
  /** Mean of boot − test over the replicates where both are finite. */
  optimism: number;
  corrected: number;
  /** Replicates the mean rests on. */
  used: number;
  /** Replicates (fitted) where this measure was undefined on the replicate or the original data. */
  undefined: number;
}

export type OptimismResult = Record<OptimismMeasure, OptimismSummary> & { replicates: number; failed: number };

export function harrellOptimism(apparent: Performance, replicates: readonly ReplicatePerformance[]): OptimismResult {
  const failed = replicates.filter((r) => r === null).length;
  const out = { replicates: replicates.length, failed } as OptimismResult;
  for (const m of OPTIMISM_MEASURES) {
    let sum = 0, used = 0, undef = 0;
    for (const r of replicates) {
      if (!r) continue;
      const d = r.boot[m] - r.test[m];
      if (Number.isFinite(d)) {
        sum += d;
        used++;
      } else undef++;
    }
    const optimism = used ? sum / used : NaN;
    out[m] = { apparent: apparent[m], optimism, corrected: apparent[m] - optimism, used, undefined: undef };
  }
  return out;
}

export interface LogisticOptions {
  /** What to do when the maximum-likelihood estimate does not exist: `ridge` refits with λ = `ridgePenalty`; `not-estimable` counts the fit as failed. */
  separation: 'ridge' | 'not-estimable';
  ridgePenalty: number;
}

/** Maximum likelihood, and on separation the ridge refit (or null), as the baseline cell does. */
export function fitLogisticWithFallback(X: Design, y: Labels, options: LogisticOptions): { coefficients: number[]; method: 'maximum likelihood' | 'ridge' } | null {
  const ml = fitLogisticRegression(X, y);
  if (!ml.separation && ml.converged) return { coefficients: ml.coefficients, method: 'maximum likelihood' };
  if (options.separation === 'not-estimable') return null;
  const ridge = fitLogisticRegression(X, y, { penalty: options.ridgePenalty });
  return ridge.converged ? { coefficients: ridge.coefficients, method: 'ridge' } : null;
}

export interface LogisticReplicate {
  /** Predicted probabilities of the replicate rows (in `indices` order) and of every original row; null when the fit failed. */
  boot: number[] | null;
  original: number[] | null;
  method: 'maximum likelihood' | 'ridge' | 'failed';
}

/**
 * Logistic regression refitted in each replicate (`indices`: rows of X drawn, e.g. patients with
 * all their windows). `transform`, when given, is the rest of the pipeline applied per replicate
 * (e.g. a standardizer fitted on the replicate rows): it receives the replicate rows and returns
 * a function mapping any rows to model inputs.
 */
export function logisticReplicates(X: Design, y: Labels, indices: readonly (Int32Array | readonly number[])[], options: LogisticOptions, transform?: (rows: Design) => (rows: Design) => Design): LogisticReplicate[] {
  return indices.map((idx) => {
    const Xb = Array.from(idx, (i) => X[i]!), yb = Array.from(idx, (i) => y[i]!);
    const map = transform ? transform(Xb) : (rows: Design) => rows;
    let fit: ReturnType<typeof fitLogisticWithFallback> = null;
    try {
      fit = new Set(yb).size === 2 ? fitLogisticWithFallback(map(Xb), yb, options) : null;
    } catch {
      fit = null;
    }
    if (!fit) return { boot: null, original: null, method: 'failed' };
    return { boot: predictLogisticRegression(fit, map(Xb)), original: predictLogisticRegression(fit, map(X)), method: fit.method };
  });
}

/** The replicates' performances: on their own rows and on the original data (`y` of every original row). */
export function replicatePerformances(y: Labels, indices: readonly (Int32Array | readonly number[])[], predictions: readonly { boot: readonly number[] | null; original: readonly number[] | null }[]): ReplicatePerformance[] {
  return predictions.map((r, b) => {
    if (!r.boot || !r.original) return null;
    const yb = Array.from(indices[b]!, (i) => y[i]!);
    return { boot: performanceOf(yb, r.boot), test: performanceOf(y, r.original) };
  });
}
