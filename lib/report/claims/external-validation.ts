import { plural } from '../phrases';
import { modelFileSentence } from './model-files';
import { numOf, type KindClaims } from './types';

/**
 * External validation of an opened prognosis model file on the loaded cohort, without
 * refitting, and its two recalibrated models. Reads the headline's flat `external.*` keys.
 */
export const externalValidationClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const id = cells[0]!.id;
  const p = cells[0]!.params;
  const model = ran('load-model')[0];
  const name = typeof model?.params.name === 'string' && model.params.name ? u(model.params.name) : 'the opened model file';
  const patients = numOf(manifest['external.patients']);
  const files = `models/${u(id)}-intercept-recalibrated.json and models/${u(id)}-logistic-recalibrated.json`;
  const windowModel = manifest['external.model'] as { kind?: string; subset?: string } | undefined;
  if (windowModel && typeof windowModel === 'object' && typeof windowModel.kind === 'string') return windowModelClaims(windowModel.kind, windowModel.subset === 'persistent' ? 'the persistent palsy subset' : 'all subjects', name, patients, Number(p.resamples), id, files, manifest, u);
  const sentences = [
    `The prognosis model ${name} was applied without refitting to the loaded patients${patients !== undefined ? ` (${u(patients)} predicted at their last graded visit by day 30)` : ''}: case mix beside its development data, the share of inputs outside them, discrimination (AUC, DeLong CI), calibration-in-the-large and slope (percentile CIs from ${plural(Number(p.resamples), 'bootstrap resample')} of patients), observed/expected ratio, Brier score and net benefit, weighted for censoring with this cohort’s own visit schedule.`,
    `Two updates were fitted on these patients, intercept recalibration and logistic recalibration (each where the data allow it), ${modelFileSentence(manifest, files)}.`,
  ];
  return {
    methods: sentences.map((text) => ({ section: 'External validation' as const, text })),
    tripod: [
      { item: '12e', text: 'External validation: AUC, calibration-in-the-large and slope, O/E, Brier score and net benefit, weighted for censoring.' },
      { item: '12f', text: `Intercept and logistic recalibration on the validation cohort (${u(id)}), ${modelFileSentence(manifest, files)}; the performance reported is that of the model as opened, before updating.` },
      { item: '16', text: 'External validation: the opened model applied to another cohort without refitting; case mix compared in external_case_mix.' },
      { item: '20b', text: 'External validation: case mix of the loaded cohort beside the model’s development data (external_case_mix).' },
      { item: '24', text: 'The recalibrated models record their intercept and slope and the data they were fitted on (their `updates` field); their own performance on new data is not reported by this run.' },
    ],
    probast: [
      { models: ['external'], question: '4.7', rating: 'Y', text: 'Discrimination, calibration (in-the-large and slope) and net benefit on the validation cohort.' },
      { models: ['external'], question: '4.6', rating: 'PY', text: 'Patients lost to follow-up weighted by the inverse probability of censoring, with this cohort’s own visit schedule.' },
    ],
  };
};

const KIND: Record<string, string> = { svm: 'RBF-SVM', logistic: 'logistic regression', lstm: 'LSTM' };

/** A window-level model file (SVM, logistic regression, LSTM) validated on the loaded cohort. */
function windowModelClaims(kind: string, subset: string, name: string, patients: number | undefined, resamples: number, id: string, files: string, manifest: Parameters<KindClaims>[0]['manifest'], u: Parameters<KindClaims>[0]['u']): ReturnType<KindClaims> {
  const what = `${KIND[kind] ?? kind} of ${subset}`;
  if (kind === 'lstm') {
    const text = `The ${what} in ${name} was applied without refitting to the loaded patients${patients !== undefined ? ` (${u(patients)} patients)` : ''}: windows built with the inclusion and windowing settings recorded in the file; MAE and RMSE against the recorded later grades beside the last grade carried forward and a linear model refitted on these data by 5-fold cross-fitting over patients, with paired differences in absolute error; percentile CIs from ${plural(resamples, 'bootstrap resample')} of the patients.`;
    return {
      methods: [{ section: 'External validation' as const, text }],
      tripod: [
        { item: '12e', text: 'External validation of the LSTM: MAE and RMSE with paired comparisons to refitted baselines, CIs over patients.' },
        { item: '16', text: 'External validation: the opened model applied to another cohort without refitting; case mix compared in external_case_mix.' },
        { item: '20b', text: 'External validation: case mix of the loaded cohort beside the model’s training data (external_case_mix).' },
      ],
      probast: [{ models: ['external'], question: '4.7', rating: 'PY', text: 'Prediction error of the LSTM against baselines refitted on the validation cohort; no calibration of a probability (a regression model).' }],
    };
  }
  const sentences = [
    `The ${what} in ${name} was applied without refitting to the loaded patients${patients !== undefined ? ` (${u(patients)} patients, each at its last window)` : ''}: windows built with the inclusion and windowing settings recorded in the file; case mix beside the training windows’ summary in the file and the share of patients with a feature outside its range; discrimination (AUC, DeLong CI); calibration-in-the-large (offset convention), the joint calibration intercept and slope, Brier score, ICI, E50 and E90 (percentile CIs from ${plural(resamples, 'bootstrap resample')} of the patients); observed/expected ratio; net benefit against referring all and none; Riley et al.’s validation sample size.`,
    `Two updates were fitted on these patients, intercept recalibration and logistic recalibration (where the slope is positive), ${modelFileSentence(manifest, files)}.`,
  ];
  return {
    methods: sentences.map((text) => ({ section: 'External validation' as const, text })),
    tripod: [
      { item: '12e', text: 'External validation: AUC, calibration-in-the-large and slope, ICI, O/E, Brier score and net benefit, one prediction per patient.' },
      { item: '12f', text: `Intercept and logistic recalibration on the validation cohort (${u(id)}), ${modelFileSentence(manifest, files)}; the performance reported is that of the model as opened, before updating.` },
      { item: '16', text: 'External validation: the opened model applied to another cohort without refitting; case mix compared in external_case_mix.' },
      { item: '20b', text: 'External validation: case mix of the loaded cohort beside the model’s training data (external_case_mix).' },
      { item: '24', text: 'The recalibrated models record their intercept and slope and the data they were fitted on (their `updates` field); their own performance on new data is not reported by this run.' },
    ],
    probast: [{ models: ['external'], question: '4.7', rating: 'Y', text: 'Discrimination, calibration (in-the-large and slope) and net benefit on the validation cohort.' }],
  };
}
