import { CLASSIFICATION_FEATURES, type ClassificationFeature } from '../cells/svm-split';
import type { ClassificationEvalOutput, MetricCi } from '../cells/classification-eval';
import type { LstmRegressionOutput } from '../cells/lstm-regression';
import { MODEL_FEATURES, STATIC_FEATURES, type StaticFeature } from '../ml/lstm/sequences';
import { aucWithCi, explorerResamples, pairedSvmDifference, type Difference } from './svm-compare';

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

const signed = (x: number, digits = 3) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}`;
const diff = (d: Difference) => (Number.isFinite(d.estimate) ? `${signed(d.estimate)} (${signed(d.lower)} to ${signed(d.upper)})` : '—');

/**
 * One row per subset of an SVM run: test metrics with bootstrap 95% CIs (accuracy, balanced
 * accuracy, AUC of the decision values, the no-information rate, recall, precision, F1), the
 * chosen (C, γ), and, given the notebook's reference evaluation, the paired difference to it in
 * accuracy and AUC on the same test windows (seeded patient bootstrap; lib/explorer/svm-compare).
 * The AUC's CI is from the same seeded patient resamples. Without a reference the difference
 * cells say "reference" (the row is the reference) or why no pairing is possible.
 */
export function svmComparisonRows(run: string, features: string, out: ClassificationEvalOutput, reference?: ClassificationEvalOutput): ComparisonRow[] {
  return (['all', 'persistent'] as const).map((subset) => {
    const e = out[subset];
    const m = e.metrics as Partial<Record<'accuracy' | 'balanced_accuracy' | 'no_information_rate' | 'recall' | 'precision' | 'f1', MetricCi>>;
    const opt = (x: MetricCi | undefined) => (x ? ci(x) : '—');
    const sets = e.predictions.patients?.length ? explorerResamples(e.predictions.patients) : undefined;
    const auc = sets ? aucWithCi(e, sets) : undefined;
    const paired = reference === undefined ? undefined : reference === out ? 'reference' : pairedSvmDifference(reference[subset], e);
    const cell = (k: 'accuracy' | 'auc') => (paired === undefined ? '—' : paired === 'reference' ? 'reference' : 'reason' in paired ? `— (${paired.reason})` : diff(paired[k]));
    return {
      run,
      features,
      subset: subset === 'all' ? 'all subjects' : 'persistent',
      n_test: e.nTest,
      C: e.C,
      gamma: e.gamma,
      accuracy: opt(m.accuracy),
      balanced_accuracy: opt(m.balanced_accuracy),
      auc: auc && Number.isFinite(auc.estimate) ? ci({ value: auc.estimate, ci_low: auc.lower, ci_high: auc.upper }) : '—',
      no_information_rate: m.no_information_rate ? m.no_information_rate.value.toFixed(3) : '—',
      recall: opt(m.recall),
      precision: opt(m.precision),
      f1: opt(m.f1),
      accuracy_diff: cell('accuracy'),
      auc_diff: cell('auc'),
    };
  });
}
export const SVM_COMPARISON_COLUMNS = ['run', 'features', 'subset', 'n_test', 'C', 'gamma', 'accuracy', 'balanced_accuracy', 'auc', 'no_information_rate', 'recall', 'precision', 'f1', 'accuracy_diff', 'auc_diff'];
export const SVM_COMPARISON_HEADERS: Record<string, string> = {
  run: 'Run',
  features: 'Features',
  subset: 'Subset',
  n_test: 'Test windows',
  C: 'C',
  gamma: 'γ',
  accuracy: 'Accuracy (95% CI)',
  balanced_accuracy: 'Balanced accuracy (95% CI)',
  auc: 'AUC (95% CI, patients resampled)',
  no_information_rate: 'No-information rate',
  recall: 'Recall (95% CI)',
  precision: 'Precision (95% CI)',
  f1: 'F1 (95% CI)',
  accuracy_diff: 'Accuracy − notebook (paired 95% CI)',
  auc_diff: 'AUC − notebook (paired 95% CI)',
};

/** The explorer SVM table's caption, written from the resampling it used. */
export function svmComparisonCaption(resamples: number, seed: number): string {
  return `SVM runs: test-set metrics with bootstrap 95% CIs (accuracy, balanced accuracy, recall, precision, F1 as the evaluation step drew them; AUC of the decision values from ${resamples} patient resamples, seed ${seed}). The no-information rate is the share of the commoner outcome in the test part: an accuracy below it is no better than always answering that outcome. The last two columns are each run minus the notebook's own row on the same test windows, with a paired 95% CI from the same ${resamples} patient resamples (both models scored on each resample's windows); a CI that contains 0 shows no difference these data can resolve.`;
}

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
