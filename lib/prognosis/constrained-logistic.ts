/**
 * Weighted logistic regression by Newton–Raphson (IRLS), with sign constraints by an active
 * set: fit; if a constrained coefficient comes out on the wrong side of 0, fix the worst one at
 * 0 and refit; repeat. With no constraint active it is R's
 * `glm(y ~ X - 1, family = quasibinomial, weights = w)` (the unit tests check to 1e-6); with
 * constraints it is the same glm without the fixed columns. The fixed columns are returned so
 * the notebook can say where the data disagreed with a constraint.
 */
export interface ConstrainedFit {
  coefficients: number[];
  /** Indices held at 0 because the unconstrained estimate had the wrong sign. */
  fixedAtZero: number[];
  iterations: number;
  converged: boolean;
}

/** The logistic function, without overflow on either side. */
export const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

/** Solves A x = b for a symmetric positive-definite A by Cholesky (A is overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    if (!(d > 0)) throw new Error('logistic fit: the information matrix is singular (a feature has no variation, or the outcome is perfectly separated)');
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  const x = new Float64Array(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/** Unconstrained weighted fit on the columns `active` of X (rows of length p). */
function irls(x: readonly number[][], y: readonly number[], w: readonly number[], active: number[], maxIterations: number) {
  const n = active.length;
  const beta = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const info = new Float64Array(n * n);
    const score = new Float64Array(n);
    for (let r = 0; r < x.length; r++) {
      const row = x[r]!;
      let eta = 0;
      for (let j = 0; j < n; j++) eta += row[active[j]!]! * beta[j]!;
      const p = sigmoid(eta);
      const wr = w[r]!;
      const v = wr * p * (1 - p);
      const resid = wr * (y[r]! - p);
      for (let j = 0; j < n; j++) {
        const xj = row[active[j]!]!;
        if (xj === 0) continue;
        score[j] = score[j]! + xj * resid;
        for (let k = 0; k <= j; k++) info[j * n + k] = info[j * n + k]! + xj * row[active[k]!]! * v;
      }
    }
    const step = choleskySolve(info, score, n);
    let largest = 0;
    for (let j = 0; j < n; j++) {
      beta[j] = beta[j]! + step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < 1e-10) {
      converged = true;
      break;
    }
  }
  return { beta, iterations, converged };
}

export function fitConstrainedLogistic(
  x: readonly number[][],
  y: readonly number[],
  w: readonly number[],
  nonpositive: readonly number[],
  maxIterations = 100,
): ConstrainedFit {
  const p = x[0]?.length ?? 0;
  if (x.length === 0) throw new Error('logistic fit: no rows');
  const fixed = new Set<number>();
  let totalIterations = 0;
  for (;;) {
    const active = [...Array(p).keys()].filter((j) => !fixed.has(j));
    const { beta, iterations, converged } = irls(x, y, w, active, maxIterations);
    totalIterations += iterations;
    const coefficients = new Array<number>(p).fill(0);
    active.forEach((j, i) => (coefficients[j] = beta[i]!));
    const wrong = nonpositive.filter((j) => !fixed.has(j) && coefficients[j]! > 0);
    if (wrong.length === 0) return { coefficients, fixedAtZero: [...fixed].sort((a, b) => a - b), iterations: totalIterations, converged };
    fixed.add(wrong.reduce((a, b) => (coefficients[b]! > coefficients[a]! ? b : a)));
  }
}
