import { sigmoidDerivatives, sigmoidProbability, plattTargets } from '../ml/svm/platt';

/**
 * The uncertainty of a Platt sigmoid P(recovered | f) = 1 / (1 + exp(A·f + B)) for the teaching
 * views. The sigmoid itself is the classifier's (lib/ml/svm/platt.ts fits it, Lin, Lin & Weng's
 * Newton method as libsvm and scikit-learn); this module adds the delta-method covariance of
 * (A, B), the inverse Hessian of the same negative log-likelihood at the optimum, and from it an
 * interval that reflects the calibration fit's uncertainty (not the SVM's).
 */
export interface SigmoidWithCovariance {
  A: number;
  B: number;
  /** Covariance of (A, B): [varA, covAB, varB]. */
  cov: [number, number, number];
  n: number;
  iterations: number;
}

/**
 * The delta-method covariance of the sigmoid (A, B), from the inverse Hessian of the objective
 * on the decision values `f` (positive = recovered) and labels (1 = recovered, 0 = not) it was
 * fitted to. NaN where the Hessian is singular.
 */
export function plattCovariance(f: ArrayLike<number>, labels: ArrayLike<number>, A: number, B: number): [number, number, number] {
  if (f.length !== labels.length) throw new Error(`plattCovariance: ${f.length} decision values but ${labels.length} labels`);
  const { h11, h21, h22 } = sigmoidDerivatives(Array.from(f), plattTargets(Array.from(labels)), A, B, 0);
  const det = h11 * h22 - h21 * h21;
  return det > 0 ? [h22 / det, -h21 / det, h11 / det] : [NaN, NaN, NaN];
}

/** P(recovered | f). */
export function plattProbability(fit: { A: number; B: number }, f: number): number {
  return sigmoidProbability(fit, [f])[0]!;
}

/**
 * Delta-method interval of P(recovered | f) at `level` (two-sided, normal quantile `zq`):
 * z ± zq·sd(z) with var(z) = f²·varA + 2f·covAB + varB, mapped through the sigmoid.
 */
export function plattInterval(fit: SigmoidWithCovariance, f: number, zq = 1.959963984540054): { low: number; high: number } {
  const [va, cab, vb] = fit.cov;
  const z = fit.A * f + fit.B;
  const s = Math.sqrt(Math.max(0, f * f * va + 2 * f * cab + vb));
  if (!Number.isFinite(s)) return { low: NaN, high: NaN };
  // p decreases in z: the low end of p comes from the high end of z.
  const [low, high] = sigmoidProbability({ A: 1, B: 0 }, [z + zq * s, z - zq * s]);
  return { low: low!, high: high! };
}
