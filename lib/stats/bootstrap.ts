import { quantile, sortedCopy } from './descriptive';
import type { Rng } from './random';

/**
 * Percentile bootstrap confidence interval. The resamples are row-index vectors drawn with
 * replacement from the seeded RNG, or given explicitly (so that several statistics can share
 * one set of resamples, and a test can hand numpy the same indices).
 *
 * @example
 *   const idx = bootstrapIndices(y.length, 1000, createRng(42).fork('bootstrap'));
 *   bootstrapCi((rows) => accuracyOfRows(rows), { indices: idx, n: y.length });
 *   // { estimate, lower, upper, level: 0.95, replicates }
 */
export interface BootstrapResult {
  /** The statistic on the original sample (identity indices). */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  /** One value per resample, in resample order. */
  replicates: Float64Array;
}

export interface BootstrapOptions {
  /** Sample size (rows are 0..n-1). */
  n: number;
  /** Number of resamples when they are drawn here (default 1000). */
  resamples?: number;
  /** Coverage of the interval (default 0.95 → 2.5th and 97.5th percentiles). */
  level?: number;
  /** Where the resamples come from: an RNG ... */
  rng?: Rng;
  /** ... or explicit index vectors (each of length n, values in 0..n-1). */
  indices?: readonly (Int32Array | readonly number[])[];
}

/** `resamples` index vectors of length n, uniform with replacement. */
export function bootstrapIndices(n: number, resamples: number, rng: Rng): Int32Array[] {
  const out: Int32Array[] = [];
  for (let b = 0; b < resamples; b++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    out.push(idx);
  }
  return out;
}

/**
 * Percentile interval of `replicates` at the given level, with numpy's 'linear' percentile.
 * NaN replicates propagate (as `np.percentile` does), so an undefined statistic is visible.
 */
export function percentileInterval(replicates: Float64Array | readonly number[], level = 0.95): [number, number] {
  const sorted = sortedCopy(replicates);
  const tail = (1 - level) / 2;
  return [quantile(sorted, tail, true), quantile(sorted, 1 - tail, true)];
}

export function bootstrapCi(
  statistic: (rows: Int32Array | readonly number[]) => number,
  options: BootstrapOptions,
): BootstrapResult {
  const { n, level = 0.95 } = options;
  if (!options.indices && !options.rng) throw new Error('bootstrapCi: give either rng or indices');
  const indices = options.indices ?? bootstrapIndices(n, options.resamples ?? 1000, options.rng!);
  const replicates = new Float64Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const idx = indices[b]!;
    if (idx.length !== n) throw new Error(`bootstrapCi: resample ${b} has ${idx.length} rows, expected ${n}`);
    replicates[b] = statistic(idx);
  }
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const [lower, upper] = percentileInterval(replicates, level);
  return { estimate: statistic(identity), lower, upper, level, replicates };
}
