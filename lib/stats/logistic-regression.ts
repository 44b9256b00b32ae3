/**
 * Logistic regression on several predictors, by Newton–Raphson (Fisher scoring: the canonical
 * link makes them the same) with step halving:
 *
 *   logit P(y = 1) = b₀ + b₁ x₁ + … + b_k x_k,
 *
 * by maximum likelihood (`penalty: 0`, R's `glm(family = binomial)`) or maximizing the
 * ridge-penalized log-likelihood ℓ(b) − ½ λ Σ_{j ≥ 1} b_j² (the intercept unpenalized; R's
 * `rms::lrm(penalty = λ, penalty.matrix = diag(k))`). Meant for standardized predictors, where
 * one λ treats every coefficient alike.
 *
 * **Aliased columns.** A predictor that is constant or a linear combination of the intercept and
 * the predictors before it (Gram–Schmidt residual below 1e-7 of its norm, lm's default
 * tolerance) has no estimate: it is left out and reported in `aliased`, its coefficient NaN, as
 * R reports NA.
 *
 * **Separation.** When some combination of the predictors splits the outcomes perfectly
 * (complete) or with ties only on the boundary (quasi-complete), the likelihood has no maximum:
 * the coefficients grow without bound and the fitted probabilities run to 0 and 1. R's glm stops
 * on its deviance criterion and warns ("fitted probabilities numerically 0 or 1 occurred"). Here
 * an unpenalized fit reports `separation` when either
 *   - the Newton steps do not settle within `maxIterations` (a maximum is reached in well under
 *     ten steps when it exists; under separation each step adds about the same amount), or
 *   - at the end, a training row's fitted probability lies within 1e-8 of 0 or 1 (|logit| > 18.4:
 *     on standardized predictors an estimate that far out rests on the separated rows alone, not
 *     on a finite maximum), or
 *   - the information matrix becomes singular (every fitted probability saturated).
 * The caller decides what to do (the baseline-models cell refits with a small ridge penalty, or
 * reports the model as not estimable). A penalized fit (λ > 0) always has a unique maximum.
 *
 * @example
 *   const fit = fitLogisticRegression(Xtrain, ytrain);
 *   if (fit.separation) fit = fitLogisticRegression(Xtrain, ytrain, { penalty: 0.1 });
 *   predictLogisticRegression(fit, Xtest);  // probabilities of y = 1
 */
import type { Labels } from './metrics';

export interface LogisticRegressionFit {
  /** b₀ then one per predictor column; NaN for an aliased column. */
  coefficients: number[];
  /** Indices (0-based, among the predictor columns) of the columns left out as aliased. */
  aliased: number[];
  /** λ of the ridge penalty; 0 = maximum likelihood. */
  penalty: number;
  converged: boolean;
  iterations: number;
  /** The (unpenalized) log-likelihood at the estimate. */
  logLikelihood: number;
  /** Why the maximum-likelihood estimate does not exist, when it does not (null otherwise and for penalized fits). */
  separation: string | null;
  /** Training rows whose fitted probability is within 1e-8 of 0 or 1. */
  saturated: number;
}

export interface LogisticRegressionOptions {
  /** Ridge λ on the non-intercept coefficients (default 0). */
  penalty?: number;
  /** Newton steps before giving up (default 100). */
  maxIterations?: number;
  /** Converged when every step |Δb_j| ≤ tolerance · max(1, |b_j|) (default 1e-10). */
  tolerance?: number;
}

export type Design = readonly (readonly number[] | Float64Array)[];

const SATURATION = 1e-8;
/** Gram–Schmidt tolerance for aliased columns (lm.fit's qr tol). */
const ALIAS_TOL = 1e-7;

const sigmoid = (t: number) => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

/** log σ(t) and log(1 − σ(t)) without overflow. */
function logLik(y: Labels, eta: Float64Array): number {
  let ll = 0;
  for (let i = 0; i < eta.length; i++) {
    const t = eta[i]!;
    const logP = t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t));
    ll += y[i] === 1 ? logP : logP - t;
  }
  return ll;
}

/** Columns of [1, X] kept by modified Gram–Schmidt: a column whose residual is below ALIAS_TOL of its norm is aliased. */
function keptColumns(X: Design, k: number): { kept: number[]; aliased: number[] } {
  const n = X.length;
  const basis: Float64Array[] = [Float64Array.from({ length: n }, () => 1 / Math.sqrt(n))];
  const kept: number[] = [], aliased: number[] = [];
  for (let j = 0; j < k; j++) {
    const v = Float64Array.from({ length: n }, (_, i) => X[i]![j]!);
    let norm0 = 0;
    for (const x of v) norm0 += x * x;
    norm0 = Math.sqrt(norm0);
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i]! * v[i]!;
      for (let i = 0; i < n; i++) v[i] = v[i]! - dot * q[i]!;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm0 === 0 || norm <= ALIAS_TOL * norm0) {
      aliased.push(j);
      continue;
    }
    for (let i = 0; i < n; i++) v[i] = v[i]! / norm;
    basis.push(v);
    kept.push(j);
  }
  return { kept, aliased };
}

/** Solves H x = g for a symmetric positive definite H (Cholesky); null when H is not numerically positive definite. */
function choleskySolve(H: Float64Array[], g: Float64Array): Float64Array | null {
  const m = g.length;
  const L = Array.from({ length: m }, () => new Float64Array(m));
  let maxDiag = 0;
  for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, H[i]![i]!);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = H[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 1e-14 * maxDiag)) return null;
        L[i]![i] = Math.sqrt(s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = g[i]!;
    for (let k = 0; k < i; k++) s -= L[i]![k]! * z[k]!;
    z[i] = s / L[i]![i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < m; k++) s -= L[k]![i]! * x[k]!;
    x[i] = s / L[i]![i]!;
  }
  return x;
}

