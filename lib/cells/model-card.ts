import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import type { ClassificationEvalOutput } from './classification-eval';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';
import type { LstmRegressionOutput } from './lstm-regression';
import type { SvmSplitOutput } from './svm-split';
import type { TeachingCalibrationOutput } from './teaching-calibration';

export interface ModelCardOutput {
  data: { name: string; sha256: string; patients: number; development: number; validation: number; visitDates: [string, string] };
  models: TeachingCalibrationOutput['models'];
  split: { svm: string; lstm: string; straddling: number };
  validation: { label: string; value: string }[];
  limitations: string[];
  intendedUse: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What the teaching models were trained on, how they did, what they cannot do, and what for. */
export const modelCard = defineCell<
  { data: LoadedCohort; cohort: CohortInclusionOutput; split: SvmSplitOutput; evaluate: ClassificationEvalOutput; lstm: LstmRegressionOutput; calibration: TeachingCalibrationOutput },
  Record<string, never>,
  ModelCardOutput
>({
  kind: 'model-card',
  version: 1,
  title: 'Model card',
  description: 'The data the models were trained on, their validation figures, known limitations and intended use.',
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'], split: ['svm-split'], evaluate: ['classification-eval'], lstm: ['lstm-regression'], calibration: ['teaching-calibration'] },
  params: z.object({}),
  heavy: false,
  usesSource: true,
  async *run(inputs, _params, ctx) {
    const ids = inputs.cohort.cohort.ids;
    const included = new Set(ids.included);
    const dates = inputs.data.patients.filter((p) => included.has(p.patientId)).flatMap((p) => p.visits.map((v) => v.date)).sort();
    const ev = inputs.evaluate.all;
    const l = inputs.lstm.evaluation;
    const cal = inputs.calibration;
    const ci = (m: { value: number; ci_low: number; ci_high: number }, f = (x: number) => x.toFixed(2)) => `${f(m.value)} (95% CI ${f(m.ci_low)}–${f(m.ci_high)})`;
    const validation = [
      { label: `SVM accuracy on its test part (${ev.nTest} windows)`, value: ci(ev.metrics.accuracy, pct) },
      { label: 'Calibrated probability on that test part', value: `Brier ${cal.svmTest.brier.toFixed(3)}, accuracy at 50% ${pct(cal.svmTest.accuracy)}` },
      { label: `LSTM RMSE on its test part (${l.test.n} visits)`, value: `${ci(l.test.lstm.rmse)} grades; last grade carried forward ${l.test.baseline_locf.rmse.value.toFixed(2)}` },
      ...(l.validation ? [{ label: `LSTM RMSE on the temporal validation set (${l.validation.n} visits)`, value: `${ci(l.validation.lstm.rmse)} grades; carried forward ${l.validation.baseline_locf.rmse.value.toFixed(2)}` }] : []),
      { label: `Course band coverage, half of the held-out patients calibrating and ~${cal.check.patients} others checked (${cal.check.splits} splits)`, value: `${pct(cal.check.observed)} on average, 10th–90th percentile ${pct(cal.check.range[0])}–${pct(cal.check.range[1])} (nominal ${pct(cal.check.nominal)})` },
    ];
    const splitText = (mode: string) => (mode === 'grouped' ? 'by patient (no patient on both sides)' : 'by window (the paper’s split: a patient can be on both sides)');
    return {
      data: { name: ctx.source?.name ?? inputs.data.fileName, sha256: ctx.source?.sha256 ?? '', patients: ids.included.length, development: ids.development.length, validation: ids.validation.length, visitDates: [dates[0] ?? '', dates[dates.length - 1] ?? ''] },
      models: cal.models,
      split: { svm: splitText(inputs.split.splitMode), lstm: splitText(inputs.lstm.split.mode), straddling: inputs.split.all.straddlingPatients },
      validation,
      limitations: [
        `The classifier uses SAD4, the timing of the outcome visit — known only after the fact. For a new patient the what-if fixes it at the training median (day ${cal.followUpDay}); a different follow-up day changes the prediction.`,
        inputs.split.splitMode === 'samples'
          ? 'The paper splits windows, not patients, so one patient can be in training and test: its test figures are optimistic.'
          : 'This notebook splits by patient; the paper split windows (a patient on both sides), which makes the paper’s test figures optimistic.',
        'The band covers single visits on average over held-out patients; it is not a guarantee for any one patient, and grades are recorded with moderate inter-rater agreement.',
        'Trained on one cohort (for the bundled file: simulated patients); other clinics, raters and treatment habits differ.',
        `The course model (${cal.models.lstm}) does not use every what-if input; inputs outside the training ranges are flagged, not corrected.`,
      ],
      intendedUse: 'Teaching residents how serial grades relate to recovery and how uncertain such predictions are. Not for decisions about an individual patient.',
    };
  },
});
