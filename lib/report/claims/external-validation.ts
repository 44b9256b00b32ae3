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
