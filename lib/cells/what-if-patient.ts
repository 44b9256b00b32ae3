import { z } from 'zod';
import type { Patient } from '../data/types';
import { defineCell } from '../notebook/define-cell';
import { computeWhatIf, nearestWindows, windowOf, type Neighbour, type WhatIfResult } from '../teaching/what-if';
import type { ClassificationEvalOutput } from './classification-eval';
import type { LoadedCohort } from './load-cohort';
import type { LstmRegressionOutput } from './lstm-regression';
import type { TeachingCalibrationOutput } from './teaching-calibration';
import type { WindowsOutput } from './windowing';

const visitSchema = z.object({
  day: z.number().int().min(0).max(30),
  grade: z
    .number()
    .min(1)
    .max(6)
    .refine((g) => Number.isInteger(g * 2), 'grades are whole or half (for example 3 or 3.5)'),
});

export const whatIfParamsSchema = z.object({
  age: z.number().int().min(0).max(110).default(45),
  sex: z.enum(['F', 'M']).default('F'),
  diabetes: z.boolean().default(false),
  hypertension: z.boolean().default(false),
  /** Day since onset the steroid was started (after day 7 counts as delayed, as in the cohort). */
  treatmentDay: z.number().int().min(0).max(60).default(2),
  visits: z
    .array(visitSchema)
    .min(2)
    .max(4)
    .default([
      { day: 0, grade: 4 },
      { day: 7, grade: 3 },
      { day: 14, grade: 3 },
    ])
    .superRefine((visits, ctx) => {
      const seen = new Set<number>();
      visits.forEach((v, i) => {
        if (seen.has(v.day)) ctx.addIssue({ code: 'custom', path: [i, 'day'], message: `two visits on day ${v.day}: each visit needs its own day` });
        seen.add(v.day);
      });
    }),
  /** Similar patients shown. */
  neighbours: z.number().int().min(1).max(10).default(5),
});
export type WhatIfParams = z.infer<typeof whatIfParamsSchema>;

export interface WhatIfOutput extends WhatIfResult {
  inputs: WhatIfParams;
  neighbours: Neighbour[];
  band: { level: number; method: string };
  models: TeachingCalibrationOutput['models'];
  probabilityMethod: string;
}

/**
 * The what-if patient (cheap: re-runs in a worker on every edit). Predicts from the trained
 * models as they are: the SVM from classification-eval with the Platt scaling and the band from
 * teaching-calibration, the LSTM's weights from lstm-regression. Nothing is refitted.
 */
export const whatIfPatient = defineCell<
  { data: LoadedCohort; windows: WindowsOutput; evaluate: ClassificationEvalOutput; lstm: LstmRegressionOutput; calibration: TeachingCalibrationOutput },
  WhatIfParams,
  WhatIfOutput
>({
  kind: 'what-if-patient',
  version: 1,
  title: 'What-if patient',
  description: 'A patient you describe: the calibrated chance of recovering to grade II or better, the predicted grade course with a conformal band, what moves the prediction most, and the most similar patients of the cohort.',
  inputs: { data: ['load-cohort'], windows: ['windowing'], evaluate: ['classification-eval'], lstm: ['lstm-regression'], calibration: ['teaching-calibration'] },
  params: whatIfParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const { withTrainedLstm } = await import('../ml/lstm/trained-lstm');
    const { predictSamples } = await import('../ml/lstm/predict');
    const cal = inputs.calibration;
    const svm = inputs.evaluate.all.model;
    const result = withTrainedLstm(inputs.lstm.trained, (model) =>
      computeWhatIf(params, { svm, platt: cal.platt, bands: cal.conformal, followUpDay: cal.followUpDay, ranges: cal.ranges, predictGrades: (rows) => predictSamples(model, rows, inputs.lstm.trained.encoding) }),
    );
    const patients = new Map<string, Patient>(inputs.data.patients.map((p) => [p.patientId, p]));
    const outcome = new Map(inputs.windows.classification.map((w) => [w.patient_id, w.label === 1]));
    const neighbours = nearestWindows(windowOf(params), inputs.windows.classification, svm, patients, outcome, params.neighbours);
    return {
      ...result,
      inputs: params,
      neighbours,
      band: {
        level: cal.conformal.level,
        method: `split conformal: predicted grade ± the ${Math.round(cal.conformal.level * 100)}% quantile of |actual − predicted| on ${cal.heldOut.withVisits.length} held-out patients (${cal.heldOut.rows} visits), by days ahead (${cal.conformal.bins.map((b) => `≤ ${Number.isFinite(b.upTo) ? b.upTo : '∞'} d: ±${b.halfWidth.toFixed(2)}`).join(', ')}); coverage when calibrated on half of them and checked on the other half, over ${cal.check.splits} splits: ${(cal.check.observed * 100).toFixed(0)}% on average (10th–90th percentile ${(cal.check.range[0] * 100).toFixed(0)}–${(cal.check.range[1] * 100).toFixed(0)}%)`,
      },
      models: cal.models,
      probabilityMethod: `Platt scaling ${cal.platt.source}; the interval is the 95% delta-method interval of that fit (it does not include the SVM’s own uncertainty)`,
    };
  },
});
