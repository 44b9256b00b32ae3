import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { noIncludedPatient } from './cohort-inclusion';
import { splitTrainTest } from '../stats/split';
import { tableArtifact } from '../tables/table-artifact';
import { lastWindows, windowPatients, windowingParamsSchema, type ClassificationSample, type RegressionSample } from '../windows/windowing';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';

export const windowingCellParamsSchema = windowingParamsSchema.extend({
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
  /** Temporal validation set regression samples. */
  validation: RegressionSample[];
  skipped: { patient_id: string; reason: string }[];
}

/** Windowing (PIPELINE step 3): classification and regression samples from serial grades. */
export const windowing = defineCell<{ data: LoadedCohort; cohort: CohortInclusionOutput }, WindowingCellParams, WindowsOutput>({
  kind: 'windowing',
  version: 1,
  title: 'Windowing of visits',
  description: 'Turns each patient’s early visits into windows of three grades (anchored on a normal pre-onset grade) and pairs them with late visits as outcomes.',
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'] },
  params: windowingCellParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const byId = new Map(inputs.data.patients.map((p) => [p.patientId, p]));
    const ids = inputs.cohort.cohort.ids;
    if (ids.development.length + ids.validation.length === 0) throw new InputError(noIncludedPatient(inputs.cohort, 'Windowing'));
    const persistent = new Set(ids.persistent);
    const dev = windowPatients(ids.development.map((id) => byId.get(id)!), params);
    const val = windowPatients(ids.validation.map((id) => byId.get(id)!), params);
    const flag = <T extends { patient_id: string }>(s: T) => ({ ...s, persistent: persistent.has(s.patient_id) ? 1 : 0 });
    let validation = val.regression;
    if (params.validationWindows === 'last') {
      const last = new Map(lastWindows(val.classification).map((w) => [w.patient_id, w.window]));
      validation = validation.filter((s) => last.get(s.patient_id) === s.window);
    }
    return {
      classification: dev.classification.map(flag),
      regression: dev.regression.map(flag),
      validation,
      skipped: [...dev.skipped, ...val.skipped],
    };
  },
  artifacts: (out) => {
    // `split` is the LSTM cells' default split of all subjects' regression samples (random
    // 8:2 over samples, seed 42, as lib/cells/lstm-regression.ts draws it); `set` tells
    // development from temporal validation rows.
    // `split_persistent` is the same default split drawn over the persistent subset's samples
    // only (the persistent LSTM cells' split; empty outside the subset).
    // Fewer than two samples cannot be split (and the LSTM cells refuse them with their own
    // message): the column is left empty rather than failing the whole export.
    const sides = (indices: number[]) => {
      const side = new Map<number, string>();
      if (indices.length < 2) return side;
      const split = splitTrainTest(indices.map((i) => out.regression[i]!.patient_id), { mode: 'samples', testFraction: 0.2, seed: 42 });
      split.train.forEach((k) => side.set(indices[k]!, 'train'));
      split.test.forEach((k) => side.set(indices[k]!, 'test'));
      return side;
    };
    const side = sides(out.regression.map((_, i) => i));
    const persistentSide = sides(out.regression.flatMap((s, i) => (s.persistent === 1 ? [i] : [])));
    const columns = ['patient_id', 'window', 'set', 'persistent', 'sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment', 'SAD1', 'SAD2', 'SAD3', 'SAD4', 'SAG1', 'SAG2', 'SAG3', 'SAG4', 'split', 'split_persistent'];
    const rows = [
      ...out.regression.map((s, i) => ({ ...s, set: 'development', split: side.get(i) ?? null, split_persistent: persistentSide.get(i) ?? null })),
      ...out.validation.map((s) => ({ ...s, set: 'validation', persistent: null, split: 'validation', split_persistent: null })),
    ];
    return [tableArtifact('windows_regression', rows, columns, { markdown: false, latex: false, preview: false })];
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
        validation: { regression: { n: out.validation.length, patients: patients(out.validation) } },
        skipped: out.skipped.length,
      },
    };
  },
});
