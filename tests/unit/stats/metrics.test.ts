import { describe, expect, it } from 'vitest';
import { classificationMetrics, confusionTable, regressionMetrics } from '@/lib/stats/metrics';
import type { ReferenceInputs } from '@/scripts/reference/make-inputs';
import { expectClose, readReference } from './reference';

interface StatsFixture {
  classification: { name: string; accuracy: number; recall: number; precision: number; f1: number; confusion: number[][] }[];
  regression: { mse: number; rmse: number; mae: number };
}
const inputs = readReference<ReferenceInputs>('inputs.json');
const ref = readReference<StatsFixture>('stats.json');

describe('classification metrics', () => {
  it('match sklearn accuracy, recall, precision, F1 (zero_division=0) and confusion_matrix', () => {
    inputs.stats.classification.forEach((c, k) => {
      const r = ref.classification[k]!;
      const m = classificationMetrics(c.yTrue, c.yPred);
      expectClose(m.accuracy, r.accuracy, 1e-12, `${c.name} accuracy`);
      expectClose(m.recall, r.recall, 1e-12, `${c.name} recall`);
      expectClose(m.precision, r.precision, 1e-12, `${c.name} precision`);
      expectClose(m.f1, r.f1, 1e-12, `${c.name} f1`);
      expect(confusionTable(m.confusion)).toEqual(r.confusion);
    });
  });

  it('scores 0 (not NaN) when nothing is predicted positive', () => {
    const m = classificationMetrics([1, 0, 1], [0, 0, 0]);
    expect(m).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(m.confusion).toEqual({ tn: 1, fp: 0, fn: 2, tp: 0 });
  });
});

describe('regression metrics', () => {
  it('match numpy MSE, RMSE and MAE', () => {
    const { actual, predicted } = inputs.stats.regression;
    const m = regressionMetrics(actual, predicted);
    expectClose(m.mse, ref.regression.mse, 1e-12, 'mse');
    expectClose(m.rmse, ref.regression.rmse, 1e-12, 'rmse');
    expectClose(m.mae, ref.regression.mae, 1e-12, 'mae');
  });
});
