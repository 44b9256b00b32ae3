import { z } from 'zod';
import { cutoffWords } from '../cohort/inclusion-params';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { validateClassifier, type ClassifierValidation } from '../models/external-window';
import { svmModelFile } from '../models/model-file';
import { svmTrainingCaseMix } from '../models/run-models';
import type { ClassificationEvalOutput } from './classification-eval';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { SvmSplitOutput } from './svm-split';
import type { WindowsOutput } from './windowing';
import { windowValidationArtifacts, windowValidationHeadline } from './window-validation-artifacts';

export const temporalValidationParamsSchema = z.object({
  /** Which SVM of the evaluation step: all subjects' or the persistent subset's. */
  subset: z.enum(['all', 'persistent']).default('all'),
  /** Bootstrap resamples of the patients for the calibration CIs and band. */
  resamples: z.number().int().min(50).max(5000).default(500),
});
export type TemporalValidationParams = z.infer<typeof temporalValidationParamsSchema>;

/**
 * The validation, or why there is none (no patient from the cutoff date on gave a window): not an
 * error, as for the LSTM's validation rows. `splitBy`: the date the inclusion step's split
 * compares ("first visit" or "onset").
 */
export type TemporalValidationOutput = (ClassifierValidation & { cutoffDate: string; splitBy: string; absent?: undefined }) | { absent: string; cutoffDate: string; splitBy: string };

/**
 * Temporal validation of the SVM (issue #25, item 3): the evaluation step's SVM, trained on the
 * development set (first visit, or onset, before the inclusion step's cutoff date), applied
 * without refitting to the temporal validation set (on or after it), through the same code
 * and the same report as the external validation of a model file (lib/models/external-window):
 * one prediction per patient at its last window, AUC with DeLong's CI, calibration with patient
 * bootstrap CIs, net benefit and the validation sample size. Not in the paper, which validated
 * only the LSTM temporally. Recalibrated models are offered by the external-validation notebook
 * (open the evaluation step's model file there with a later file), not here.
 */
export const temporalValidation = defineCell<{ windows: WindowsOutput; cohort: CohortInclusionOutput; split: SvmSplitOutput; evaluation: ClassificationEvalOutput }, TemporalValidationParams, TemporalValidationOutput>({
  kind: 'temporal-validation',
  version: 1,
  title: 'Temporal validation of the SVM',
  description: 'The SVM trained on the development set applied, without refitting, to the patients from the inclusion step’s cutoff date on: discrimination, calibration and net benefit, one prediction per patient, as the external validation reports them.',
  describe: (p) =>
    `The SVM of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} trained on the development set applied, without refitting, to the temporal validation set (first visit, or onset, on or after the inclusion step's cutoff date): each patient once at its last window; AUC with DeLong's CI, calibration with CIs from ${p.resamples} bootstrap resamples of the patients, net benefit and the validation sample size, as the external-validation notebook reports them.`,
  inputs: { windows: ['windowing', 'derived-feature'], cohort: ['cohort-inclusion'], split: ['svm-split'], evaluation: ['classification-eval'] },
  params: temporalValidationParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const { cohort } = inputs.cohort;
    const rows = inputs.windows.validationClassification;
    // A derived feature of the SVM must be a column of these windows (the derived-feature step that feeds the split).
    const missing = (inputs.split.derived ?? []).filter((d) => !(inputs.windows.derived ?? []).some((x) => x.name === d.name && x.expression === d.expression));
    if (missing.length) throw new InputError(`The SVM uses the derived feature${missing.length === 1 ? '' : 's'} ${missing.map((d) => `"${d.name}"`).join(', ')}, which these windows do not carry: connect this step's windows to the derived-feature step that feeds the split`);
    const splitBy = cutoffWords(cohort.params);
    if (rows.length === 0) return { absent: `no patient with a ${splitBy} on or after ${cohort.params.cutoffDate} (the inclusion step's cutoff date) gave a window, so there is no temporal validation set: move the cutoff date earlier to keep later patients for validation`, cutoffDate: cohort.params.cutoffDate, splitBy };
    const provenance = {
      notebookId: '(this run)',
      cellId: '(evaluation step)',
      cellKind: 'classification-eval',
      parameters: {},
      seed: ctx.seed,
      // Not read from the file (the step does not use the source: it is ready with its inputs); no file is written from it.
      dataSha256: '',
      windows: { inclusion: cohort.params as unknown as Record<string, unknown>, windowing: inputs.windows.params as unknown as Record<string, unknown> },
      development: svmTrainingCaseMix(inputs.windows, inputs.split, params.subset),
      derived: inputs.split.derived ?? [],
    };
    // The SVM as a model file in memory, so it is applied exactly as a saved file would be.
    const file = svmModelFile(inputs.evaluation, params.subset, provenance, { includeSupportVectors: true });
    let v: ClassifierValidation;
    try {
      v = validateClassifier(file, rows, ctx.rng.fork('temporal'), { sha256: provenance.dataSha256 }, params.resamples);
    } catch (err) {
      throw new InputError(`The SVM cannot be validated on the temporal validation set: ${(err as Error).message}`);
    }
    return { ...v, updated: { intercept: null, logistic: null, problem: 'recalibrated models are offered by the external-validation notebook: save this SVM’s model file from the evaluation step and open it there with a later file' }, cutoffDate: cohort.params.cutoffDate, splitBy };
  },
  artifacts: (out) => (out.absent !== undefined ? [] : windowValidationArtifacts(out, { prefix: 'temporal', where: `the temporal validation set (${out.splitBy ?? 'first visit'} on or after ${out.cutoffDate})`, modelName: 'the evaluation step’s SVM' })),
  headline: (out) => (out.absent !== undefined ? { 'temporal.patients': 0, 'temporal.absent': out.absent } : windowValidationHeadline(out, 'temporal')),
});
