/**
 * SVM probabilities by Platt scaling, fitted as libsvm's `-b 1` and scikit-learn's
 * `SVC(probability=True)` do: decision values for the training rows come from an internal
 * k-fold cross-validation on the training part only (each row scored by a model that did not
 * see it), and a sigmoid
 *   P(y = 1 | f) = 1 / (1 + exp(A · f + B))
 * is fitted to them by maximum likelihood on the regularized targets t₊ = (N₊ + 1)/(N₊ + 2),
 * t₋ = 1/(N₋ + 2), with the Newton method and backtracking line search of Lin, Lin & Weng (2007,
 * "A note on Platt's probabilistic outputs for support vector machines"). f follows the
 * decisionValues convention (positive = label 1 = recovered), so A < 0 for a useful model.
 *
 * The folds are an input: the caller draws them with the seeded RNG (stratified, so every
 * training fold holds both classes), and a test can hand scikit-learn the same ones.
 *
 * @example
 *   const folds = stratifiedFolds(yTrain, 5, seed);
 *   const platt = fitPlatt(engine, Xtrain, yTrain, { C, gamma }, folds);
 *   sigmoidProbability(platt.sigmoid, engine.decisionValues(model, Xtest));
 */
import type { Labels } from '../../stats/metrics';
import type { FeatureRows, SvmEngine, SvmParams } from './types';

export interface PlattSigmoid {
  A: number;
  B: number;
  /** Newton iterations taken. */
  iterations: number;
  /** The minimized negative log-likelihood on the regularized targets. */
  objective: number;
}

type Numbers = readonly number[] | Float64Array;

/** Σ t·z + log(1 + e^{−z}) with z = A f + B: the negative log-likelihood, overflow-free. */
function objectiveAt(f: Numbers, t: Float64Array, A: number, B: number): number {
  let v = 0;
  for (let i = 0; i < f.length; i++) {
    const z = f[i]! * A + B;
    v += z >= 0 ? t[i]! * z + Math.log1p(Math.exp(-z)) : (t[i]! - 1) * z + Math.log1p(Math.exp(z));
  }
  return v;
}

/** Platt's regularized targets: (N₊ + 1)/(N₊ + 2) for label 1, 1/(N₋ + 2) for label 0. */
export function plattTargets(y: Labels): Float64Array {
  let nPos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) nPos++;
  const hi = (nPos + 1) / (nPos + 2), lo = 1 / (y.length - nPos + 2);
  return Float64Array.from({ length: y.length }, (_, i) => (y[i] === 1 ? hi : lo));
}

export function fitSigmoid(decision: Numbers, y: Labels, options: { maxIterations?: number; gradientTolerance?: number } = {}): PlattSigmoid {
  const n = decision.length;
  if (n !== y.length) throw new Error(`Platt scaling: ${n} decision values vs ${y.length} labels`);
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`Platt scaling: label at row ${i} is ${y[i]}; labels must be 0 or 1`);
    if (!Number.isFinite(decision[i]!)) throw new Error(`Platt scaling: decision value at row ${i} is ${decision[i]}`);
    nPos += y[i]!;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new Error(`Platt scaling: needs both classes (got ${nPos} positive, ${nNeg} negative)`);
  const maxIterations = options.maxIterations ?? 100;
  // libsvm stops at 1e-5; Newton converges quadratically, so a few more steps reach the optimum
  // to machine precision (what a comparison with another optimizer needs).
  const tol = options.gradientTolerance ?? 1e-12 * n;
  const t = plattTargets(y);
  const minStep = 1e-10, sigma = 1e-12; // libsvm's: smallest line-search step, Hessian ridge
  let A = 0, B = Math.log((nNeg + 1) / (nPos + 1));
  let fval = objectiveAt(decision, t, A, B);
  let iter = 0;
  for (; iter < maxIterations; iter++) {
    const { h11, h22, h21, g1, g2 } = sigmoidDerivatives(decision, t, A, B, sigma);
    if (Math.abs(g1) < tol && Math.abs(g2) < tol) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let accepted = false;
    while (step >= minStep) {
      const nA = A + step * dA, nB = B + step * dB;
      const nf = objectiveAt(decision, t, nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) {
      // No decrease the objective can show: near the optimum its changes fall below rounding
      // (about 1e-14 of its value) while the gradient is still measurable. A full Newton step
      // is then taken if it shrinks the gradient; otherwise this is the optimum to rounding.
      const next = sigmoidDerivatives(decision, t, A + dA, B + dB, sigma);
      if (Math.hypot(next.g1, next.g2) >= Math.hypot(g1, g2)) break;
      A += dA;
      B += dB;
      fval = objectiveAt(decision, t, A, B);
    }
  }
  return { A, B, iterations: iter, objective: fval };
}

