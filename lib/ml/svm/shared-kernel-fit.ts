import { createWasmSolver } from './kernel/wasm-solver';
import { fitSigmoid, type PlattFit } from './platt';
import { distinctRows, flatSquaredDistances, foldProblem, labelSigns, signedRbfKernel, supportOf, type FoldProblem } from './shared-kernel';
import { solveCsvc, type CsvcSolution } from './smo-solver';
import type { FeatureRows, RbfModel, SvmParams } from './types';

/**
 * A final fit and its Platt scaling at one (C, γ) on one shared kernel: what the optimism
 * bootstrap refits in every replicate. The libsvm engine would fit six times (the model, then
 * one model per Platt fold) and compute the kernel values each fit needs six times over; here
 * the distances and the float32 kernel are computed once, over the distinct rows (a bootstrap
 * sample repeats about a third of its rows), and all six fits run libsvm's solver on it
 * (smo-solver.ts, compiled to WebAssembly).
 *
 * The fits are libsvm's on a precomputed RBF kernel bit for bit (cold starts, the rows grouped
 * by label as the engine groups them; tested against libsvm-js). libsvm's own RBF kernel
 * rounds ‖x − z‖² in another order (x·x + z·z − 2x·z), so against `engine.fit` the α agree
 * to libsvm's tolerance, not to the last bit. The held-out decision values are
 * `signedDecision`'s arithmetic (squared differences summed feature by feature, support
 * vectors in libsvm's order, ρ last).
 *
 * @example
 *   const folds = stratifiedFolds(y, 5, seed);
 *   const { model, platt, decisionOfRows } = await fitWithPlattOnSharedKernel(X, y, { C: 2.7, gamma: 0.09 }, folds);
 *   sigmoidProbability(platt.sigmoid, signedDecision(model, Xnew));
 *   decisionOfRows([0, 5]); // = signedDecision(model, [X[0], X[5]]), from the distances at hand
 */
export async function fitWithPlattOnSharedKernel(
  X: FeatureRows,
  y: readonly number[],
  params: SvmParams,
  plattFolds: readonly number[],
  options: { solver?: 'wasm' | 'js' } = {},
): Promise<{ model: RbfModel; platt: PlattFit; decisionOfRows: (rows: readonly number[]) => Float64Array }> {
  const n = X.length;
  if (y.length !== n || plattFolds.length !== n) throw new Error(`Platt scaling: ${n} rows, ${y.length} labels and ${plattFolds.length} fold numbers`);
  if (!(params.C > 0) || !(params.gamma > 0)) throw new Error(`svm fit: C and gamma must be > 0 (got ${params.C}, ${params.gamma})`);
  const { C, gamma } = params;
  const { kernelRow, distinct } = distinctRows(X, y);
  const m = distinct.length;
  const D = flatSquaredDistances(distinct.map((i) => X[i]!));
  const wasm = options.solver === 'js' ? null : await createWasmSolver(m, n);
  const Q = wasm ? wasm.Q : new Float32Array(m * m);
  signedRbfKernel(D, m, gamma, labelSigns(distinct.map((i) => y[i]!)), Q);
  const solve = (fold: FoldProblem): CsvcSolution => (wasm ? wasm.solve({ rows: fold.rows, y: fold.y, C }) : solveCsvc({ Q, n: m, rows: fold.rows, y: fold.y, C }));

  const all = foldProblem(Array.from({ length: n }, (_, i) => i), y, kernelRow);
  const full = solve(all);
  const model = rbfModelOf(X, all, full, params);

  // Platt's internal CV: each row's decision value from the fit without its fold.
  const k = Math.max(...plattFolds) + 1;
  const cvDecision = new Float64Array(n).fill(NaN);
  /**
   * Σ y_s α_s K(s, x) − ρ over the support vectors in libsvm's order, K in double from the
   * distances already computed, signed as `signedDecision` (positive = the larger label), for
   * rows of X given by index. The distances are the sums `rbfDecision` takes, so the values are
   * its values to the last bit.
   */
  const decide = (fold: FoldProblem, sol: CsvcSolution, rows: readonly number[]): Float64Array => {
    const { at, coef } = supportOf(fold, sol);
    const svRows = at.map((j) => fold.rows[j]!);
    // libsvm's positive side is labels[0]; flipped when that is the smaller label.
    const flip = fold.labels[0] < fold.labels[1] ? -1 : 1;
    return Float64Array.from(rows, (r) => {
      const base = kernelRow[r]! * m;
      let sum = 0;
      for (let s = 0; s < svRows.length; s++) sum += coef[s]! * Math.exp(-gamma * D[base + svRows[s]!]!);
      return flip * (sum - sol.rho);
    });
  };
  const decisionOfRows = (rows: readonly number[]) => decide(all, full, rows);

  for (let f = 0; f < k; f++) {
    const trainRows: number[] = [], heldRows: number[] = [];
    plattFolds.forEach((g, i) => (g === f ? heldRows : trainRows).push(i));
    if (heldRows.length === 0) continue;
    if (new Set(trainRows.map((i) => y[i]!)).size !== 2) throw new Error(`Platt scaling: the training rows outside fold ${f + 1} hold only one class; use fewer folds or stratified ones`);
    const fold = foldProblem(trainRows, y, kernelRow);
    decide(fold, solve(fold), heldRows).forEach((v, j) => (cvDecision[heldRows[j]!] = v));
  }
  return { model, platt: { sigmoid: fitSigmoid(cvDecision, y), cvDecision, folds: k }, decisionOfRows };
}

/** The closed-form model of a solution: libsvm's support vectors (α ≠ 0) in its order, coef = y α. */
export function rbfModelOf(X: FeatureRows, fold: FoldProblem, sol: CsvcSolution, params: SvmParams): RbfModel {
  const { at, coef } = supportOf(fold, sol);
  const supportIndices = at.map((j) => fold.order[j]!);
  return {
    gamma: params.gamma,
    C: params.C,
    supportVectors: supportIndices.map((i) => Float64Array.from(X[i]!)),
    coef: Float64Array.from(coef),
    rho: sol.rho,
    labels: fold.labels,
    supportIndices,
  };
}
