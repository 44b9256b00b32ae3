import { factorize } from '../../stats/factorize';
import type { FeatureRows } from './types';
import type { CsvcSolution } from './smo-solver';

/**
 * The grid search's shared kernel: squared distances computed once per training set, each γ's
 * RBF kernel derived from them, and every (C, fold) fit and prediction reading them by row index.
 *
 * The arithmetic is the precomputed-kernel path's (squared-distances.ts, then
 * `Math.exp(-gamma * d)`), so the float32 kernel is bit for bit what libsvm's cache holds on that
 * path and a fold's decision values are libsvm's.
 *
 * @example
 *   const D = flatSquaredDistances(X);                    // n × n, row-major
 *   const Q = signedRbfKernel(D, n, 0.09, labelSigns(y)); // float32, for the solver
 *   const fold = foldProblem(trainRows, y);
 *   const sol = solveCsvc({ Q, n, rows: fold.rows, y: fold.y, C: 2.7 });
 *   predictRows(testKernel(D, n, 0.09, testRows), n, fold, sol); // labels of testRows
 */

/**
 * The most training rows for which the libsvm engine's work goes onto a shared kernel (grid
 * search, the optimism bootstrap's refits): n² float64 distances and n² float32 kernel values,
 * 300 MB at 5,000 rows, in each worker.
 */
export const SHARED_KERNEL_MAX_ROWS = 5000;

/**
 * Rows that repeat another row (same features, same label: a bootstrap sample draws some rows
 * two or three times) share one row of the kernel. `kernelRow[i]` is row i's index among the
 * distinct rows, `distinct` the first row of each. Every kernel value a repeated row needs is
 * the one its first copy has (the same features give the same distances to the last bit), so
 * the fits are unchanged; the kernel shrinks to about 0.4 of its size for a bootstrap sample.
 */
export function distinctRows(X: FeatureRows, y: readonly number[]): { kernelRow: Int32Array; distinct: number[] } {
  const { levels, codes } = factorize(X.length, (i) => `${y[i]}|${Array.prototype.join.call(X[i]!, ',')}`);
  const distinct = new Array<number>(levels.length);
  for (let i = X.length - 1; i >= 0; i--) distinct[codes[i]!] = i;
  return { kernelRow: Int32Array.from(codes), distinct };
}

/** ‖x_i − x_j‖² for every pair, row-major, summed feature by feature as `squaredDistances`. */
export function flatSquaredDistances(X: FeatureRows): Float64Array {
  const n = X.length;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = X[i]!;
    for (let j = i + 1; j < n; j++) {
      const xj = X[j]!;
      let s = 0;
      for (let k = 0; k < xi.length; k++) {
        const e = xi[k]! - xj[k]!;
        s += e * e;
      }
      D[i * n + j] = s;
      D[j * n + i] = s;
    }
  }
  return D;
}

/**
 * Label signs: +1 for the rows of the smaller label (libsvm's first class once rows are grouped
 * by ascending label), −1 for the others. A row's sign is the same in every fold's problem.
 */
export function labelSigns(y: readonly number[]): Int8Array {
  const distinct = [...new Set(y)].sort((a, b) => a - b);
  if (distinct.length !== 2) throw new Error(`svm fit: need exactly 2 classes, got ${distinct.length}`);
  return Int8Array.from(y, (v) => (v === distinct[0] ? 1 : -1));
}

/**
 * Q_ab = s_a s_b exp(−γ D_ab) in float32: libsvm's cached `Qfloat` for rows a and b (the sign is
 * exact, so rounding the signed value is rounding the kernel). Into `out` when given. D is
 * `flatSquaredDistances`': symmetric with a zero diagonal.
 */
