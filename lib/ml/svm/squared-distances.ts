import { flatSquaredDistances } from './shared-kernel';
import type { FeatureRows } from './types';

/**
 * Pairwise squared Euclidean distances ‖x_i − x_j‖² (symmetric, zero diagonal). They depend
 * only on the data, so grid search computes them once and gets every gamma's RBF kernel as
 * exp(−γ D) without touching the features again.
 *
 * Rows of the one matrix the shared kernel uses (`flatSquaredDistances`), so both paths read the
 * same distances.
 *
 * @example
 *   const D = squaredDistances(X);   // D[i][j]
 */
export function squaredDistances(X: FeatureRows): Float64Array[] {
  const n = X.length;
  const D = flatSquaredDistances(X);
  return Array.from({ length: n }, (_, i) => D.subarray(i * n, (i + 1) * n));
}
