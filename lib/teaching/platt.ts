/**
 * Platt scaling of SVM decision values: P(recovered | f) = 1 / (1 + exp(A·f + B)), fitted by the
 * Newton method with backtracking of Lin, Lin & Weng (2007, "A note on Platt's probabilistic
 * outputs"), as libsvm and scikit-learn do, on Platt's regularized targets. The teaching
 * notebook fits it on out-of-fold decision values of the training part only (see
 * teaching-calibration); the validation work on the classifier may later provide the same pair
 * (`TrainedSvm.probability`), which this module then only evaluates.
 *
 * Besides (A, B) the fit returns the inverse Hessian of the negative log-likelihood at the
 * optimum: the delta-method covariance of (A, B), from which `plattInterval` gives an interval
 * that reflects the calibration fit's uncertainty (not the SVM's).
 */
export interface PlattFit {
  A: number;
  B: number;
  /** Covariance of (A, B): [varA, covAB, varB]. */
  cov: [number, number, number];
  n: number;
  iterations: number;
}

/** Fits (A, B) on decision values `f` (any sign convention) and labels 1 = recovered, 0 = not. */
export function fitPlatt(f: ArrayLike<number>, labels: ArrayLike<number>): PlattFit {
  const n = f.length;
  if (n !== labels.length) throw new Error(`fitPlatt: ${n} decision values but ${labels.length} labels`);
  if (n < 2) throw new Error('fitPlatt: needs at least two decision values');
  let prior1 = 0;
  for (let i = 0; i < n; i++) if (labels[i] === 1) prior1++;
  const prior0 = n - prior1;
  const hi = (prior1 + 1) / (prior1 + 2);
  const lo = 1 / (prior0 + 2);
  const t = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? hi : lo));
  const maxIter = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const objective = (a: number, b: number) => {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const z = f[i]! * a + b;
      v += z >= 0 ? t[i]! * z + Math.log1p(Math.exp(-z)) : (t[i]! - 1) * z + Math.log1p(Math.exp(z));
    }
    return v;
  };
  let fval = objective(A, B);
  let it = 0;
  for (; it < maxIter; it++) {
    const { g1, g2, h11, h21, h22 } = derivatives(f, t, A, B);
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const a11 = h11 + sigma, a22 = h22 + sigma;
    const det = a11 * a22 - h21 * h21;
    const dA = -(a22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + a11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break; // line search failed: keep the last accepted point (libsvm does the same)
  }
  return { A, B, cov: covarianceAt(f, t, A, B), n, iterations: it };
}

/** Platt's regularized targets for labels 1 / 0. */
function targets(labels: ArrayLike<number>): Float64Array {
  let prior1 = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) prior1++;
  const prior0 = labels.length - prior1;
  const hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
  return Float64Array.from({ length: labels.length }, (_, i) => (labels[i] === 1 ? hi : lo));
}

function covarianceAt(f: ArrayLike<number>, t: Float64Array, A: number, B: number): [number, number, number] {
  const { h11, h21, h22 } = derivatives(f, t, A, B);
  const det = h11 * h22 - h21 * h21;
  return det > 0 ? [h22 / det, -h21 / det, h11 / det] : [NaN, NaN, NaN];
}

/**
 * The delta-method covariance of a sigmoid (A, B) fitted elsewhere (the classifier's own Platt
 * scaling), from the inverse Hessian of the same objective on decision values `f` of the same
 * training part.
 */
export function plattCovariance(f: ArrayLike<number>, labels: ArrayLike<number>, A: number, B: number): [number, number, number] {
  return covarianceAt(f, targets(labels), A, B);
}

function derivatives(f: ArrayLike<number>, t: Float64Array, A: number, B: number) {
  let g1 = 0, g2 = 0, h11 = 0, h21 = 0, h22 = 0;
  for (let i = 0; i < f.length; i++) {
    const fi = f[i]!;
    const z = fi * A + B;
    // p = 1 / (1 + exp(z)), computed without overflow
    const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
    const d2 = p * (1 - p);
    h11 += fi * fi * d2;
    h22 += d2;
    h21 += fi * d2;
    const d1 = t[i]! - p;
    g1 += fi * d1;
    g2 += d1;
  }
  return { g1, g2, h11, h21, h22 };
}

/** P(recovered | f). */
export function plattProbability(fit: { A: number; B: number }, f: number): number {
  const z = fit.A * f + fit.B;
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
}

/**
 * Delta-method interval of P(recovered | f) at `level` (two-sided, normal quantile `zq`):
 * z ± zq·sd(z) with var(z) = f²·varA + 2f·covAB + varB, mapped through the sigmoid.
 */
export function plattInterval(fit: PlattFit, f: number, zq = 1.959963984540054): { low: number; high: number } {
  const [va, cab, vb] = fit.cov;
  const z = fit.A * f + fit.B;
  const s = Math.sqrt(Math.max(0, f * f * va + 2 * f * cab + vb));
  if (!Number.isFinite(s)) return { low: NaN, high: NaN };
  const p = (x: number) => (x >= 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x)));
  // p decreases in z: the low end of p comes from the high end of z.
  return { low: p(z + zq * s), high: p(z - zq * s) };
}
