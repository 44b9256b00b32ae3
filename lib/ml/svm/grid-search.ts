import { CancelledError } from '../../notebook/errors';
import type { Grid } from './default-grid';
import { squaredDistances } from './squared-distances';
import type { AbortSignalLike, FeatureRows, SvmEngine } from './types';

/**
 * Cross-validated grid search for the RBF SVM (PIPELINE step 5): for every (C, gamma), fit on
 * all folds but one and score accuracy on the held-out fold; select the best mean accuracy,
 * ties going to the smaller C, then the smaller gamma.
 *
 * A plain function over rows, so it can run in a pool of workers split by gamma (give each a
 * `grid` with a slice of the gammas, concatenate the cells, and call `selectBest`).
 * When the engine offers a precomputed kernel, the squared distances are computed once and the
 * kernel once per gamma; every (C, fold) fit then only slices rows.
 *
 * @example
 *   const folds = stratifiedFolds(yTrain, 5, 42);
 *   const { cells, best } = await gridSearch(Xtrain, yTrain, folds, defaultGrid(), engine);
 *   best; // { C: 2.7, gamma: 0.09, cv_accuracy: 0.87 }
 */
export interface GridCell {
  C: number;
  gamma: number;
  /** Accuracy on each held-out fold, in fold order 0..k-1. */
  foldAccuracy: number[];
  /** Unweighted mean over folds (as sklearn's mean_test_score). */
  mean: number;
}

export interface GridBest {
  C: number;
  gamma: number;
  cv_accuracy: number;
}

export interface GridSearchResult {
  /** One cell per (C, gamma), C-major in grid order (C[0] with every gamma, then C[1], ...). */
  cells: GridCell[];
  best: GridBest;
}

export interface GridProgress {
  done: number;
  total: number;
  cell: GridCell;
}

export interface GridSearchOptions {
  signal?: AbortSignalLike;
  /** Called after each cell; awaited, so a worker can yield to its message loop here. */
  onProgress?: (progress: GridProgress) => void | Promise<void>;
  /**
   * Use the engine's precomputed-kernel path when it has one (default true: ~20% less CPU on
   * 550 rows, identical results). It holds n² doubles, so it is skipped above
   * `precomputedMaxRows` rows (default 2000, 32 MB).
   */
  usePrecomputed?: boolean;
  precomputedMaxRows?: number;
  /**
   * Score only these held-out folds (default: all). Each cell's `foldAccuracy` then lists them
   * in this order and `mean` is over them. Used to scale features inside each fold: the caller
   * standardizes with fold f's training rows and scores fold f alone.
   */
  scoreFolds?: readonly number[];
}

/** Highest mean; ties → smaller C, then smaller gamma. */
export function selectBest(cells: readonly GridCell[]): GridBest {
  let best: GridCell | undefined;
  for (const c of cells) {
    if (
      !best ||
      c.mean > best.mean ||
      (c.mean === best.mean && (c.C < best.C || (c.C === best.C && c.gamma < best.gamma)))
    ) {
      best = c;
    }
  }
  if (!best) throw new Error('selectBest: no cells');
  return { C: best.C, gamma: best.gamma, cv_accuracy: best.mean };
}


export async function gridSearch(
  X: FeatureRows,
  y: readonly number[],
  folds: readonly number[],
  grid: Grid,
  engine: SvmEngine,
  options: GridSearchOptions = {},
): Promise<GridSearchResult> {
  const n = X.length;
  if (y.length !== n || folds.length !== n) throw new Error(`gridSearch: ${n} rows, ${y.length} labels, ${folds.length} fold indices`);
  const k = Math.max(...folds) + 1;
  const trainRows: number[][] = [];
  const testRows: number[][] = [];
  for (let f = 0; f < k; f++) {
    trainRows.push([]);
    testRows.push([]);
  }
  folds.forEach((f, i) => {
    if (!Number.isInteger(f) || f < 0) throw new Error(`gridSearch: bad fold index ${f} at row ${i}`);
    for (let g = 0; g < k; g++) (g === f ? testRows : trainRows)[g]!.push(i);
  });
  if (testRows.some((rows) => rows.length === 0)) throw new Error('gridSearch: a fold is empty');
  const scored = options.scoreFolds ?? Array.from({ length: k }, (_, f) => f);
  if (scored.some((f) => !(f >= 0 && f < k))) throw new Error(`gridSearch: scoreFolds ${scored.join(', ')} outside 0..${k - 1}`);

  const { signal, onProgress } = options;
  const isPrecomputedWorth = options.usePrecomputed !== false && n <= (options.precomputedMaxRows ?? 2000);
  const precomputed = isPrecomputedWorth ? engine.precomputed : undefined;
  const D = precomputed ? squaredDistances(X) : null;
  const byKey = new Map<string, GridCell>();
  const total = grid.C.length * grid.gamma.length;
  let done = 0;
  const accuracyOn = (rows: readonly number[], predicted: readonly number[]) => {
    let hit = 0;
    rows.forEach((r, i) => {
      if (predicted[i] === y[r]) hit++;
    });
    return hit / rows.length;
  };

  // gamma outer: what depends only on the data and gamma is built once per gamma.
  for (const gamma of grid.gamma) {
    const kernel = precomputed && D ? precomputed.kernel(D, gamma) : null;
    // The kernel may hold native memory (libsvm's): released once this γ's fits are done.
    try {
      for (const C of grid.C) {
        const foldAccuracy: number[] = [];
        for (const f of scored) {
          if (signal?.aborted) throw new CancelledError();
          const tr = trainRows[f]!, te = testRows[f]!;
          const yTr = tr.map((i) => y[i]!);
          if (precomputed && kernel) {
            const model = precomputed.fit(kernel, tr, yTr, C);
            try {
              foldAccuracy.push(accuracyOn(te, precomputed.predict(model, kernel, te)));
            } finally {
              model.free();
            }
          } else {
            const model = engine.fit(
              tr.map((i) => X[i]!),
              yTr,
              { C, gamma },
            );
            try {
              foldAccuracy.push(accuracyOn(te, engine.predict(model, te.map((i) => X[i]!))));
            } finally {
              model.free();
            }
          }
        }
        const cell: GridCell = { C, gamma, foldAccuracy, mean: foldAccuracy.reduce((s, a) => s + a, 0) / foldAccuracy.length };
        byKey.set(`${C}|${gamma}`, cell);
        done++;
        if (onProgress) await onProgress({ done, total, cell });
      }
    } finally {
      if (kernel) precomputed?.free?.(kernel);
    }
  }
  const cells: GridCell[] = [];
  for (const C of grid.C) for (const gamma of grid.gamma) cells.push(byKey.get(`${C}|${gamma}`)!);
  return { cells, best: selectBest(cells) };
}
