import { z } from 'zod';
import { auditIntervals, type AuditPoint } from '../figures/audit-intervals';
import { mmToPx } from '../figures/theme';
import { auditText } from './figure-texts';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { withCi } from '../tables/format';
import { tableArtifact } from '../tables/table-artifact';
import { buildAudit, type AuditOutput, type AuditRow, type ClassificationVariant, type FeatureSet, type Interval, type RegressionVariant, type SplitLevel } from '../validation/audit';
import type { ClassificationEvalOutput } from './classification-eval';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LstmRegressionOutput } from './lstm-regression';
import { testAbsErrors } from './lstm-report';
import type { WindowsOutput } from './windowing';

export const leakageAuditParamsSchema = z.object({
  /** Which subset's test parts the audit compares. */
  subset: z.enum(['all', 'persistent']).default('all'),
  /** Patient-clustered bootstrap resamples behind every CI of the audit. */
  resamples: z.number().int().min(100).max(20000).default(1000),
});
export type LeakageAuditParams = z.infer<typeof leakageAuditParamsSchema>;

/** Inputs: the four SVM evaluations, the two LSTMs, and windows + cohort for the carried-forward rule. */
type Inputs = {
  windows: WindowsOutput;
  cohort: CohortInclusionOutput;
  svm_window_paper: ClassificationEvalOutput;
  svm_window_nosad4: ClassificationEvalOutput;
  svm_patient_paper: ClassificationEvalOutput;
  svm_patient_nosad4: ClassificationEvalOutput;
  lstm_window?: LstmRegressionOutput;
  lstm_patient?: LstmRegressionOutput;
};

const SVM_INPUTS: [keyof Inputs, SplitLevel, FeatureSet][] = [
  ['svm_window_paper', 'window-level', 'paper features'],
  ['svm_window_nosad4', 'window-level', 'without SAD4'],
  ['svm_patient_paper', 'patient-level', 'paper features'],
  ['svm_patient_nosad4', 'patient-level', 'without SAD4'],
];

export interface LeakageAuditOutput extends AuditOutput {
  subset: 'all' | 'persistent';
  recoveryThreshold: number;
  /** What each condition really ran with, read from its outputs (so the captions follow the parameters). */
  conditions: { split: SplitLevel; features: string; C: number; gamma: number; foldGrouping?: string }[];
  lstm: { model: string; seeds: number; holdout: string }[];
}

/**
 * The leakage and ablation audit (validation part 1): the paper's headline numbers under
 * {window-level split, patient-level split} × {paper features, without SAD4}, beside the
 * majority-class and carried-forward baselines on the same test rows, and the LSTM's test MAE
 * under both splits beside the last grade carried forward; every number with a
 * patient-clustered bootstrap 95% CI. Its inputs are hidden variants of the notebook's own
 * split → grid → evaluate and lstm-split → LSTM cells (parameters inherited, only the split
 * and the features changed), so a condition equal to the notebook's own is taken from it.
 */
