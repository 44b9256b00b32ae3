/**
 * The result shape of permutation importance, as sklearn's `permutation_importance`:
 * importances = baseline accuracy − accuracy with the feature permuted, one per repeat;
 * `mean` and `sd` (population SD, numpy's default) over repeats.
 */
export interface FeatureImportance {
  feature: number;
  mean: number;
  sd: number;
  importances: number[];
  /**
   * With `perRow`: row i's correct (1/0) unpermuted minus its share of correct answers over
   * the repeats. Their mean is `mean` exactly; averaging them over bootstrap resamples of rows
   * (or patients) gives the spread of the importance over samples, with the same permutations.
   */
  rowDrop?: number[];
}

export interface PermutationImportanceResult {
  /** Accuracy on the unpermuted rows. */
  baseline: number;
  nRepeats: number;
  /** Scored features, in ascending feature index. */
  features: FeatureImportance[];
  /** Zero-variance features that were not permuted. */
  skipped: number[];
}

export function summarizeImportance(feature: number, importances: number[]): FeatureImportance {
  const n = importances.length;
  const mean = importances.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(importances.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { feature, mean, sd, importances };
}
