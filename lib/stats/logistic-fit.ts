/**
 * Maximum-likelihood logistic regression for the recalibration models, by Newton–Raphson:
 *   logit P(y = 1) = a + offset            (`slope: 'fixed'`, the calibration intercept), or
 *   logit P(y = 1) = a + b · x             (`slope: 'free'`, the calibration slope).
 * Two parameters at most, so the 2 × 2 Newton step is solved in closed form. Iterates until the
 * step is below 1e-13 (R's glm stops on a deviance change of 1e-8; at that point the two agree
 * to well below 1e-9 on these models).
 *
 * @example
 *   fitLogistic(y, logitP, { slope: 'fixed' }).intercept;     // calibration-in-the-large
 *   fitLogistic(y, logitP, { slope: 'free' });                // { intercept, slope }
 */
import type { Labels } from './metrics';
import type { Numbers } from './descriptive';

export interface LogisticFit {
  intercept: number;
  /** 1 when the slope is fixed (the offset model). */
  slope: number;
  iterations: number;
  logLikelihood: number;
}

const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

function logLikelihood(y: Labels, x: Numbers, a: number, b: number): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const t = a + b * x[i]!;
    // log σ(t) = −log(1 + e^{−t}), computed without overflow on either side.
    const logP = t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
    const log1mP = logP - t;
    ll += y[i] === 1 ? logP : log1mP;
  }
  return ll;
}

export function fitLogistic(y: Labels, x: Numbers, options: { slope: 'fixed' | 'free'; maxIterations?: number }): LogisticFit {
  const n = y.length;
  if (n !== x.length) throw new Error(`logistic fit: ${n} labels vs ${x.length} predictors`);
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`logistic fit: label at row ${i} is ${y[i]}; labels must be 0 or 1`);
    if (!Number.isFinite(x[i]!)) throw new Error(`logistic fit: predictor at row ${i} is ${x[i]} (a probability of exactly 0 or 1 has no logit)`);
    events += y[i]!;
  }
  if (events === 0 || events === n) throw new Error(`logistic fit: needs both outcomes (got ${events} events in ${n} rows)`);
  const free = options.slope === 'free';
  const maxIterations = options.maxIterations ?? 100;
  let a = 0, b = free ? 0 : 1;
  if (free) a = Math.log(events / (n - events));
  for (let iter = 1; iter <= maxIterations; iter++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const p = sigmoid(a + b * xi);
      const w = p * (1 - p);
      const r = y[i]! - p;
      g0 += r;
      h00 += w;
      if (free) {
        g1 += r * xi;
        h01 += w * xi;
        h11 += w * xi * xi;
      }
    }
    let da: number, db = 0;
    if (free) {
      const det = h00 * h11 - h01 * h01;
      if (!(det > 0)) throw new Error('logistic fit: the information matrix became singular (the outcome is perfectly separated by the predictions, or all predictions are equal)');
      da = (h11 * g0 - h01 * g1) / det;
      db = (h00 * g1 - h01 * g0) / det;
    } else {
      da = g0 / h00;
    }
    a += da;
    b += db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error('logistic fit: diverged (the outcome is perfectly separated by the predictions)');
    if (Math.abs(da) <= 1e-13 * Math.max(1, Math.abs(a)) && Math.abs(db) <= 1e-13 * Math.max(1, Math.abs(b))) {
      return { intercept: a, slope: b, iterations: iter, logLikelihood: logLikelihood(y, x, a, b) };
    }
  }
  throw new Error(`logistic fit: no convergence in ${maxIterations} Newton steps (the outcome may be separated by the predictions)`);
}
