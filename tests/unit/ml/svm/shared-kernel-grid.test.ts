import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGrid } from '@/lib/ml/svm/default-grid';
import { gridSearch, seedAlpha } from '@/lib/ml/svm/grid-search';
import { createWasmSolver } from '@/lib/ml/svm/kernel/wasm-solver';
import { SMO_SOLVER_SOURCE_SHA256 } from '@/lib/ml/svm/kernel/smo-solver-wasm';
import { createLibsvmEngine } from '@/lib/ml/svm/libsvm-engine';
import { readNativeModel } from '@/lib/ml/svm/libsvm-native-model';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';
import { distinctRows, flatSquaredDistances, foldProblem, labelSigns, signedRbfKernel } from '@/lib/ml/svm/shared-kernel';
import { createRng } from '@/lib/stats/random';
import { stratifiedFolds } from '@/lib/stats/split';
import { solveCsvc } from '@/lib/ml/svm/smo-solver';
import { squaredDistances } from '@/lib/ml/svm/squared-distances';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { type GridFixture, libsvmEngine, readReference, referenceData } from './fixtures';

const data = referenceData();
const ref = readReference<GridFixture>('svm_grid.json');
const refCell = (C: number, gamma: number) => {
  const cell = ref.cells.find((c) => c.C === C && c.gamma === gamma);
  if (!cell) throw new Error(`no reference cell for C=${C}, gamma=${gamma}`);
  return cell;
};
let engine: SvmEngine;
beforeAll(async () => {
  engine = await libsvmEngine();
});

/** Rows of fold f's training part and its held-out part. */
const foldRows = (f: number) => {
  const tr: number[] = [], te: number[] = [];
  data.folds.forEach((g, i) => (g === f ? te : tr).push(i));
  return { tr, te };
};

/** The maximal violation of the KKT conditions (libsvm's stopping quantity m(α) − M(α)). */
function kktViolation(Q: Float32Array, n: number, rows: Int32Array, y: Int8Array, alpha: Float64Array, C: number): number {
  const l = rows.length;
  let up = -Infinity, low = Infinity;
  for (let i = 0; i < l; i++) {
    let g = -1;
    for (let j = 0; j < l; j++) g += Q[rows[i]! * n + rows[j]!]! * alpha[j]!;
    const v = -y[i]! * g;
    const inUp = (y[i] === 1 && alpha[i]! < C) || (y[i] === -1 && alpha[i]! > 0);
    const inLow = (y[i] === 1 && alpha[i]! > 0) || (y[i] === -1 && alpha[i]! < C);
    if (inUp) up = Math.max(up, v);
    if (inLow) low = Math.min(low, v);
  }
  return up - low;
}

describe("libsvm's solver on a shared kernel (smo-solver.ts)", () => {
  it('computes the squared distances feature by feature (the sum libsvm-js was handed), bit for bit, symmetric with a zero diagonal', () => {
    const D = flatSquaredDistances(data.Xtrain);
    const n = data.Xtrain.length;
    let differing = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < data.Xtrain[i]!.length; k++) s += (data.Xtrain[i]![k]! - data.Xtrain[j]![k]!) ** 2;
        if (!Object.is(D[i * n + j], i === j ? 0 : s)) differing++;
      }
    }
    expect(differing).toBe(0);
    expect(squaredDistances(data.Xtrain)[7]).toEqual(D.subarray(7 * n, 8 * n));
  });

  it("from a cold start returns libsvm's own α and ρ on the same kernel, at small, middle and large C and γ", async () => {
    const libsvm = await loadLibsvm({ wasmBinary: readFileSync(fileURLToPath(new URL('../../../../node_modules/libsvm-js/out/wasm/libsvm.wasm', import.meta.url))) });
    const pre = createLibsvmEngine(libsvm).precomputed!;
    const n = data.Xtrain.length;
    const D = flatSquaredDistances(data.Xtrain);
    const Drows = squaredDistances(data.Xtrain);
    const { tr } = foldRows(2);
    const yTr = tr.map((i) => data.ytrain[i]!);
    for (const [C, gamma] of [[0.01, 0.001], [2.7, 0.09], [30, 10], [30, 0.001]] as const) {
      const fold = foldProblem(tr, data.ytrain);
      const sol = solveCsvc({ Q: signedRbfKernel(D, n, gamma, labelSigns(data.ytrain)), n, rows: fold.rows, y: fold.y, C });
      expect(sol.hitIterationLimit).toBe(false);
      // libsvm-js on the same rows: its coefficients are y·α of its support vectors in the same
      // label-grouped order, and its support vectors are the rows with α > 0.
      const kernel = pre.kernel(Drows, gamma);
      const model = pre.fit(kernel, tr, yTr, C) as unknown as { svm: { getSVIndices(): number[]; model: number }; free(): void };
      const nSV = model.svm.getSVIndices().length;
      const native = readNativeModel(libsvm.module, model.svm.model, { gamma: null, C, nSV, kernel: 4 });
      model.free();
      pre.free?.(kernel);
      const ours = Array.from(sol.alpha).flatMap((a, k) => (a > 0 ? [fold.y[k]! * a] : []));
      expect(ours).toEqual(Array.from(native.coef));
      expect(sol.rho).toBe(native.rho);
    }
  });
});

