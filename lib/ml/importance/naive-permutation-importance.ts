import type { FeatureRows } from '../svm/types';
import { summarizeImportance, type PermutationImportanceResult } from './importance-result';
import { planPermutations, type PermutationOptions } from './permutation-plan';

/**
 * Permutation importance the direct way, for any model: rebuild X with one column permuted
 * and call `predict` on it, repeat. The reference for the factorized version (same
 * permutations ⇒ same importances) and the fallback for non-RBF models.
 *
 * @example
 *   naivePermutationImportance((rows) => engine.predict(model, rows), X, y, { permutations });
 */
export function naivePermutationImportance(
  predict: (rows: Float64Array[]) => readonly number[],
  X: FeatureRows,
  y: readonly number[],
  options: PermutationOptions,
): PermutationImportanceResult {
  const n = X.length;
  if (y.length !== n) throw new Error(`naivePermutationImportance: ${n} rows but ${y.length} labels`);
  const plan = planPermutations(X, options);
  const accuracyOf = (predicted: readonly number[]) => {
    let hits = 0;
    for (let i = 0; i < n; i++) if (predicted[i] === y[i]) hits++;
    return hits / n;
  };
  const base = X.map((x) => Float64Array.from(x));
  const baseline = accuracyOf(predict(base));
  const features = plan.features.map((j) => {
    const rows = X.map((x) => Float64Array.from(x));
    const importances = plan.permutations.get(j)!.map((perm) => {
      for (let i = 0; i < n; i++) rows[i]![j] = X[perm[i]!]![j]!;
      return baseline - accuracyOf(predict(rows));
    });
    return summarizeImportance(j, importances);
  });
  return { baseline, nRepeats: plan.nRepeats, features, skipped: plan.skipped };
}
