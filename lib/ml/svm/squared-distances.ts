import type { FeatureRows } from './types';

/**
 * Pairwise squared Euclidean distances ‖x_i − x_j‖² (symmetric, zero diagonal). They depend
 * only on the data, so grid search computes them once and gets every gamma's RBF kernel as
 * exp(−γ D) without touching the features again.
 *
 * @example
 *   const D = squaredDistances(X);   // D[i][j]
 */
export function squaredDistances(X: FeatureRows): Float64Array[] {
  const n = X.length;
  const D = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const xi = X[i]!;
    const Di = D[i]!;
    for (let j = i + 1; j < n; j++) {
      const xj = X[j]!;
      let s = 0;
      for (let k = 0; k < xi.length; k++) {
        const e = xi[k]! - xj[k]!;
        s += e * e;
      }
      Di[j] = s;
      D[j]![i] = s;
    }
  }
  return D;
}
