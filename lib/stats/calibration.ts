/**
 * Calibration of predicted probabilities against binary outcomes (Van Calster et al. 2019;
 * Austin & Steyerberg 2019), with the conventions of R's `rms::val.prob`:
 *
 * - calibration intercept: `a` in logit P(y = 1) = a + logit(p) (slope fixed at 1, the offset
 *   model; "calibration-in-the-large"; 0 is ideal, > 0 means predictions too low);
 * - calibration slope: `b` in logit P(y = 1) = a + b · logit(p) (1 is ideal, < 1 means
 *   predictions too extreme); `recalibrationIntercept` is that model's `a` (val.prob's
 *   "Intercept");
 * - Brier score: mean (p − y)²;
 * - ICI, E50, E90, Emax: mean, median, 90th percentile and maximum of |p − s(p)|, where s is
 *   the smoothed observed outcome at p. The smoother is val.prob's: LOWESS with f = 2/3 and no
 *   robustness iterations (Austin & Steyerberg smooth with loess, span 0.75, degree 2; the
 *   reference fixture measures how far that moves ICI on our cases).
 *
 * @example
 *   const c = calibrationStats(y, p);
 *   c.intercept; c.slope; c.brier; c.ici; c.e50; c.e90; c.emax;
 *   calibrationGroups(y, p, 10);   // points of the calibration plot, by decile of p
 */
import { quantile } from './descriptive';
import { fitLogistic } from './logistic-fit';
import { lowess } from './lowess';
import type { Labels } from './metrics';
import { normalQuantile } from './normal';

export interface CalibrationStats {
  n: number;
  events: number;
  intercept: number;
  slope: number;
  recalibrationIntercept: number;
  brier: number;
  ici: number;
  e50: number;
  e90: number;
  emax: number;
  /**
   * Why the intercept or slope is NaN, when it is: with one outcome only, or outcomes perfectly
   * separated by the predictions (slope → ∞), the logistic model has no finite estimate.
   */
  problems: string[];
}

export type Probabilities = readonly number[] | Float64Array;

const logit = (p: number) => Math.log(p / (1 - p));

function checkInput(y: Labels, p: Probabilities): void {
  if (y.length !== p.length) throw new Error(`calibration: ${y.length} outcomes vs ${p.length} probabilities`);
  if (y.length === 0) throw new Error('calibration: no predictions');
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`calibration: outcome at row ${i} is ${y[i]}; outcomes must be 0 or 1`);
    const v = p[i]!;
    if (!(v > 0 && v < 1)) throw new Error(`calibration: probability at row ${i} is ${v}; it must lie strictly between 0 and 1`);
  }
}

/** The LOWESS-smoothed observed outcome at every prediction (in input order). */
export function smoothedObserved(y: Labels, p: Probabilities): Float64Array {
  const fit = lowess(p, Float64Array.from(y));
  const out = new Float64Array(p.length);
  fit.order.forEach((row, k) => (out[row] = fit.y[k]!));
  return out;
}

export function calibrationStats(y: Labels, p: Probabilities): CalibrationStats {
  checkInput(y, p);
  const n = y.length;
  const lp = Float64Array.from(p, logit);
  const problems: string[] = [];
  const tryFit = (slope: 'fixed' | 'free') => {
    try {
      return fitLogistic(y, lp, { slope });
    } catch (err) {
      problems.push(`${slope === 'fixed' ? 'calibration intercept' : 'calibration slope'}: ${(err as Error).message.replace(/^logistic fit: /, '')}`);
      return { intercept: NaN, slope: NaN };
    }
  };
  const fixed = tryFit('fixed');
  const recal = tryFit('free');
  let brier = 0, events = 0;
  for (let i = 0; i < n; i++) {
    brier += (p[i]! - y[i]!) ** 2;
    events += y[i]!;
  }
  const smooth = smoothedObserved(y, p);
  const err = Float64Array.from(p, (v, i) => Math.abs(v - smooth[i]!));
  let sum = 0, max = 0;
  for (const e of err) {
    sum += e;
    if (e > max) max = e;
  }
  return {
    n,
    events,
    intercept: fixed.intercept,
    slope: recal.slope,
    recalibrationIntercept: recal.intercept,
    brier: brier / n,
    ici: sum / n,
    e50: quantile(err, 0.5),
    e90: quantile(err, 0.9),
    emax: max,
    problems,
  };
}

export interface CalibrationGroup {
  n: number;
  meanPredicted: number;
  observed: number;
  /** Wilson score 95% interval of the observed proportion. */
  low: number;
  high: number;
}

/**
 * The grouped points of a calibration plot: predictions sorted and cut into `groups` groups of
 * near-equal size (group of the k-th smallest = ⌊k · groups / n⌋; tied predictions may straddle
 * a cut), each with its mean prediction and observed proportion.
 */
export function calibrationGroups(y: Labels, p: Probabilities, groups = 10, level = 0.95): CalibrationGroup[] {
  // Unit weights: every weighted sum is the plain sum and Kish's size is the group's size, exactly.
  return weightedCalibrationGroups(y, p, new Array<number>(y.length).fill(1), groups, level);
}

