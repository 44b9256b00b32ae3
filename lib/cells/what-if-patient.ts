import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import type { BandCoverage } from '../prognosis';
import { predictWhatIf, type WhatIfPrediction } from '../teaching/prognosis-what-if';
import type { PrognosisOutput } from './prognosis-model';

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
  /** Day since onset the steroid was started. */
  treatmentDay: z.number().int().min(0).max(60).default(2),
  visits: z
    .array(visitSchema)
    .min(1)
    .max(4)
    .default([
      { day: 0, grade: 4 },
      { day: 7, grade: 4 },
      { day: 14, grade: 3 },
    ])
    .superRefine((visits, ctx) => {
      const seen = new Set<number>();
      visits.forEach((v, i) => {
        if (seen.has(v.day)) ctx.addIssue({ code: 'custom', path: [i, 'day'], message: `two visits on day ${v.day}: each visit needs its own day` });
        seen.add(v.day);
      });
    }),
});
export type WhatIfParams = z.infer<typeof whatIfParamsSchema>;

export interface WhatIfOutput {
  inputs: WhatIfParams;
  result: WhatIfPrediction;
  horizonDay: number;
  /** Held-out patients' IPCW share recovered by the horizon: the base rate shown beside the chance. */
  baseRate: { value: number; patients: number };
  bandCoverage: BandCoverage;
  bootstrap: { resamples: number; level: number };
  developmentPatients: number;
  fixedAtZero: string[];
}

/**
 * The what-if patient (cheap: re-runs in a worker on every edit) on the teaching notebook's
 * prognosis model: nothing is refitted; the model file is applied to the described patient as
 * `npm run predict` applies it to a visits file.
 */
export const whatIfPatient = defineCell<{ prognosis: PrognosisOutput }, WhatIfParams, WhatIfOutput>({
  kind: 'what-if-patient',
  version: 2,
  title: 'What-if patient',
  description: 'A patient you describe at a landmark visit: the chance of recovering to grade II or better by the model’s horizon, as N out of 100 with its interval and the base rate, the course of the best grade with its band, what moves the chance most, and inputs outside the development data.',
  inputs: { prognosis: ['prognosis-model'] },
  params: whatIfParamsSchema,
  heavy: false,
  paramsInView: true,
  async *run(inputs, params) {
    const { model, validation } = inputs.prognosis;
    return {
      inputs: params,
      result: predictWhatIf(model, params),
      horizonDay: model.horizonDay,
      baseRate: { value: validation.baseRate, patients: validation.knownStatus },
      bandCoverage: validation.bandCoverage,
      bootstrap: { resamples: model.bootstrap.resamples - model.bootstrap.failed, level: model.bootstrap.level },
      developmentPatients: model.development.patients,
      fixedAtZero: model.fit.fixedAtZero,
    };
  },
});
