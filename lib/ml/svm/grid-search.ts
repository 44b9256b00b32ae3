import { CancelledError } from '../../notebook/errors';
import type { Grid } from './default-grid';
import { distinctRows, flatSquaredDistances, SHARED_KERNEL_MAX_ROWS, foldProblem, labelSigns, predictRows, signedRbfKernel, testKernel, type FoldProblem } from './shared-kernel';
import { createWasmSolver } from './kernel/wasm-solver';
import { solveCsvc, type CsvcSolution } from './smo-solver';
import { squaredDistances } from './squared-distances';
import type { AbortSignalLike, FeatureRows, SvmEngine } from './types';

/**
 * Cross-validated grid search for the RBF SVM (PIPELINE step 5): for every (C, gamma), fit on
 * all folds but one and score accuracy on the held-out fold; select the best mean accuracy,
 * ties going to the smaller C, then the smaller gamma.
 *
 * A plain function over rows, so it can run in a pool of workers split by gamma (give each a
 * `grid` with a slice of the gammas, concatenate the cells, and call `selectBest`).
 * With the libsvm engine the search shares its work (`sharedKernel`, the default up to 5,000
 * rows): the squared distances are computed once, each gamma's kernel once from them, and every
 * (C, fold) fit runs libsvm's solver (smo-solver.ts, compiled to WebAssembly as
 * kernel/smo_solver.c) on the rows of that one matrix. Along C,
 * each fold's fit starts from the previous C's solution (alpha seeding, `warmStart`), which
 * stops on libsvm's own tolerance in far fewer iterations; cold starts reproduce libsvm's fits.
 * Otherwise, when the engine offers a precomputed kernel it is built once per gamma; above
 * that, every fit hands the engine the raw features.
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
  /**
   * Called after each cell; awaited, so a worker can yield to its message loop here. With the
   * shared kernel a γ's cells are reported together, once every fold has run along C.
   */
  onProgress?: (progress: GridProgress) => void | Promise<void>;
  /**
   * Use the engine's precomputed-kernel path when it has one (default true: ~20% less CPU on
   * 550 rows, identical results). It holds n² doubles, so it is skipped above
   * `precomputedMaxRows` rows (default 2000, 32 MB).
   */
  usePrecomputed?: boolean;
  precomputedMaxRows?: number;
  /**
   * Share one kernel per gamma across every (C, fold) fit and run libsvm's solver on it in
   * WebAssembly (default: true for the libsvm engine up to `sharedKernelMaxRows` rows, default
   * 5,000: n² float64 distances plus n² float32 kernel values, 300 MB at 5,000 rows, in each
   * worker running a slice).
   */
  sharedKernel?: boolean;
  sharedKernelMaxRows?: number;
  /**
   * With the shared kernel: start each fold's fit from its fit at the previous (smaller) C, the
   * α scaled by C / C_prev (alpha seeding). Default true. Every fit still stops on libsvm's
   * criterion (maximal KKT violation < 1e-3), so it is as optimal as a cold start, though not
   * bit-identical to it; false gives libsvm's cold-start fits exactly.
   */
  warmStart?: boolean;
  /**
   * With the shared kernel: libsvm's solver compiled to WebAssembly (`wasm`, the default) or its
   * TypeScript twin (`js`, the same α bit for bit, slower; kept as the readable reference).
   */
  solver?: 'wasm' | 'js';
  /**
   * Score only these held-out folds (default: all). Each cell's `foldAccuracy` then lists them
   * in this order and `mean` is over them. Used to scale features inside each fold: the caller
   * standardizes with fold f's training rows and scores fold f alone.
   */
  scoreFolds?: readonly number[];
}

/** Share of `rows` whose predicted label is theirs in `y`. */
function accuracyOn(y: readonly number[], rows: readonly number[], predicted: readonly number[]): number {
  let hit = 0;
  rows.forEach((r, i) => {
    if (predicted[i] === y[r]) hit++;
  });
  return hit / rows.length;
}

function gridCell(C: number, gamma: number, foldAccuracy: number[]): GridCell {
  return { C, gamma, foldAccuracy, mean: foldAccuracy.reduce((s, a) => s + a, 0) / foldAccuracy.length };
}