describe('the WebAssembly build of the solver (kernel/smo_solver.c)', () => {
  it('is built from the committed source (rebuild with node scripts/build-svm-kernel.mjs)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../../../lib/ml/svm/kernel/smo_solver.c', import.meta.url)));
    expect(createHash('sha256').update(source).digest('hex')).toBe(SMO_SOLVER_SOURCE_SHA256);
  });

  it('returns the TypeScript solver’s α, ρ, objective and iteration count bit for bit, cold and warm', async () => {
    const n = data.Xtrain.length;
    const D = flatSquaredDistances(data.Xtrain);
    const sign = labelSigns(data.ytrain);
    const wasm = await createWasmSolver(n);
    for (const f of [0, 3]) {
      const fold = foldProblem(foldRows(f).tr, data.ytrain);
      for (const gamma of [0.001, 0.09, 10]) {
        const Q = signedRbfKernel(D, n, gamma, sign);
        signedRbfKernel(D, n, gamma, sign, wasm.Q);
        let prevJs: Float64Array | null = null, prevC = 0;
        for (const C of [0.01, 0.3, 2.7, 30]) {
          const alpha0 = prevJs ? seedAlpha(prevJs, prevC, C) : undefined;
          const js = solveCsvc({ Q, n, rows: fold.rows, y: fold.y, C, ...(alpha0 ? { alpha0 } : {}) });
          const w = wasm.solve({ rows: fold.rows, y: fold.y, C, ...(alpha0 ? { alpha0 } : {}) });
          expect(Array.from(w.alpha)).toEqual(Array.from(js.alpha));
          expect([w.rho, w.obj, w.iterations, w.hitIterationLimit]).toEqual([js.rho, js.obj, js.iterations, js.hitIterationLimit]);
          prevJs = js.alpha;
          prevC = C;
        }
      }
    }
  });

  it('refuses rows outside the kernel, labels other than ±1 and a bad C, with the value named', async () => {
    const wasm = await createWasmSolver(4);
    expect(() => wasm.solve({ rows: Int32Array.from([0, 4]), y: Int8Array.from([1, -1]), C: 1 })).toThrow(/row index 4 outside 0..3/);
    expect(() => wasm.solve({ rows: Int32Array.from([0, 1]), y: Int8Array.from([1, 0]), C: 1 })).toThrow(/label 0 at row 1/);
    expect(() => wasm.solve({ rows: Int32Array.from([0, 1]), y: Int8Array.from([1, -1]), C: 0 })).toThrow(/C must be > 0/);
  });
});

describe('grid search on the shared kernel against scikit-learn', () => {
  const grid = data.inputs.testGrid;

  it('cold starts: every cell equals the libsvm engine and sklearn fold by fold, and the pick is the same', async () => {
    const cold = await gridSearch(data.Xtrain, data.ytrain, data.folds, grid, engine, { sharedKernel: true, warmStart: false });
    const coldJs = await gridSearch(data.Xtrain, data.ytrain, data.folds, grid, engine, { sharedKernel: true, warmStart: false, solver: 'js' });
    const libsvm = await gridSearch(data.Xtrain, data.ytrain, data.folds, grid, engine, { sharedKernel: false });
    expect(cold).toEqual(libsvm);
    expect(coldJs).toEqual(libsvm);
    for (const c of cold.cells) expect(c.foldAccuracy).toEqual(refCell(c.C, c.gamma).foldAccuracy);
    expect(cold.best).toEqual(ref.testGridBest);
  });

  it('cold starts over the full 17 × 16 grid: every fold accuracy of all 1,360 equals scikit-learn’s', async () => {
    const cold = await gridSearch(data.Xtrain, data.ytrain, data.folds, defaultGrid(), engine, { warmStart: false });
    for (const c of cold.cells) expect(c.foldAccuracy).toEqual(refCell(c.C, c.gamma).foldAccuracy);
    expect(cold.best).toEqual(ref.best);
  });

  it('warm starts (the default) over the full grid: the same pick as sklearn; a fold accuracy moves by at most one held-out window, in at most 1% of folds', async () => {
    const warm = await gridSearch(data.Xtrain, data.ytrain, data.folds, defaultGrid(), engine);
    expect(warm.best).toEqual(ref.best);
    const foldSizes = [0, 1, 2, 3, 4].map((f) => foldRows(f).te.length);
    let moved = 0;
    for (const c of warm.cells) {
      const r = refCell(c.C, c.gamma);
      c.foldAccuracy.forEach((a, f) => {
        const windows = Math.round(Math.abs(a - r.foldAccuracy[f]!) * foldSizes[f]!);
        expect(windows).toBeLessThanOrEqual(1);
        if (windows > 0) moved++;
      });
    }
    // Measured: 3 of the 1,360 fold accuracies (each fit is optimal within libsvm's 1e-3).
    expect(moved).toBeLessThanOrEqual(Math.floor(0.01 * warm.cells.length * 5));
  });
});