/**
 * Gradient and Hessian of the objective at (A, B) on targets `t`, the Hessian with the ridge
 * `sigma` on its diagonal (libsvm's 1e-12 in the fit; 0 for the delta-method covariance).
 */
export function sigmoidDerivatives(decision: Numbers, t: Float64Array, A: number, B: number, sigma: number) {
  let h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
  for (let i = 0; i < decision.length; i++) {
    const f = decision[i]!;
    const z = f * A + B;
    // p = P(y = 1) = 1/(1 + e^z), q = 1 − p, each from the side that does not overflow.
    let p: number, q: number;
    if (z >= 0) {
      const e = Math.exp(-z);
      p = e / (1 + e);
      q = 1 / (1 + e);
    } else {
      const e = Math.exp(z);
      p = 1 / (1 + e);
      q = e / (1 + e);
    }
    const d2 = p * q;
    h11 += f * f * d2;
    h22 += d2;
    h21 += f * d2;
    const d1 = t[i]! - p;
    g1 += f * d1;
    g2 += d1;
  }
  return { h11, h22, h21, g1, g2 };
}

/** P(y = 1) for each decision value. */
export function sigmoidProbability(s: Pick<PlattSigmoid, 'A' | 'B'>, decision: Numbers): Float64Array {
  return Float64Array.from(decision, (f) => {
    const z = f * s.A + s.B;
    return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z));
  });
}

/**
 * Decision value of every row from the model fitted without its fold. `folds[i]` is the fold
 * (0..k−1) of row i.
 */
export function crossValidatedDecisions(engine: SvmEngine, X: FeatureRows, y: readonly number[], params: SvmParams, folds: readonly number[]): Float64Array {
  if (folds.length !== X.length || y.length !== X.length) throw new Error(`Platt scaling: ${X.length} rows, ${y.length} labels and ${folds.length} fold numbers`);
  const k = Math.max(...folds) + 1;
  const out = new Float64Array(X.length).fill(NaN);
  for (let fold = 0; fold < k; fold++) {
    const trainRows: number[] = [], heldRows: number[] = [];
    folds.forEach((f, i) => (f === fold ? heldRows : trainRows).push(i));
    if (heldRows.length === 0) continue;
    const yTrain = trainRows.map((i) => y[i]!);
    const classes = new Set(yTrain);
    if (classes.size !== 2) throw new Error(`Platt scaling: the training rows outside fold ${fold + 1} hold only one class; use fewer folds or stratified ones`);
    const model = engine.fit(trainRows.map((i) => X[i]!), yTrain, params);
    try {
      const dv = engine.decisionValues(model, heldRows.map((i) => X[i]!));
      heldRows.forEach((row, j) => (out[row] = dv[j]!));
    } finally {
      model.free();
    }
  }
  return out;
}

export interface PlattFit {
  sigmoid: PlattSigmoid;
  /** The cross-validated decision values of the training rows the sigmoid was fitted to. */
  cvDecision: Float64Array;
  folds: number;
}

export function fitPlatt(engine: SvmEngine, X: FeatureRows, y: readonly number[], params: SvmParams, folds: readonly number[]): PlattFit {
  const cvDecision = crossValidatedDecisions(engine, X, y, params, folds);
  return { sigmoid: fitSigmoid(cvDecision, y), cvDecision, folds: Math.max(...folds) + 1 };
}
