import { beforeAll, describe, expect, it } from 'vitest';
import { rbfDecision, rbfPredict } from '@/lib/ml/svm/rbf-model';
import { squaredDistances } from '@/lib/ml/svm/squared-distances';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { type ImportanceFixture, libsvmEngine, readReference, referenceData } from './fixtures';

const data = referenceData();
const ref = readReference<ImportanceFixture>('importance.json');
let engine: SvmEngine;
beforeAll(async () => {
  engine = await libsvmEngine();
});

describe('libsvm engine', () => {
  it('fits the same model as sklearn SVC: support vectors, dual coefficients and rho', () => {
    const model = engine.fit(data.Xall, data.yall, { C: ref.C, gamma: ref.gamma });
    const rbf = model.rbf();
    expect(rbf.supportIndices).toEqual(ref.model.support);
    expect(rbf.labels).toEqual([0, 1]);
    ref.model.coef.forEach((c, s) => expect(Math.abs(rbf.coef[s]! - c)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(c))));
    expect(Math.abs(rbf.rho - ref.model.rho)).toBeLessThanOrEqual(1e-12);
    const dec = rbfDecision(rbf, data.Xall.slice(0, 50));
    ref.model.decisionFirst50.forEach((v, i) => expect(Math.abs(dec[i]! - v)).toBeLessThanOrEqual(1e-9));
    model.free();
  });

  it("predicts natively exactly what the closed-form decision predicts (rho read from libsvm's memory)", () => {
    const model = engine.fit(data.Xtrain, data.ytrain, { C: 30, gamma: 0.5 });
    expect(engine.predict(model, data.Xall)).toEqual(rbfPredict(model.rbf(), data.Xall));
    const dec = engine.decisionFunction!(model, data.Xall.slice(0, 3));
    expect(dec).toHaveLength(3);
    model.free();
    expect(() => model.rbf()).toThrow(/after free/);
  });

  it('gives the same predictions through the precomputed-kernel path as on raw features', () => {
    const pre = engine.precomputed!;
    const rows = data.folds.flatMap((f, i) => (f !== 0 ? [i] : []));
    const held = data.folds.flatMap((f, i) => (f === 0 ? [i] : []));
    for (const [C, gamma] of [[0.1, 0.01], [2.7, 0.09], [30, 5]] as const) {
      const kernel = pre.kernel(squaredDistances(data.Xtrain), gamma);
      const m1 = pre.fit(kernel, rows, rows.map((i) => data.ytrain[i]!), C);
      const m2 = engine.fit(rows.map((i) => data.Xtrain[i]!), rows.map((i) => data.ytrain[i]!), { C, gamma });
      expect(pre.predict(m1, kernel, held)).toEqual(engine.predict(m2, held.map((i) => data.Xtrain[i]!)));
      m1.free();
      m2.free();
    }
  });

  it('refuses one-class data, bad parameters and mismatched lengths, as sklearn does', () => {
    expect(() => engine.fit([[0], [1]], [1, 1], { C: 1, gamma: 1 })).toThrow(/2 classes/);
    expect(() => engine.fit([[0], [1]], [0, 1], { C: 0, gamma: 1 })).toThrow(/> 0/);
    expect(() => engine.fit([[0], [1]], [0], { C: 1, gamma: 1 })).toThrow(/labels/);
  });

  it('labels the positive side 0 whichever class comes first, and trains on label-grouped rows (as sklearn)', () => {
    const X = data.Xtrain.slice(0, 150), y = data.ytrain.slice(0, 150);
    expect(y[0]).toBe(1); // libsvm alone would make class 1 the positive side here
    const grouped = [...X.keys()].sort((p, q) => y[p]! - y[q]! || p - q);
    const a = engine.fit(X, y, { C: 1, gamma: 0.1 });
    const b = engine.fit(grouped.map((i) => X[i]!), grouped.map((i) => y[i]!), { C: 1, gamma: 0.1 });
    expect(a.rbf().labels).toEqual([0, 1]);
    expect(a.rbf().rho).toBe(b.rbf().rho);
    expect(a.rbf().supportIndices).toEqual(b.rbf().supportIndices.map((k) => grouped[k]!));
    a.free();
    b.free();
  });
});