export function fitLogisticRegression(X: Design, y: Labels, options: LogisticRegressionOptions = {}): LogisticRegressionFit {
  const n = y.length;
  const penalty = options.penalty ?? 0;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  if (!(penalty >= 0 && Number.isFinite(penalty))) throw new Error(`logistic regression: penalty must be a finite number ≥ 0, got ${penalty}`);
  if (X.length !== n) throw new Error(`logistic regression: ${n} labels vs ${X.length} rows`);
  if (n === 0) throw new Error('logistic regression: no rows');
  const k = X[0]!.length;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error(`logistic regression: label at row ${i} is ${y[i]}; labels must be 0 or 1`);
    if (X[i]!.length !== k) throw new Error(`logistic regression: row ${i} has ${X[i]!.length} predictors, expected ${k}`);
    for (let j = 0; j < k; j++) if (!Number.isFinite(X[i]![j]!)) throw new Error(`logistic regression: predictor ${j} at row ${i} is ${X[i]![j]}`);
    events += y[i]!;
  }
  if (events === 0 || events === n) throw new Error(`logistic regression: needs both outcomes (got ${events} events in ${n} rows)`);
  const { kept, aliased } = keptColumns(X, k);
  const m = kept.length + 1;
  // The design with the intercept first and only the kept columns.
  const Z = X.map((row) => {
    const z = new Float64Array(m);
    z[0] = 1;
    kept.forEach((j, c) => (z[c + 1] = row[j]!));
    return z;
  });
  const b = new Float64Array(m);
  b[0] = Math.log(events / (n - events));
  const etaOf = (beta: Float64Array) => Float64Array.from(Z, (z) => {
    let t = 0;
    for (let c = 0; c < m; c++) t += z[c]! * beta[c]!;
    return t;
  });
  const objective = (beta: Float64Array, eta: Float64Array) => {
    let pen = 0;
    for (let c = 1; c < m; c++) pen += beta[c]! * beta[c]!;
    return logLik(y, eta) - 0.5 * penalty * pen;
  };
  let eta = etaOf(b);
  let current = objective(b, eta);
  let converged = false, singular = false, iterations = 0;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    const g = new Float64Array(m);
    const H = Array.from({ length: m }, () => new Float64Array(m));
    for (let i = 0; i < n; i++) {
      const p = sigmoid(eta[i]!);
      const w = p * (1 - p), r = y[i]! - p, z = Z[i]!;
      for (let a = 0; a < m; a++) {
        g[a] = g[a]! + r * z[a]!;
        const wz = w * z[a]!;
        for (let c = 0; c <= a; c++) H[a]![c] = H[a]![c]! + wz * z[c]!;
      }
    }
    for (let a = 0; a < m; a++) for (let c = a + 1; c < m; c++) H[a]![c] = H[c]![a]!;
    for (let c = 1; c < m; c++) {
      g[c] = g[c]! - penalty * b[c]!;
      H[c]![c] = H[c]![c]! + penalty;
    }
    const step = choleskySolve(H, g);
    if (!step) {
      singular = true;
      break;
    }
    // Step halving: never accept a step that lowers the (penalized) log-likelihood.
    let scale = 1, next = b, nextEta = eta, value = current;
    for (let h = 0; h < 40; h++, scale /= 2) {
      const trial = Float64Array.from(b, (v, c) => v + scale * step[c]!);
      const trialEta = etaOf(trial);
      const v = objective(trial, trialEta);
      if (v >= current - 1e-12 * Math.abs(current)) {
        next = trial;
        nextEta = trialEta;
        value = v;
        break;
      }
    }
    let small = true;
    for (let c = 0; c < m; c++) if (Math.abs(scale * step[c]!) > tolerance * Math.max(1, Math.abs(b[c]!))) small = false;
    b.set(next);
    eta = nextEta;
    current = value;
    if (small) {
      converged = true;
      break;
    }
  }
  let saturated = 0;
  for (const t of eta) {
    const p = sigmoid(t);
    if (p < SATURATION || p > 1 - SATURATION) saturated++;
  }
  let separation: string | null = null;
  if (penalty === 0) {
    if (singular) separation = 'the information matrix became singular: the fitted probabilities ran to 0 and 1 (the outcomes are separated by the predictors)';
    else if (!converged) separation = `no maximum-likelihood estimate: the coefficients kept growing for ${maxIterations} Newton steps (the outcomes are separated by the predictors)`;
    else if (saturated > 0) separation = `fitted probabilities numerically 0 or 1 for ${saturated} training ${saturated === 1 ? 'row' : 'rows'} (the outcomes are separated, or nearly, by the predictors)`;
  }
  const coefficients: number[] = [b[0]!, ...Array.from({ length: k }, () => NaN)];
  kept.forEach((j, c) => (coefficients[j + 1] = b[c + 1]!));
  return { coefficients, aliased, penalty, converged, iterations, logLikelihood: logLik(y, eta), separation, saturated };
}

/** Predicted probabilities of y = 1 (aliased columns contribute nothing). */
export function predictLogisticRegression(fit: Pick<LogisticRegressionFit, 'coefficients'>, X: Design): number[] {
  const b = fit.coefficients;
  return X.map((row) => {
    let t = b[0]!;
    for (let j = 1; j < b.length; j++) if (!Number.isNaN(b[j]!)) t += b[j]! * row[j - 1]!;
    return sigmoid(t);
  });
}
