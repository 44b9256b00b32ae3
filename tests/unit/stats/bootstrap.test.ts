import { describe, expect, it } from 'vitest';
import { bootstrapCi, bootstrapIndices, percentileInterval } from '@/lib/stats/bootstrap';
import { classificationMetrics, regressionMetrics } from '@/lib/stats/metrics';
import { createRng } from '@/lib/stats/random';
import type { ReferenceInputs } from '@/scripts/reference/make-inputs';
import { expectClose, readReference } from './reference';

type Ci = { lower: number; upper: number; replicatesFirst5: number[] };
const inputs = readReference<ReferenceInputs>('inputs.json');
const ref = readReference<{ bootstrap: Record<'accuracy' | 'recall' | 'precision' | 'f1' | 'mae', Ci> }>('stats.json');

describe('bootstrap', () => {
  const { yTrue, yPred } = inputs.stats.classification[0]!;
  const { actual, predicted } = inputs.stats.regression;
  const { indices, level } = inputs.stats.bootstrap;
  const pick = <T>(xs: readonly T[], rows: ArrayLike<number>) => Array.from(rows, (i) => xs[i]!);
  const classification = (rows: ArrayLike<number>) => classificationMetrics(pick(yTrue, rows), pick(yPred, rows));
  const statistics = {
    accuracy: (rows: ArrayLike<number>) => classification(rows).accuracy,
    recall: (rows: ArrayLike<number>) => classification(rows).recall,
    precision: (rows: ArrayLike<number>) => classification(rows).precision,
    f1: (rows: ArrayLike<number>) => classification(rows).f1,
    mae: (rows: ArrayLike<number>) => regressionMetrics(pick(actual, rows), pick(predicted, rows)).mae,
  };

  it('gives numpy-percentile CIs for the same resample indices to 1e-9', () => {
    for (const [name, stat] of Object.entries(statistics)) {
      const r = ref.bootstrap[name as keyof typeof statistics];
      const ci = bootstrapCi(stat, { n: yTrue.length, indices, level });
      expectClose(ci.lower, r.lower, 1e-9, `${name} lower`);
      expectClose(ci.upper, r.upper, 1e-9, `${name} upper`);
      r.replicatesFirst5.forEach((v, b) => expectClose(ci.replicates[b]!, v, 1e-12, `${name} replicate ${b}`));
    }
  });

  it('draws the committed resamples again from the same seed (the fixture is current)', () => {
    const again = bootstrapIndices(yTrue.length, indices.length, createRng(42).fork('bootstrap'));
    expect(again.map((a) => Array.from(a))).toEqual(indices);
  });

  it('reports the estimate on the full sample and the replicates in resample order', () => {
    const ci = bootstrapCi((rows) => rows.length, { n: 7, rng: createRng(1), resamples: 50 });
    expect(ci.estimate).toBe(7);
    expect(ci.replicates.length).toBe(50);
    expect(percentileInterval([1, 2, 3, 4, 5], 0.5)).toEqual([2, 4]);
    expect(() => bootstrapCi(() => 0, { n: 3 })).toThrow(/rng or indices/);
  });
});
