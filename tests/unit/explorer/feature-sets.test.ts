import { describe, expect, it } from 'vitest';
import { featureSetName, LSTM_PRESETS, lstmComparisonRows, matchingPreset, SVM_PRESETS, svmComparisonRows } from '@/lib/explorer/feature-sets';
import { MODEL_FEATURES } from '@/lib/ml/lstm/sequences';
import type { ClassificationEvalOutput } from '@/lib/cells/classification-eval';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';

const m = (value: number, lo: number, hi: number) => ({ value, ci_low: lo, ci_high: hi });

describe('feature sets of the explorer', () => {
  it('has the paper’s three LSTM feature sets as presets, and finds a preset whatever the order', () => {
    expect(LSTM_PRESETS.slice(0, 3).map((p) => [p.id, p.features])).toEqual([
      ['M1', MODEL_FEATURES.M1],
      ['M2', MODEL_FEATURES.M2],
      ['M3', MODEL_FEATURES.M3],
    ]);
    expect(matchingPreset(LSTM_PRESETS, ['hypertension', 'diabetes', 'age', 'sex'])?.id).toBe('M3');
    expect(featureSetName(LSTM_PRESETS, ['age', 'sex'])).toBe('age, sex');
    expect(featureSetName(SVM_PRESETS, ['SAG3', 'SAG1', 'SAG2'])).toBe('Grades only (SAG1–3)');
  });

  it('writes comparison rows with the estimate and its 95% CI', () => {
    const subset = (s: 'all' | 'persistent') => ({
      subset: s,
      C: 30,
      gamma: 0.1,
      nTest: 105,
      confusion: { tn: 1, fp: 2, fn: 3, tp: 4 },
      metrics: { accuracy: m(0.9524, 0.914, 0.99), recall: m(0.5, 0.4, 0.6), precision: m(1, 1, 1), f1: m(0.6667, 0.5, 0.8) },
      predictions: { actual: [], predicted: [] },
    });
    const svm = svmComparisonRows('explorer 1', 'Paper', { all: subset('all'), persistent: subset('persistent'), resamples: 10 } as unknown as ClassificationEvalOutput);
    expect(svm).toHaveLength(2);
    expect(svm[0]).toMatchObject({ subset: 'all subjects', n_test: 105, accuracy: '0.952 (0.914–0.990)', C: 30, gamma: 0.1 });
    const set = (n: number) => ({ n, lstm: { mae: m(0.4261, 0.35, 0.5) }, baseline_linear: { mae: m(0.711, 0.6, 0.8) }, baseline_locf: { mae: m(1.213, 1.1, 1.3) } });
    const lstm = lstmComparisonRows('explorer 2', 'M1', { subset: 'all', evaluation: { test: set(200), validation: null }, training: { epochsRun: 3 } } as unknown as LstmRegressionOutput);
    expect(lstm[0]).toMatchObject({ n_test: 200, test_mae: '0.426 (0.350–0.500)', test_mae_locf: '1.213 (1.100–1.300)', validation_mae: '—', n_validation: 0 });
  });
});
