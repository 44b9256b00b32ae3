import { beforeAll, describe, expect, it } from 'vitest';
import { gridSearch } from '@/lib/ml/svm/grid-search';
import { createMlSvmEngine } from '@/lib/ml/svm/ml-svm-engine';
import type { SvmEngine } from '@/lib/ml/svm/types';
import { stratifiedFolds } from '@/lib/stats/split';
import { fitStandardizer } from '@/lib/stats/standardize';
import { libsvmEngine, referenceData } from './fixtures';

// A class-balanced subset of the reference training part (every non-recovered row and as many
// recovered ones), where a small C still gives libsvm a non-trivial classifier.
const { inputs } = referenceData();
const train = inputs.split.train;
const negatives = train.filter((i) => inputs.y[i] === 0);
const rows = [...negatives, ...train.filter((i) => inputs.y[i] === 1).slice(0, negatives.length)].sort((a, b) => a - b);
const raw = rows.map((i) => inputs.X[i]!);
const X = fitStandardizer(raw).transform(raw);
const y = rows.map((i) => inputs.y[i]!);
const folds = stratifiedFolds(y, 5, 42);
const grid = { C: [0.01, 0.1, 1, 10], gamma: [0.1] };

let libsvm: SvmEngine;
const mlSvm = createMlSvmEngine({ seed: 1 });
beforeAll(async () => {
  libsvm = await libsvmEngine();
});

describe('ml-svm engine vs libsvm', () => {
  it('agrees from C = 1 up and differs at small C (simplified SMO), as documented', async () => {
    const a = await gridSearch(X, y, folds, grid, libsvm);
    const b = await gridSearch(X, y, folds, grid, mlSvm);
    const table = grid.C.map((C, k) => {
      const ma = libsvm.fit(X, y, { C, gamma: 0.1 });
      const mb = mlSvm.fit(X, y, { C, gamma: 0.1 });
      const pa = libsvm.predict(ma, X), pb = mlSvm.predict(mb, X);
      ma.free();
      mb.free();
      return {
        C,
        equalPredictions: pa.filter((v, i) => v === pb[i]).length / y.length,
        cvLibsvm: a.cells[k]!.mean,
        cvMlSvm: b.cells[k]!.mean,
      };
    });
    // Measured (216 rows, gamma 0.1): equal predictions 0.44 / 1 / 1 / 1 and CV 0.541 vs 0.500,
    // 0.810 vs 0.754, then identical, for C = 0.01 / 0.1 / 1 / 10.
    for (const row of table.filter((r) => r.C >= 1)) {
      expect(row.equalPredictions).toBe(1);
      expect(Math.abs(row.cvLibsvm - row.cvMlSvm)).toBeLessThanOrEqual(0.01);
    }
    // At C = 0.01 ml-svm barely moves its multipliers (it skips steps below 1e-3), so it
    // disagrees on about half of the rows: use libsvm for the paper's grid, which starts there.
    expect(table[0]!.equalPredictions).toBeLessThan(0.9);
  }, 60_000);
});
