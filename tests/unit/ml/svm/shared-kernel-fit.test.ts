import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLibsvmEngine } from '@/lib/ml/svm/libsvm-engine';
import { readNativeModel, supportVectorPointers } from '@/lib/ml/svm/libsvm-native-model';
import type { Libsvm } from '@/lib/ml/svm/libsvm-types';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';
import { fitPlatt } from '@/lib/ml/svm/platt';
import { signedDecision } from '@/lib/ml/svm/rbf-model';
import { fitWithPlattOnSharedKernel } from '@/lib/ml/svm/shared-kernel-fit';
import { squaredDistances } from '@/lib/ml/svm/squared-distances';
import type { RbfModel } from '@/lib/ml/svm/types';
import { createRng } from '@/lib/stats/random';
import { stratifiedFolds } from '@/lib/stats/split';
import { libsvmEngine, referenceData } from './fixtures';

/**
 * The optimism bootstrap's final fit and Platt CV on one shared kernel, against libsvm-js fitting
 * each model itself on a precomputed kernel of the same rows (repeats included, as libsvm sees
 * a bootstrap sample): the same support vectors, coefficients, ρ and decision values, bit for bit.
 */
const data = referenceData();
let libsvm: Libsvm;
beforeAll(async () => {
  libsvm = await loadLibsvm({ wasmBinary: readFileSync(fileURLToPath(new URL('../../../../node_modules/libsvm-js/out/wasm/libsvm.wasm', import.meta.url))) });
});

/** A bootstrap sample of the training rows (about a third drawn twice or more). */
function bootstrapSample(seed: number) {
  const rng = createRng(seed);
  const n = data.Xtrain.length;
  const idx = Array.from({ length: n }, () => rng.int(n));
  return { X: idx.map((i) => data.Xtrain[i]!), y: idx.map((i) => data.ytrain[i]!) };
}

/** libsvm-js's own fit on a precomputed kernel of `rows`, read back as a closed-form model. */
function libsvmPrecomputedModel(X: readonly Float64Array[], y: readonly number[], rows: number[], C: number, gamma: number): RbfModel {
  const pre = createLibsvmEngine(libsvm).precomputed!;
  const kernel = pre.kernel(squaredDistances(X), gamma);
  const model = pre.fit(
    kernel,
    rows,
    rows.map((r) => y[r]!),
    C,
  ) as unknown as { svm: { getSVIndices(): number[]; getLabels(): number[]; model: number }; free(): void };
  try {
    const nSV = model.svm.getSVIndices().length;
    const native = readNativeModel(libsvm.module, model.svm.model, { gamma: null, C, nSV, kernel: 4 });
    const { base, rowBytes } = kernel as unknown as { base: number; rowBytes: number };
    const supportIndices = Array.from(supportVectorPointers(libsvm.module, model.svm.model, nSV), (p) => (p - base) / rowBytes);
    const [first, second] = model.svm.getLabels();
    return { gamma, C, supportVectors: supportIndices.map((i) => X[i]!), coef: native.coef, rho: native.rho, labels: [first!, second!], supportIndices };
  } finally {
    model.free();
    pre.free?.(kernel);
  }
}

describe('a final fit and its Platt scaling on one shared kernel', () => {
  it("equals libsvm's fits on a precomputed kernel of a bootstrap sample: support vectors, coefficients, ρ and every CV decision value", async () => {
    const { X, y } = bootstrapSample(11);
    const folds = stratifiedFolds(y, 5, 3);
    for (const [C, gamma] of [[2.7, 0.09], [30, 0.01], [0.3, 1]] as const) {
      const ours = await fitWithPlattOnSharedKernel(X, y, { C, gamma }, folds);
      const all = Array.from({ length: X.length }, (_, i) => i);
      const ref = libsvmPrecomputedModel(X, y, all, C, gamma);
      expect(ours.model.supportIndices).toEqual(ref.supportIndices);
      expect(Array.from(ours.model.coef)).toEqual(Array.from(ref.coef));
      expect(ours.model.rho).toBe(ref.rho);
      expect(ours.model.labels).toEqual(ref.labels);
      // Decisions of the fitted rows from the kernel's distances are signedDecision's.
      expect(Array.from(ours.decisionOfRows(all))).toEqual(Array.from(signedDecision(ours.model, X)));
      // Platt's CV: libsvm-js fits each fold itself; its held-out decisions through signedDecision.
      const expected = new Float64Array(X.length);
      for (let f = 0; f < 5; f++) {
        const tr = all.filter((i) => folds[i] !== f), te = all.filter((i) => folds[i] === f);
        const m = libsvmPrecomputedModel(X, y, tr, C, gamma);
        const dv = signedDecision(m, te.map((i) => X[i]!));
        te.forEach((r, j) => (expected[r] = dv[j]!));
      }
      expect(Array.from(ours.platt.cvDecision)).toEqual(Array.from(expected));
      expect(ours.platt.folds).toBe(5);
    }
  });

  it("the TypeScript solver gives the WebAssembly build's results bit for bit", async () => {
    const { X, y } = bootstrapSample(12);
    const folds = stratifiedFolds(y, 5, 4);
    const wasm = await fitWithPlattOnSharedKernel(X, y, { C: 2.7, gamma: 0.09 }, folds);
    const js = await fitWithPlattOnSharedKernel(X, y, { C: 2.7, gamma: 0.09 }, folds, { solver: 'js' });
    expect(js.model).toEqual(wasm.model);
    expect(js.platt).toEqual(wasm.platt);
  });

  it("agrees with the engine's own fits (libsvm's RBF kernel, rounded in another order) to libsvm's tolerance", async () => {
    const engine = await libsvmEngine();
    const { X, y } = bootstrapSample(13);
    const folds = stratifiedFolds(y, 5, 5);
    const params = { C: 2.7, gamma: 0.09 };
    const ours = await fitWithPlattOnSharedKernel(X, y, params, folds);
    const theirs = fitPlatt(engine, X, y, params, folds);
    const fitted = engine.fit(X, y, params);
    const model = fitted.rbf();
    fitted.free();
    const probe = data.Xall.slice(0, 200);
    const a = signedDecision(ours.model, probe), b = signedDecision(model, probe);
    for (let i = 0; i < probe.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-3);
    expect(ours.platt.sigmoid.A).toBeCloseTo(theirs.sigmoid.A, 3);
    expect(ours.platt.sigmoid.B).toBeCloseTo(theirs.sigmoid.B, 3);
  });

  it('says which fold left one class and refuses a bad C', async () => {
    const X = [[0], [1], [2], [3]].map((r) => Float64Array.from(r));
    const y = [0, 0, 1, 1];
    await expect(fitWithPlattOnSharedKernel(X, y, { C: 1, gamma: 1 }, [0, 0, 1, 1])).rejects.toThrow(/outside fold 1 hold only one class/);
    await expect(fitWithPlattOnSharedKernel(X, y, { C: 0, gamma: 1 }, [0, 1, 0, 1])).rejects.toThrow(/C and gamma must be > 0/);
  });
});