/**
 * calibrationGroups with a weight per prediction (inverse probability of censoring weights):
 * the same cut into groups by rank, each group's observed share and mean prediction weighted,
 * and the Wilson interval on Kish's effective size (Σw)² / Σw², which is the group's size when
 * the weights are equal (calibrationGroups is this with unit weights).
 */
export function weightedCalibrationGroups(y: Labels, p: Probabilities, w: readonly number[], groups = 10, level = 0.95): CalibrationGroup[] {
  checkInput(y, p);
  if (w.length !== y.length || w.some((x) => !(x > 0) || !Number.isFinite(x))) throw new Error('calibration groups: need one positive, finite weight per prediction');
  if (!Number.isInteger(groups) || groups < 1) throw new Error(`calibration groups: need a positive whole number of groups, got ${groups}`);
  const n = y.length;
  const g = Math.min(groups, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const z = normalQuantile(1 - (1 - level) / 2);
  const out: CalibrationGroup[] = [];
  for (let k = 0, start = 0; k < g; k++) {
    const end = Math.floor(((k + 1) * n) / g);
    let sw = 0, sw2 = 0, sp = 0, sy = 0;
    for (let r = start; r < end; r++) {
      const i = order[r]!;
      sw += w[i]!;
      sw2 += w[i]! ** 2;
      sp += w[i]! * p[i]!;
      sy += w[i]! * y[i]!;
    }
    const obs = sy / sw;
    const [low, high] = wilson(obs, (sw * sw) / sw2, z);
    out.push({ n: end - start, meanPredicted: sp / sw, observed: obs, low, high });
    start = end;
  }
  return out;
}

function wilson(phat: number, n: number, z: number): [number, number] {
  const z2 = z * z;
  const center = (phat + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

export interface SmoothCurve {
  x: number[];
  y: number[];
  /** Pointwise percentile band over the resamples (absent without resamples). */
  low?: number[];
  high?: number[];
  /** Resamples that could be smoothed (both outcomes present, at least 3 distinct predictions). */
  used?: number;
}

/**
 * The smoothed calibration curve on `points` evenly spaced predictions across the observed range,
 * and, given resample index sets (rows or whole patients; see bootstrapAucCi), a pointwise
 * percentile band: each resample is smoothed and read off at the same x by linear interpolation
 * (predictions outside a resample's range are left out of that x's band).
 */
export function smoothCalibrationCurve(y: Labels, p: Probabilities, options: { points?: number; resamples?: readonly (Int32Array | readonly number[])[]; level?: number } = {}): SmoothCurve {
  checkInput(y, p);
  const points = options.points ?? 50;
  let lo = Infinity, hi = -Infinity;
  for (const v of p) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const grid = Array.from({ length: points }, (_, k) => (points === 1 ? lo : lo + ((hi - lo) * k) / (points - 1)));
  const read = (fit: { x: Float64Array; y: Float64Array }, at: number) => interpolate(fit.x, fit.y, at);
  const full = lowess(p, Float64Array.from(y));
  const curve: SmoothCurve = { x: grid, y: grid.map((g) => read(full, g)) };
  if (!options.resamples) return curve;
  const level = options.level ?? 0.95;
  const columns: number[][] = grid.map(() => []);
  let used = 0;
  for (const rows of options.resamples) {
    const ry = Float64Array.from(rows, (r) => y[r]!);
    const rp = Float64Array.from(rows, (r) => p[r]!);
    const events = ry.reduce((s, v) => s + v, 0);
    if (events === 0 || events === ry.length || new Set(rp).size < 3) continue;
    const fit = lowess(rp, ry);
    used++;
    grid.forEach((g, k) => {
      if (g >= fit.x[0]! && g <= fit.x[fit.x.length - 1]!) columns[k]!.push(read(fit, g));
    });
  }
  const tail = (1 - level) / 2;
  curve.low = columns.map((c) => (c.length ? quantile(c, tail) : NaN));
  curve.high = columns.map((c) => (c.length ? quantile(c, 1 - tail) : NaN));
  curve.used = used;
  return curve;
}

/** Linear interpolation in ascending xs (ties: the mean of their ys, as R's approx(ties = mean)). */
function interpolate(xs: Float64Array, ys: Float64Array, at: number): number {
  const n = xs.length;
  if (at <= xs[0]!) return meanAtTie(xs, ys, 0);
  if (at >= xs[n - 1]!) return meanAtTie(xs, ys, n - 1);
  let loIdx = 0, hiIdx = n - 1;
  while (hiIdx - loIdx > 1) {
    const mid = (loIdx + hiIdx) >> 1;
    if (xs[mid]! <= at) loIdx = mid;
    else hiIdx = mid;
  }
  const x0 = xs[loIdx]!, x1 = xs[hiIdx]!;
  const y0 = meanAtTie(xs, ys, loIdx), y1 = meanAtTie(xs, ys, hiIdx);
  return x1 === x0 ? y0 : y0 + ((y1 - y0) * (at - x0)) / (x1 - x0);
}

function meanAtTie(xs: Float64Array, ys: Float64Array, k: number): number {
  let a = k, b = k;
  while (a > 0 && xs[a - 1] === xs[k]) a--;
  while (b < xs.length - 1 && xs[b + 1] === xs[k]) b++;
  let s = 0;
  for (let i = a; i <= b; i++) s += ys[i]!;
  return s / (b - a + 1);
}
