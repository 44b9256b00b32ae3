import type { Rng } from '../../stats/random';
import type { FeatureRows } from '../svm/types';

/**
 * Which features to permute and with which row permutations: shared by the factorized and
 * the naive permutation importance, so both see exactly the same shuffles.
 *
 * Each feature draws from its own fork of the RNG (`feature:<j>`), so skipping or adding a
 * feature never changes another feature's permutations.
 *
 * @example
 *   const perms = drawPermutations(createRng(42).fork('importance'), 11, 100, X.length);
 *   perms[3][0];  // the first permutation used for feature 3 (an Int32Array of row indices)
 */
export type Permutation = Int32Array | readonly number[];

export interface PermutationOptions {
  /** Permutations per feature (default 100, as the paper). */
  nRepeats?: number;
  rng?: Rng;
  /** Explicit permutations, [feature][repeat] → row order; overrides rng and nRepeats. */
  permutations?: readonly (readonly Permutation[])[];
  /** Restrict to these feature indices (default: all). */
  features?: readonly number[];
  /** Also return each row's share of the drop (`FeatureImportance.rowDrop`). */
  perRow?: boolean;
}

export interface PermutationPlan {
  /** Features to permute, ascending. */
  features: number[];
  /** Zero-variance features: permuting them changes nothing, so they are reported, not scored. */
  skipped: number[];
  /** permutations[j] for every feature j in `features`. */
  permutations: Map<number, readonly Permutation[]>;
  nRepeats: number;
}

export function drawPermutations(rng: Rng, nFeatures: number, nRepeats: number, nRows: number): Int32Array[][] {
  return Array.from({ length: nFeatures }, (_, j) => {
    const r = rng.fork(`feature:${j}`);
    return Array.from({ length: nRepeats }, () => Int32Array.from(r.permutation(nRows)));
  });
}

export function isConstantColumn(X: FeatureRows, j: number): boolean {
  const first = X[0]![j]!;
  for (let i = 1; i < X.length; i++) if (X[i]![j] !== first) return false;
  return true;
}

export function planPermutations(X: FeatureRows, options: PermutationOptions): PermutationPlan {
  const n = X.length;
  if (n === 0) throw new Error('permutation importance: no rows');
  const d = X[0]!.length;
  const wanted = options.features ? [...options.features].sort((a, b) => a - b) : Array.from({ length: d }, (_, j) => j);
  const features = wanted.filter((j) => !isConstantColumn(X, j));
  const skipped = wanted.filter((j) => isConstantColumn(X, j));
  const permutations = new Map<number, readonly Permutation[]>();
  let nRepeats = options.nRepeats ?? 100;
  if (options.permutations) {
    const given = options.permutations;
    nRepeats = given[features[0] ?? 0]?.length ?? 0;
    for (const j of features) {
      const perms = given[j];
      if (!perms || perms.length !== nRepeats) throw new Error(`permutation importance: feature ${j} needs ${nRepeats} permutations`);
      for (const p of perms) if (p.length !== n) throw new Error(`permutation importance: a permutation for feature ${j} has ${p.length} rows, expected ${n}`);
      permutations.set(j, perms);
    }
  } else {
    if (!options.rng) throw new Error('permutation importance: give rng or permutations');
    for (const j of features) {
      const r = options.rng.fork(`feature:${j}`);
      permutations.set(j, Array.from({ length: nRepeats }, () => Int32Array.from(r.permutation(n))));
    }
  }
  return { features, skipped, permutations, nRepeats };
}