export const leakageAudit = defineCell<Inputs, LeakageAuditParams, LeakageAuditOutput>({
  kind: 'leakage-audit',
  version: 1,
  title: 'Leakage and ablation audit',
  description: 'Re-runs the classifier and the LSTM with the split over windows and by patient, with and without SAD4 (time to the outcome visit), beside majority-class and carried-forward baselines, with patient-level 95% CIs.',
  inputs: {
    windows: ['windowing'],
    cohort: ['cohort-inclusion'],
    svm_window_paper: ['classification-eval'],
    svm_window_nosad4: ['classification-eval'],
    svm_patient_paper: ['classification-eval'],
    svm_patient_nosad4: ['classification-eval'],
    lstm_window: ['lstm-regression'],
    lstm_patient: ['lstm-regression'],
  },
  // Without the LSTM variants the audit is the classifier's alone.
  optionalInputs: ['lstm_window', 'lstm_patient'],
  params: leakageAuditParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const threshold = inputs.cohort.cohort.params.recoveryThreshold;
    const presentGrade = new Map(inputs.windows.classification.map((s) => [`${s.patient_id}|${s.window}`, s.SAG3]));
    const classification: ClassificationVariant[] = SVM_INPUTS.map(([key, split, features]) => {
      const e = (inputs[key] as ClassificationEvalOutput)[params.subset];
      const { actual, predicted, patients, windows } = e.predictions;
      const presentGrades = patients.map((p, i) => {
        const g = presentGrade.get(`${p}|${windows[i]}`);
        if (g === undefined) throw new InputError(`Audit: test window ${windows[i]} of patient ${p} is not among the windows`);
        return g;
      });
      const carriedForward = presentGrades.map((g) => (g <= threshold ? 1 : 0));
      return { split, features, patients, actual, predicted, carriedForward, presentGrades, majorityClass: e.trainMajorityClass, straddlingPatients: e.straddlingPatients, scores: e.scores?.decision ?? null };
    });
    const regression: RegressionVariant[] = [];
    for (const [key, split] of [
      ['lstm_window', 'window-level'],
      ['lstm_patient', 'patient-level'],
    ] as const) {
      const out = inputs[key];
      if (!out) continue;
      const abs = testAbsErrors(out);
      // Rows' absolute errors (the LSTM's averaged over its seeds) against 0: their mean is the MAE.
      regression.push({
        split,
        model: out.model + (abs.seeds > 1 ? ` (${abs.seeds} seeds)` : ''),
        patients: out.testPredictions.map((p) => p.patient_id),
        actual: abs.lstm.map(() => 0),
        predicted: abs.lstm,
        locf: abs.locf,
        straddlingPatients: out.split.straddlingPatients,
      });
    }
    yield { fraction: 0.3, message: 'bootstrapping patients' };
    const audit = buildAudit(classification, regression, { resamples: params.resamples, rng: ctx.rng });
    return {
      ...audit,
      subset: params.subset,
      recoveryThreshold: threshold,
      conditions: SVM_INPUTS.map(([key, split]) => {
        const e = (inputs[key] as ClassificationEvalOutput)[params.subset];
        return { split, features: e.model.features.join(', '), C: e.C, gamma: e.gamma };
      }),
      lstm: (['lstm_window', 'lstm_patient'] as const).flatMap((k) => (inputs[k] ? [{ model: inputs[k]!.model, seeds: inputs[k]!.seeds.n, holdout: inputs[k]!.holdout.grouping }] : [])),
    };
  },
  headline: (out) => {
    const key = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    const audit: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const r of out.rows) {
      const block = ((audit[key(r.split)] ??= {})[key(r.features)] ??= {}) as Record<string, unknown>;
      block[key(r.method)] = {
        n_test: r.n_test,
        patients: r.patients,
        straddling_patients: r.straddling_patients,
        ...(r.accuracy ? { accuracy: r.accuracy } : {}),
        ...(r.balanced_accuracy ? { balanced_accuracy: r.balanced_accuracy } : {}),
        ...(r.auc ? { auc: r.auc } : {}),
        ...(r.mae ? { mae: r.mae } : {}),
      };
    }
    return { audit: { subset: out.subset, ci_method: 'patients', resamples: out.resamples, ...audit, sentence: out.sentence } };
  },
  artifacts: (out) => {
    const ci = (m: Interval | null) => (m ? withCi(m) : '');
    const metricPoints = (metric: string, pick: (r: AuditRow) => Interval | null): AuditPoint[] =>
      out.rows.flatMap((r) => {
        const m = pick(r);
        if (!m || (metric === 'AUC' && r.method === 'Majority class' && !out.rows.some((x) => x.method === 'SVM' && x.auc))) return [];
        const isModel = r.method === 'SVM' || r.method.startsWith('LSTM');
        const split = r.split === 'window-level' ? 'windows split' : 'patients split';
        const features = r.features === 'LSTM input' ? '' : r.features === 'paper features' ? ' · all features' : ' · no SAD4';
        const method = r.method.replace('Carried forward (present grade)', 'Carried forward');
        return [{ metric, label: `${split}${features} · ${method}`, kind: isModel ? 'model' : 'baseline', value: m.value, ciLow: m.ci_low, ciHigh: m.ci_high }];
      });
    const points = [
      ...metricPoints('Accuracy', (r) => r.accuracy),
      ...metricPoints('Balanced accuracy', (r) => r.balanced_accuracy),
      ...metricPoints('AUC', (r) => r.auc),
      ...metricPoints('LSTM test MAE (grades)', (r) => r.mae),
    ];
    const subset = out.subset === 'all' ? 'all subjects' : 'persistent subset';
    return [
      tableArtifact(
        'audit',
        out.rows.map((r) => ({
          split: r.split,
          features: r.features,
          method: r.method,
          n_test: r.n_test,
          patients: r.patients,
          straddling_patients: r.straddling_patients,
          accuracy: ci(r.accuracy),
          balanced_accuracy: ci(r.balanced_accuracy),
          auc: ci(r.auc),
          mae: ci(r.mae),
        })),
        ['split', 'features', 'method', 'n_test', 'patients', 'straddling_patients', 'accuracy', 'balanced_accuracy', 'auc', 'mae'],
        {
          headers: { split: 'Split', features: 'Features', method: 'Method', n_test: 'n (test part)', patients: 'Patients (test part)', straddling_patients: 'Patients on both sides', accuracy: 'Accuracy', balanced_accuracy: 'Balanced accuracy', auc: 'AUC', mae: 'MAE (grades)' },
          caption: `Leakage and ablation audit (${subset}, test parts): value (patient-clustered bootstrap 95% CI, ${out.resamples} resamples). Window-level: the split over windows (a patient may be on both sides); patient-level: by patient, with patient-grouped CV folds and early-stopping holdout. Majority class: always the training part's majority; carried forward: recovered iff the present grade is ≤ ${out.recoveryThreshold}. AUC: of the SVM decision value and, for the carried-forward rule, of minus the present grade (empty where the evaluation gives no scores). ${out.sentence}`,
        },
      ),
      { type: 'figure', name: 'audit', caption: 'Leakage and ablation audit: each headline number of the test part with its patient-clustered 95% bootstrap CI, for a split over windows and one by patient, with and without SAD4, models beside their baselines.', ...auditText(points, subset), widthMm: 183, widthPx: Math.round(mmToPx(183)), render: (document, o) => auditIntervals(points, { document, ...o }) as unknown as Element },
    ];
  },
});
