import { percentileInterval, type BootstrapResult } from './bootstrap';
import type { Rng } from './random';

/**
 * Patient-clustered bootstrap. Windows of one patient are not independent draws (they share the
 * patient's course and often the very same early visits), so a resample draws *patients* with
 * replacement, as many as there are, and every row of a drawn patient comes along. A resample
 * therefore has about, not exactly, as many rows as the sample.
 *
 * @example
 *   const idx = clusterBootstrapIndices(patientIds, 1000, rng.fork('cluster-bootstrap'));
 *   clusterBootstrapCi((rows) => accuracyOfRows(rows), { indices: idx, n: patientIds.length });
 */

/** Rows of each group, groups in first-appearance order. */
export function rowsByGroup(groups: readonly string[]): { ids: string[]; rows: number[][] } {
  const index = new Map<string, number>();
  const rows: number[][] = [];
  groups.forEach((g, i) => {
    let k = index.get(g);
    if (k === undefined) {
      k = rows.length;
      index.set(g, k);
      rows.push([]);
    }
    rows[k]!.push(i);
  });
  return { ids: [...index.keys()], rows };
}

/**
 * `resamples` row-index vectors: each draws G of the G groups uniformly with replacement (one
 * `rng.int(G)` per draw, in order) and lists the drawn groups' rows, group after group.
 */
export function clusterBootstrapIndices(groups: readonly string[], resamples: number, rng: Rng): Int32Array[] {
  const { rows } = rowsByGroup(groups);
  const G = rows.length;
  if (G === 0) throw new Error('clusterBootstrapIndices: no rows');
  const out: Int32Array[] = [];
  for (let b = 0; b < resamples; b++) {
    const drawn: number[] = [];
    for (let g = 0; g < G; g++) for (const r of rows[rng.int(G)]!) drawn.push(r);
    out.push(Int32Array.from(drawn));
  }
  return out;
}

/** Percentile CI of a statistic over given resamples of any length (rows in 0..n-1). */
export function clusterBootstrapCi(
  statistic: (rows: Int32Array | readonly number[]) => number,
  options: { n: number; indices: readonly (Int32Array | readonly number[])[]; level?: number },
): BootstrapResult {
  const { n, indices, level = 0.95 } = options;
  const replicates = new Float64Array(indices.length);
  indices.forEach((idx, b) => {
    for (const r of idx) if (!(r >= 0 && r < n)) throw new Error(`clusterBootstrapCi: resample ${b} has row ${r} outside 0..${n - 1}`);
    replicates[b] = statistic(idx);
  });
  const [lower, upper] = percentileInterval(replicates, level);
  return { estimate: statistic(Int32Array.from({ length: n }, (_, i) => i)), lower, upper, level, replicates };
}

export interface PairedDifference extends BootstrapResult {
  /** Share of resamples in which the difference is above 0 (A worse than B for a loss). */
  shareAbove: number;
}

/**
 * Paired bootstrap of a mean difference: `a[i]` and `b[i]` are two methods' losses on row i
 * (e.g. absolute errors), the statistic is mean(a − b) over the rows of each resample, the same
 * resamples for both, so row-by-row pairing and patient clustering are both kept.
 */
export function pairedDifferenceCi(
  a: readonly number[],
  b: readonly number[],
  indices: readonly (Int32Array | readonly number[])[],
  level = 0.95,
): PairedDifference {
  if (a.length !== b.length) throw new Error(`pairedDifferenceCi: ${a.length} vs ${b.length} rows`);
  const d = a.map((x, i) => x - b[i]!);
  const meanOf = (rows: Int32Array | readonly number[]) => {
    let s = 0;
    for (const r of rows) s += d[r]!;
    return rows.length ? s / rows.length : NaN;
  };
  const ci = clusterBootstrapCi(meanOf, { n: d.length, indices, level });
  let above = 0;
  for (const v of ci.replicates) if (v > 0) above++;
  return { ...ci, shareAbove: ci.replicates.length ? above / ci.replicates.length : NaN };
}