export function signedRbfKernel(D: Float64Array, n: number, gamma: number, sign: Int8Array, out?: Float32Array): Float32Array {
  const Q = out ?? new Float32Array(n * n);
  if (Q.length !== n * n || D.length !== n * n || sign.length !== n) throw new Error(`signedRbfKernel: sizes ${D.length}, ${Q.length}, ${sign.length} for n = ${n}`);
  // D is symmetric: each exp once, written to both halves.
  for (let a = 0; a < n; a++) {
    const row = a * n, sa = sign[a]!;
    Q[row + a] = 1;
    for (let b = a + 1; b < n; b++) {
      const q = sa * sign[b]! * Math.exp(-gamma * D[row + b]!);
      Q[row + b] = q;
      Q[b * n + a] = q;
    }
  }
  return Q;
}

/**
 * exp(−γ D) in double between every row and the held-out rows `testRows`: their decision
 * kernel, row-major by kernel row (value (b, t) at b · m + t, m = testRows.length), so that
 * `predictRows` adds a support vector's column for all held-out rows in one contiguous pass.
 */
export function testKernel(D: Float64Array, n: number, gamma: number, testRows: readonly number[]): Float64Array {
  const m = testRows.length;
  const out = new Float64Array(n * m);
  testRows.forEach((r, t) => {
    const from = r * n;
    for (let b = 0; b < n; b++) out[b * m + t] = Math.exp(-gamma * D[from + b]!);
  });
  return out;
}

/**
 * One fold's training problem as libsvm sees it from the grid: rows grouped by ascending label
 * (a stable sort, as the libsvm engine hands them over), the smaller label first, so it is
 * libsvm's first class (+1, predicted when the decision is > 0).
 */
export interface FoldProblem {
  /** The training rows (the caller's indices) in libsvm's order. */
  order: Int32Array;
  /** Row indices of the shared kernel (`kernelRow` of each training row), in libsvm's order. */
  rows: Int32Array;
  y: Int8Array;
  /** [label predicted when the decision is > 0, the other label]. */
  labels: [number, number];
}

export function foldProblem(trainRows: readonly number[], yAll: readonly number[], kernelRow?: Int32Array): FoldProblem {
  const order = trainRows.slice().sort((a, b) => yAll[a]! - yAll[b]! || a - b);
  const distinct = [...new Set(order.map((r) => yAll[r]!))];
  if (distinct.length !== 2) throw new Error(`svm fit: need exactly 2 classes, got ${distinct.length}`);
  const [first, second] = distinct as [number, number];
  return {
    order: Int32Array.from(order),
    rows: Int32Array.from(order, (r) => (kernelRow ? kernelRow[r]! : r)),
    y: Int8Array.from(order, (r) => (yAll[r] === first ? 1 : -1)),
    labels: [first, second],
  };
}

/**
 * The support vectors of a fold's solution (α ≠ 0) in libsvm's order: their positions in the
 * problem and their coefficients y_s α_s.
 */
export function supportOf(fold: FoldProblem, sol: CsvcSolution): { at: number[]; coef: number[] } {
  const at: number[] = [], coef: number[] = [];
  sol.alpha.forEach((a, j) => {
    if (Math.abs(a) > 0) {
      at.push(j);
      coef.push(fold.y[j]! * a);
    }
  });
  return { at, coef };
}

/**
 * Labels of the held-out rows from a fold's solution and their `testKernel`: libsvm's two-class
 * decision, the sum over support vectors in the problem's order of y_s α_s · K(s, x) with K in
 * double, minus ρ; > 0 → labels[0]. Each row's sum is taken in libsvm's order; the rows are
 * summed side by side (support vector outer), which changes no bit of any one sum.
 */
export function predictRows(Kte: Float64Array, n: number, fold: FoldProblem, sol: CsvcSolution): number[] {
  const m = Kte.length / n;
  const sum = new Float64Array(m);
  const { at, coef } = supportOf(fold, sol);
  at.forEach((j, s) => {
    const c = coef[s]!;
    const base = fold.rows[j]! * m;
    for (let t = 0; t < m; t++) sum[t] = sum[t]! + c * Kte[base + t]!;
  });
  const out: number[] = new Array<number>(m);
  for (let t = 0; t < m; t++) out[t] = sum[t]! - sol.rho > 0 ? fold.labels[0] : fold.labels[1];
  return out;
}
