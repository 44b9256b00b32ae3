/**
 * Calibration of predicted probabilities with bootstrap CIs, as the SVM calibration step and the
 * external and temporal validations of a classifier report it: calibration-in-the-large (offset
 * intercept), the joint recalibration intercept and slope, Brier score, ICI / E50 / E90 / Emax,
 * each with a percentile CI over the given resamples (rows or whole patients), the LOWESS curve
 * with its band, and grouped points.
 */
import { percentileInterval } from './bootstrap';
import { calibrationGroups, calibrationStats, smoothCalibrationCurve, type CalibrationStats } from './calibration';
import { ciExcludesEstimate } from './ci-flag';
import type { Labels } from './metrics';

/**
 * `intercept` is calibration-in-the-large: a in logit P(y = 1) = a + logit(p), the slope fixed at
 * 1 (logit(p) an offset). `intercept_joint` is a of the joint fit logit P(y = 1) = a + b · logit(p),
 * what rms::val.prob reports as "Intercept" (`recalibrationIntercept` in lib/stats/calibration).
 * Both get CIs from the same resamples.
 */
export const CALIBRATION_STATS = ['intercept', 'intercept_joint', 'slope', 'brier', 'ici', 'e50', 'e90', 'emax'] as const;
export type CalibrationStatName = (typeof CALIBRATION_STATS)[number];
export const calibrationStatValue = (c: CalibrationStats, k: CalibrationStatName) => (k === 'intercept_joint' ? c.recalibrationIntercept : c[k]);

export interface StatWithCi {
  value: number;
  ci_low: number;
  ci_high: number;
  /** Resamples with a finite value of this statistic (the CI rests on them). */
  resamples_used: number;
  /** The percentile CI does not contain `value` (lib/stats/ci-flag): an unstable estimate. */
  ci_excludes_estimate: boolean;
}

export interface CalibrationSummary {
  n: number;
  recovered: number;
  stats: Record<CalibrationStatName, StatWithCi>;
  recalibrationIntercept: number;
  /** Why a statistic of the full sample is not estimable (perfect separation, one outcome). */
  problems: string[];
  groups: ReturnType<typeof calibrationGroups>;
  curve: { x: number; y: number; low: number; high: number }[];
  predictions: { p: number; recovered: boolean }[];
}

export function calibrationSummary(y: Labels, p: readonly number[], sets: readonly (Int32Array | readonly number[])[], groups: number): CalibrationSummary {
  const full = calibrationStats(y, p);
  // A draw with one outcome only or perfectly separated has no intercept or slope (NaN);
  // each statistic's CI rests on the draws where it is finite, and says how many.
  const replicates: CalibrationStats[] = sets.map((rows) => calibrationStats(Array.from(rows, (r) => y[r]!), Array.from(rows, (r) => p[r]!)));
  const stats = Object.fromEntries(
    CALIBRATION_STATS.map((k) => {
      const finite = replicates.map((r) => calibrationStatValue(r, k)).filter(Number.isFinite);
      const [lo, hi] = finite.length ? percentileInterval(finite) : [NaN, NaN];
      return [k, { value: calibrationStatValue(full, k), ci_low: lo, ci_high: hi, resamples_used: finite.length, ci_excludes_estimate: ciExcludesEstimate(calibrationStatValue(full, k), lo, hi) }];
    }),
  ) as Record<CalibrationStatName, StatWithCi>;
  const curve = smoothCalibrationCurve(y, p, { points: 60, resamples: sets });
  return {
    n: y.length,
    recovered: full.events,
    stats,
    recalibrationIntercept: full.recalibrationIntercept,
    problems: full.problems,
    groups: calibrationGroups(y, p, groups),
    curve: curve.x.map((x, k) => ({ x, y: curve.y[k]!, low: curve.low![k]!, high: curve.high![k]! })),
    predictions: p.map((v, i) => ({ p: v, recovered: y[i] === 1 })),
  };
}