/** The cells C-major in grid order (keyed `C|gamma`), and the pick. */
function inGridOrder(grid: Grid, byKey: ReadonlyMap<string, GridCell>): GridSearchResult {
  const cells: GridCell[] = [];
  for (const C of grid.C) for (const gamma of grid.gamma) cells.push(byKey.get(`${C}|${gamma}`)!);
  return { cells, best: selectBest(cells) };
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
  const useShared = options.sharedKernel ?? (engine.name === 'libsvm' && n <= (options.sharedKernelMaxRows ?? SHARED_KERNEL_MAX_ROWS));
  if (useShared) return sharedKernelSearch(X, y, trainRows, testRows, scored, grid, options);
  const isPrecomputedWorth = options.usePrecomputed !== false && n <= (options.precomputedMaxRows ?? 2000);
  const precomputed = isPrecomputedWorth ? engine.precomputed : undefined;
  const D = precomputed ? squaredDistances(X) : null;
  const byKey = new Map<string, GridCell>();
  const total = grid.C.length * grid.gamma.length;
  let done = 0;

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
              foldAccuracy.push(accuracyOn(y, te, precomputed.predict(model, kernel, te)));
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
              foldAccuracy.push(accuracyOn(y, te, engine.predict(model, te.map((i) => X[i]!))));
            } finally {
              model.free();
            }
          }
        }
        const cell = gridCell(C, gamma, foldAccuracy);
        byKey.set(`${C}|${gamma}`, cell);
        done++;
        if (onProgress) await onProgress({ done, total, cell });
      }
    } finally {
      if (kernel) precomputed?.free?.(kernel);
    }
  }
  return inGridOrder(grid, byKey);
}

async function sharedKernelSearch(
  X: FeatureRows,
  y: readonly number[],
  trainRows: readonly number[][],
  testRows: readonly number[][],
  scored: readonly number[],
  grid: Grid,
  options: GridSearchOptions,
): Promise<GridSearchResult> {
  const { signal, onProgress } = options;
  const warm = options.warmStart !== false;
  // The kernel is over distinct rows (a bootstrap sample repeats some); n is its size.
  const { kernelRow, distinct } = distinctRows(X, y);
  const n = distinct.length;
  const D = flatSquaredDistances(distinct.map((i) => X[i]!));
  const sign = labelSigns(distinct.map((i) => y[i]!));
  const wasm = options.solver === 'js' ? null : await createWasmSolver(n, X.length);
  const Q = wasm ? wasm.Q : new Float32Array(n * n);
  const solve: (p: { rows: Int32Array; y: Int8Array; C: number; alpha0?: Float64Array }) => CsvcSolution = wasm ? (p) => wasm.solve(p) : (p) => solveCsvc({ Q, n, ...p });
  const problems = new Map<number, FoldProblem>();
  for (const f of scored) problems.set(f, foldProblem(trainRows[f]!, y, kernelRow));
  // C ascending, so a fit's start (the previous C's α, scaled up) stays feasible.
  const Cs = [...new Set(grid.C)].sort((a, b) => a - b);
  const byKey = new Map<string, GridCell>();
  const total = grid.C.length * grid.gamma.length;
  let done = 0;
  for (const gamma of grid.gamma) {
    signedRbfKernel(D, n, gamma, sign, Q);
    // Fold outer within a γ: a fold's decision kernel is built once for all its C.
    const accuracy = new Map<number, number[]>(Cs.map((C) => [C, []]));
    for (const f of scored) {
      const fold = problems.get(f)!;
      const te = testRows[f]!;
      const Kte = testKernel(D, n, gamma, te.map((r) => kernelRow[r]!));
      let prev: { C: number; alpha: Float64Array } | null = null;
      for (const C of Cs) {
        if (signal?.aborted) throw new CancelledError();
        const sol = solve({ rows: fold.rows, y: fold.y, C, ...(warm && prev ? { alpha0: seedAlpha(prev.alpha, prev.C, C) } : {}) });
        prev = { C, alpha: sol.alpha };
        accuracy.get(C)!.push(accuracyOn(y, te, predictRows(Kte, n, fold, sol)));
      }
    }
    for (const C of grid.C) {
      const key = `${C}|${gamma}`;
      if (byKey.has(key)) continue;
      if (signal?.aborted) throw new CancelledError();
      const cell = gridCell(C, gamma, accuracy.get(C)!);
      byKey.set(key, cell);
      done++;
      if (onProgress) await onProgress({ done, total, cell });
    }
  }
  return inGridOrder(grid, byKey);
}

/**
 * The start of a fit at C from the fit at a smaller C_prev: α scaled by C / C_prev (alpha
 * seeding). Σ y α = 0 is kept; α at the old bound lands exactly on the new one.
 */
export function seedAlpha(alpha: Float64Array, Cprev: number, C: number): Float64Array {
  const r = C / Cprev;
  return alpha.map((a) => (a >= Cprev ? C : Math.min(C, a * r)));
}
