import { beforeAll, describe, expect, it } from 'vitest';
import { naivePermutationImportance } from '@/lib/ml/importance/naive-permutation-importance';
import { permutationImportance } from '@/lib/ml/importance/permutation-importance';
import { drawPermutations, planPermutations } from '@/lib/ml/importance/permutation-plan';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { createRng } from '@/lib/stats/random';
import { type ImportanceFixture, libsvmEngine, readReference, referenceData } from '../svm/fixtures';

const data = referenceData();
const ref = readReference<ImportanceFixture>('importance.json');
let engine: SvmEngine;
beforeAll(async () => {
  engine = await libsvmEngine();
});

describe('permutation importance', () => {
  it('equals sklearn exactly (same permutations, same SVC predictions): every accuracy drop', () => {
    const model = engine.fit(data.Xall, data.yall, { C: ref.C, gamma: ref.gamma });
    const permutations = Object.assign([], data.inputs.importance.permutations) as number[][][];
    const r = permutationImportance(model.rbf(), data.Xall, data.yall, { permutations });
    expect(r.baseline).toBe(ref.baseline);
    expect(r.skipped).toEqual(ref.skipped);
    expect(r.features.map((f) => f.feature)).toEqual(ref.features.map((f) => f.feature));
    r.features.forEach((f, k) => {
      const expected = ref.features[k]!;
      expect(f.importances).toEqual(expected.importances);
      expect(f.mean).toBeCloseTo(expected.mean, 14);
      expect(f.sd).toBeCloseTo(expected.sd, 14);
    });
    model.free();
  });

  it('factorized and naive (predict on permuted rows) give identical importances for the same permutations', () => {
    const model = engine.fit(data.Xtrain, data.ytrain, { C: 5.6, gamma: 0.2 });
    const permutations = drawPermutations(createRng(7).fork('importance'), data.Xtrain[0]!.length, 4, data.Xtrain.length);
    const fast = permutationImportance(model.rbf(), data.Xtrain, data.ytrain, { permutations });
    const naive = naivePermutationImportance((rows) => engine.predict(model, rows), data.Xtrain, data.ytrain, { permutations });
    expect(fast).toEqual(naive);
    model.free();
  });

  it('skips zero-variance features (SAG1) and reports them', () => {
    const plan = planPermutations(data.Xall, { nRepeats: 2, rng: createRng(1) });
    expect(plan.skipped).toEqual([3]);
    expect(plan.features).not.toContain(3);
    expect(plan.permutations.get(0)).toHaveLength(2);
  });

  it("draws each feature's permutations from its own stream (skipping one never shifts another)", () => {
    const a = planPermutations(data.Xall, { nRepeats: 3, rng: createRng(5) });
    const b = planPermutations(data.Xall, { nRepeats: 3, rng: createRng(5), features: [2, 7] });
    expect(b.permutations.get(7)).toEqual(a.permutations.get(7));
    expect(drawPermutations(createRng(5), 11, 3, data.Xall.length)[2]).toEqual(a.permutations.get(2));
  });

  it('returns mean and population SD over repeats, and rejects mismatched permutations', () => {
    const model = engine.fit(data.Xtrain, data.ytrain, { C: 1, gamma: 0.1 });
    const r = permutationImportance(model.rbf(), data.Xtrain, data.ytrain, { nRepeats: 5, rng: createRng(3) });
    for (const f of r.features) {
      const m = f.importances.reduce((s, v) => s + v, 0) / 5;
      expect(f.mean).toBeCloseTo(m, 15);
      expect(f.sd).toBeCloseTo(Math.sqrt(f.importances.reduce((s, v) => s + (v - m) ** 2, 0) / 5), 15);
    }
    expect(() => permutationImportance(model.rbf(), data.Xtrain, data.ytrain, { permutations: [[[0, 1]]] })).toThrow(/rows, expected/);
    model.free();
  });
});