describe('repeated rows (a bootstrap sample) share one kernel row', () => {
  it('keys a row by its features and its label', () => {
    const { kernelRow, distinct } = distinctRows([[1, 2], [3, 4], [1, 2], [1, 2], [0, -0]], [0, 1, 0, 1, 0]);
    expect(Array.from(kernelRow)).toEqual([0, 1, 0, 2, 3]);
    expect(distinct).toEqual([0, 1, 3, 4]);
  });

  it('gives libsvm-js’s cells exactly on a bootstrap sample of the training part (cold starts)', async () => {
    const rng = createRng(11);
    const idx = Array.from({ length: data.Xtrain.length }, () => Math.floor(rng.uniform() * data.Xtrain.length));
    const X = idx.map((i) => data.Xtrain[i]!), y = idx.map((i) => data.ytrain[i]!);
    expect(distinctRows(X, y).distinct.length).toBeLessThan(0.7 * X.length);
    const folds = stratifiedFolds(y, 5, 3);
    const grid = { C: [0.1, 2.7, 30], gamma: [0.01, 0.09, 1] };
    const shared = await gridSearch(X, y, folds, grid, engine, { warmStart: false });
    const libsvm = await gridSearch(X, y, folds, grid, engine, { sharedKernel: false });
    expect(shared).toEqual(libsvm);
  });
});

describe('alpha seeding', () => {
  it('scales α by C / C_prev, puts the bound exactly on the new bound and keeps yᵀα = 0 feasible', () => {
    const a = Float64Array.from([0, 0.5, 1, 0.25]);
    expect(Array.from(seedAlpha(a, 1, 3))).toEqual([0, 1.5, 3, 0.75]);
    expect(Array.from(seedAlpha(Float64Array.from([0.1]), 0.1, 0.3))).toEqual([0.3]);
  });

  it('a warm-started fit meets the same stopping rule as a cold one (KKT violation < 1e-3) with fewer iterations', () => {
    const n = data.Xtrain.length;
    const D = flatSquaredDistances(data.Xtrain);
    const { tr } = foldRows(0);
    const fold = foldProblem(tr, data.ytrain);
    for (const gamma of [0.001, 0.09, 2.68269579528]) {
      const K = signedRbfKernel(D, n, gamma, labelSigns(data.ytrain));
      let prev: { C: number; alpha: Float64Array } | null = null;
      let coldIter = 0, warmIter = 0;
      for (const C of defaultGrid().C) {
        const cold = solveCsvc({ Q: K, n, rows: fold.rows, y: fold.y, C });
        const warm = solveCsvc({ Q: K, n, rows: fold.rows, y: fold.y, C, alpha0: prev ? seedAlpha(prev.alpha, prev.C, C) : undefined });
        prev = { C, alpha: warm.alpha };
        coldIter += cold.iterations;
        warmIter += warm.iterations;
        // The solver's own criterion, recomputed from scratch on the returned α (float32 Q).
        expect(kktViolation(K, n, fold.rows, fold.y, warm.alpha, C)).toBeLessThan(1e-3 + 1e-9);
        let s = 0;
        warm.alpha.forEach((a, k) => (s += fold.y[k]! * a));
        expect(Math.abs(s)).toBeLessThan(1e-9 * C * n);
        // Same optimum within the tolerance: the dual objectives agree closely.
        expect(Math.abs(warm.obj - cold.obj)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(cold.obj)));
      }
      expect(warmIter).toBeLessThan(coldIter);
    }
  });
});

