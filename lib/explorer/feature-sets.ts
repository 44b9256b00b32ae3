import { CLASSIFICATION_FEATURES, type ClassificationFeature } from '../cells/svm-split';
import type { ClassificationEvalOutput, MetricCi } from '../cells/classification-eval';
import type { LstmRegressionOutput } from '../cells/lstm-regression';
import { MODEL_FEATURES, STATIC_FEATURES, type StaticFeature } from '../ml/lstm/sequences';

/**
 * Feature sets for the explorer: which inputs the SVM and the LSTM see, the paper's choices as
 * presets, and the rows of the side-by-side comparison.
 */
export type ModelFamily = 'svm' | 'lstm';

export interface FeatureSetPreset<F extends string> {
  id: string;
  label: string;
  features: readonly F[];
}

export const SVM_FEATURES = CLASSIFICATION_FEATURES;
export const LSTM_STATIC_FEATURES = STATIC_FEATURES;

export const SVM_PRESETS: readonly FeatureSetPreset<ClassificationFeature>[] = [
  { id: 'paper', label: 'Paper: all 11', features: CLASSIFICATION_FEATURES },
  { id: 'course', label: 'Course only (days and grades)', features: ['SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3'] },
  { id: 'grades', label: 'Grades only (SAG1–3)', features: ['SAG1', 'SAG2', 'SAG3'] },
  { id: 'static', label: 'Patient only (sex, age, comorbidity, delay)', features: ['sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment'] },
];

/** The paper's three LSTM feature sets (M1–M3), and the course alone as a reference. */
export const LSTM_PRESETS: readonly FeatureSetPreset<StaticFeature>[] = [
  { id: 'M1', label: 'M1: sex, age, delayed Tx, diabetes', features: MODEL_FEATURES.M1 },
  { id: 'M2', label: 'M2: sex, age, delayed Tx, hypertension', features: MODEL_FEATURES.M2 },
  { id: 'M3', label: 'M3: sex, age, diabetes, hypertension', features: MODEL_FEATURES.M3 },
  { id: 'course', label: 'Course only (no static features)', features: [] },
];

/** The preset a feature list equals (order ignored), if any. */
export function matchingPreset(presets: readonly FeatureSetPreset<string>[], features: readonly string[]): FeatureSetPreset<string> | undefined {
  const key = (list: readonly string[]) => [...list].sort().join(',');
  return presets.find((p) => key(p.features) === key(features));
}

/** A short name for a feature list: the preset's id, or the features themselves. */
export function featureSetName(presets: readonly FeatureSetPreset<string>[], features: readonly string[]): string {
  const preset = matchingPreset(presets, features);
  if (preset) return preset.label.split(':')[0]!;
  return features.length ? features.join(', ') : 'none';
}

const ci = (m: { value: number; ci_low: number; ci_high: number }, digits = 3) =>
  Number.isFinite(m.value) ? `${m.value.toFixed(digits)} (${m.ci_low.toFixed(digits)}–${m.ci_high.toFixed(digits)})` : '—';

export type ComparisonRow = Record<string, string | number>;

/** One row per subset of an SVM run: test metrics with bootstrap 95% CIs and the chosen (C, γ). */
export function svmComparisonRows(run: string, features: string, out: ClassificationEvalOutput): ComparisonRow[] {
  return (['all', 'persistent'] as const).map((subset) => {
    const e = out[subset];
    const m = e.metrics as Record<'accuracy' | 'recall' | 'precision' | 'f1', MetricCi>;
    return {
      run,
      features,
      subset: subset === 'all' ? 'all subjects' : 'persistent',
      n_test: e.nTest,
      C: e.C,
      gamma: e.gamma,
      accuracy: ci(m.accuracy),
      recall: ci(m.recall),
      precision: ci(m.precision),
      f1: ci(m.f1),
    };
  });
}
export const SVM_COMPARISON_COLUMNS = ['run', 'features', 'subset', 'n_test', 'C', 'gamma', 'accuracy', 'recall', 'precision', 'f1'];

/** One row per LSTM run: MAE with bootstrap 95% CIs on the test and validation sets, and the baselines. */
export function lstmComparisonRows(run: string, features: string, out: LstmRegressionOutput): ComparisonRow[] {
  const { test, validation } = out.evaluation;
  return [
    {
      run,
      features,
      subset: out.subset === 'all' ? 'all subjects' : 'persistent',
      n_test: test.n,
      test_mae: ci(test.lstm.mae),
      test_mae_linear: ci(test.baseline_linear.mae),
      test_mae_locf: ci(test.baseline_locf.mae),
      n_validation: validation?.n ?? 0,
      validation_mae: validation ? ci(validation.lstm.mae) : '—',
      validation_mae_linear: validation ? ci(validation.baseline_linear.mae) : '—',
      epochs: out.training.epochsRun,
    },
  ];
}
export const LSTM_COMPARISON_COLUMNS = ['run', 'features', 'subset', 'n_test', 'test_mae', 'test_mae_linear', 'test_mae_locf', 'n_validation', 'validation_mae', 'validation_mae_linear', 'epochs'];
