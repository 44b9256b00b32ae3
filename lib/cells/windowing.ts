import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { noIncludedPatient } from './cohort-inclusion';
import { lastWindows, windowPatients, windowingParamsSchema, type ClassificationSample, type RegressionSample } from '../windows/windowing';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';
import type { DerivedFeatureDefinition } from '../features/derived';

/**
 * The windowing step's own parameters. The day windows (early, late) and the recovery
 * threshold are not among them: they are the cohort inclusion's, and reach this step through
 * its `cohort` input, so inclusion, the persistent subset and the windows can never disagree.
 */
export const windowingCellParamsSchema = windowingParamsSchema.omit({ earlyDays: true, lateDays: true, recoveryThreshold: true }).extend({
  /** Temporal validation samples: the last window of each patient (one prediction per late visit), or every window. */
  validationWindows: z.enum(['last', 'all']).default('last'),
});
export type WindowingCellParams = z.infer<typeof windowingCellParamsSchema>;

type Flagged<T> = T & { persistent: number };

export interface WindowsOutput {
  /** Development set: one sample per window; `persistent` marks the persistent subset. */
  classification: Flagged<ClassificationSample>[];
  /** Development set: one sample per (window, late visit). */
  regression: Flagged<RegressionSample>[];
  /**
   * Temporal validation set regression samples; `persistent` marks patients meeting the
   * persistent criterion (not recovered by the end of the early window), the persistent models'
   * validation rows.
   */
  validation: Flagged<RegressionSample>[];
  /**
   * Temporal validation set classification windows (every window of each validation patient,
   * `persistent` as above): what the temporal validation of a classifier scores, each patient at
   * its last window.
   */
  validationClassification: Flagged<ClassificationSample>[];
  /** The step's parameters as it ran (a model trained on these windows records them in its file). */
  params: WindowingCellParams;
  skipped: { patient_id: string; reason: string }[];
  /**
   * User-defined features added by derived-feature steps, in the order they were added: each is
   * a numeric field named `name` on every sample above. Absent on the windowing step's own output.
   */
  derived?: DerivedFeatureDefinition[];
}

/** Windowing (PIPELINE step 3): classification and regression samples from serial grades. */
export const windowing = defineCell<{ data: LoadedCohort; cohort: CohortInclusionOutput }, WindowingCellParams, WindowsOutput>({
  kind: 'windowing',
  version: 3, // 2: validation samples carry the persistent flag; 3: the validation set's classification windows
  title: 'Windowing of visits',
  description: 'Turns each patient’s early visits into windows of three grades (anchored on a normal pre-onset grade) and pairs them with late visits as outcomes.',
  describe: (p) =>
    `Turns each patient’s early visits into windows of three grades (${p.mode === 'anchored' ? 'anchored on a normal pre-onset grade' : 'consecutive triplets after a normal pre-onset grade'}) and pairs them with late visits as outcomes (classification: the ${p.outcome === 'best' ? 'best' : 'last'} late visit; early and late days as set in the inclusion step); temporal validation uses ${p.validationWindows === 'all' ? 'every window' : 'the last window'} of each patient.`,
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'] },
  params: windowingCellParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const byId = new Map(inputs.data.patients.map((p) => [p.patientId, p]));
    const ids = inputs.cohort.cohort.ids;
    if (ids.development.length + ids.validation.length === 0) throw new InputError(noIncludedPatient(inputs.cohort, 'Windowing'));
    const persistent = new Set(ids.persistent);
    const validationPersistent = new Set(ids.validationPersistent);
    const { earlyDays, lateDays, recoveryThreshold } = inputs.cohort.cohort.params;
    const settings = { ...params, earlyDays, lateDays, recoveryThreshold };
    // Flagged as they are made (not copied with a flag afterwards): a large cohort's samples exist once.
    const dev = windowPatients(ids.development.map((id) => byId.get(id)!), settings, (id) => (persistent.has(id) ? 1 : 0));
    const val = windowPatients(ids.validation.map((id) => byId.get(id)!), settings, (id) => (validationPersistent.has(id) ? 1 : 0));
    let validation = val.regression;
    if (params.validationWindows === 'last') {
      const last = new Map(lastWindows(val.classification).map((w) => [w.patient_id, w.window]));
      validation = validation.filter((s) => last.get(s.patient_id) === s.window);
    }
    return { classification: dev.classification, regression: dev.regression, validation, validationClassification: val.classification, params, skipped: [...dev.skipped, ...val.skipped] };
  },
  headline: (out) => {
    const patients = (rows: { patient_id: string }[]) => new Set(rows.map((r) => r.patient_id)).size;
    const pc = out.classification.filter((s) => s.persistent);
    const pr = out.regression.filter((s) => s.persistent);
    return {
      windows: {
        classification: { n: out.classification.length, patients: patients(out.classification), recovered: out.classification.filter((s) => s.label === 1).length },
        regression: { n: out.regression.length, patients: patients(out.regression) },
        persistent: { classification: { n: pc.length, patients: patients(pc) }, regression: { n: pr.length, patients: patients(pr) } },
        validation: {
          regression: { n: out.validation.length, patients: patients(out.validation) },
          persistent: { regression: { n: out.validation.filter((s) => s.persistent).length, patients: patients(out.validation.filter((s) => s.persistent)) } },
        },
        skipped: out.skipped.length,
      },
    };
  },
});
