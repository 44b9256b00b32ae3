import { beforeAll, describe, expect, it } from 'vitest';
import { foldScaledGridSearch } from '@/lib/ml/svm/fold-scaled-grid';
import { gridSearch } from '@/lib/ml/svm/grid-search';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { libsvmEngine, readReference, referenceData } from './fixtures';

const data = referenceData();
const ref = readReference<{ foldScaledGrid: { C: number; gamma: number; mean: number; foldAccuracy: number[] }[] }>('resampling.json');
let engine: SvmEngine;
beforeAll(async () => {
  engine = await libsvmEngine();
});

describe('grid search with the scaler fitted inside each fold', () => {
  const rawTrain = data.inputs.split.train.map((i) => data.inputs.X[i]!);

  it('agrees with sklearn Pipeline(StandardScaler, SVC) under GridSearchCV on the same folds (test grid)', async () => {
    const result = await foldScaledGridSearch(rawTrain, data.ytrain, data.folds, data.inputs.testGrid, engine);
    expect(result.cells).toHaveLength(ref.foldScaledGrid.length);
    let worst = 0;
    for (const c of result.cells) {
      const r = ref.foldScaledGrid.find((x) => x.C === c.C && x.gamma === c.gamma)!;
      worst = Math.max(worst, Math.abs(c.mean - r.mean));
    }
    expect(worst).toBeLessThanOrEqual(0.002);
  });

  it('differs from scaling on the whole training part (the held-out fold no longer shapes its scaling), same layout', async () => {
    const grid = { C: [0.1, 30], gamma: [0.01, 0.5] };
    const inside = await foldScaledGridSearch(rawTrain, data.ytrain, data.folds, grid, engine);
    const outside = await gridSearch(data.Xtrain, data.ytrain, data.folds, grid, engine);
    expect(inside.cells.map((c) => [c.C, c.gamma])).toEqual(outside.cells.map((c) => [c.C, c.gamma]));
    expect(inside.cells.every((c) => c.foldAccuracy.length === 5)).toBe(true);
    expect(inside.cells.map((c) => c.foldAccuracy)).not.toEqual(outside.cells.map((c) => c.foldAccuracy));
  });
});
