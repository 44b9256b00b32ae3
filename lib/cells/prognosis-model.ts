import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { buildPrognosisModel, HORIZON_GRID, landmarkRows, validateHeldOut, type HeldOutValidation, type PrognosisModel } from '../prognosis';
import type { LoadedCohort } from './load-cohort';

export const prognosisParamsSchema = z.object({
  /** Days after onset the chance is read at ("by 6 months" = 180). */
  horizonDay: z
    .number()
    .int()
    .refine((h) => (HORIZON_GRID as readonly number[]).includes(h), `the horizon is one of ${HORIZON_GRID.join(', ')} days`)
    .default(180),
  /** Share of patients held out of the fit to validate it. */
  heldOutShare: z.number().min(0.1).max(0.5).default(0.3),
  bootstrapResamples: z.number().int().min(20).max(2000).default(200),
});
export type PrognosisParams = z.infer<typeof prognosisParamsSchema>;

export interface PrognosisOutput {
  model: PrognosisModel;
  validation: HeldOutValidation;
  development: string[];
  heldOut: string[];
  excluded: { patientId: string; reason: string }[];
}

/**
 * The teaching notebook's prognosis model: a landmark model of P(recovery to grade ≤ II recorded
 * by day H) for one patient, fitted on a random share of the patients and validated on the rest
 * (lib/prognosis). Its output carries the model file that `npm run reproduce` writes to
 * models/prognosis.json.
 */
export const prognosisModel = defineCell<{ data: LoadedCohort }, PrognosisParams, PrognosisOutput>({
  kind: 'prognosis-model',
  version: 2,
  title: 'Prognosis model',
  description: 'A landmark model of the chance of recovery to grade II or better by a stated day, fitted on patients (not windows), with sign constraints, patient-level bootstrap intervals and validation on held-out patients.',
  describe: (p) => `chance of grade ≤ II by day ${p.horizonDay}; ${Math.round(p.heldOutShare * 100)}% of patients held out; ${p.bootstrapResamples} patient-level bootstrap fits`,
  inputs: { data: ['load-cohort'] },
  params: prognosisParamsSchema,
  heavy: true,
  modelFamily: 'prognosis',
  usesSource: true,
  async *run(inputs, params, ctx) {
    const ids = inputs.data.patients.map((p) => p.patientId);
    const order = ctx.rng.fork('held-out').shuffle(ids);
    const nHeld = Math.round(ids.length * params.heldOutShare);
    const heldOut = new Set(order.slice(0, nHeld));
    const dev = inputs.data.patients.filter((p) => !heldOut.has(p.patientId));
    const { rows, excluded } = landmarkRows(dev);
    if (rows.length === 0) {
      const reasons = new Map<string, number>();
      for (const e of excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
      throw new Error(`no development patient can feed the prognosis model (${[...reasons].map(([r, n]) => `${n}: ${r}`).join('; ') || `${dev.length} patients, none unrecovered by day 30`})`);
    }
    yield { fraction: 0.1, message: `fitting on ${new Set(rows.map((r) => r.patientId)).size} patients, then ${params.bootstrapResamples} bootstrap fits` };
    const model = buildPrognosisModel(rows, {
      horizonDay: params.horizonDay,
      bootstrapResamples: params.bootstrapResamples,
      rng: ctx.rng.fork('bootstrap'),
      dataSha256: ctx.source?.sha256 ?? '',
      parameters: { ...params, seed: ctx.rng.seed },
    });
    const validation = validateHeldOut(model.fit, inputs.data.patients.filter((p) => heldOut.has(p.patientId)), params.horizonDay, ctx.rng.fork('validation'));
    return { model, validation, development: dev.map((p) => p.patientId), heldOut: [...heldOut], excluded };
  },
  headline: (o) => ({
    'prognosis.horizonDay': o.model.horizonDay,
    'prognosis.developmentPatients': o.model.development.patients,
    'prognosis.heldOut.patients': o.validation.patients,
    'prognosis.heldOut.auc': o.validation.auc?.value ?? null,
    'prognosis.heldOut.calibrationSlope': o.validation.calibrationSlope.value,
    'prognosis.heldOut.calibrationIntercept': o.validation.calibrationIntercept.value,
    'prognosis.heldOut.brier': o.validation.brier,
    'prognosis.heldOut.baseRate': o.validation.baseRate,
  }),
});
