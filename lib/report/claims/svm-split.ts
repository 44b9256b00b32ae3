import { featureLabel } from '../../features/dictionary';
import { splitPhrase } from '../phrases';
import { andList, numOf, obj, tagged, type KindClaims } from './types';

/**
 * The SVM's split: the features, the train/test split, the cross-validation folds (grouped by
 * patient with a grouped split) and where the scaler is fitted (`scaling`). Reads the headline's
 * `split` block for the counts, the straddling patients and the folds' grouping.
 */
export const svmSplitClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const p = cells[0]!.params;
  const split = obj(manifest.split);
  const all = obj(split.all), persistent = obj(split.persistent);
  const features = Array.isArray(p.features) ? p.features.map(String) : [];
  // A derived feature is named by the label its derived-feature step gave it.
  const derivedLabels = new Map(ran('derived-feature').map((c) => [String(c.params.name), String(c.params.label ?? c.params.name)]));
  const named = features.map((f) => (derivedLabels.has(f) ? u(derivedLabels.get(f)) : featureLabel(f) === f ? u(f) : featureLabel(f)));
  const grouped = p.split === 'grouped';
  const foldsByPatient = (all.folds ?? (grouped ? 'patients' : 'windows')) === 'patients';
  const withinFold = p.scaling === 'within-fold';
  const straddling = numOf(all.straddling_patients);
  const sad4 = features.includes('SAD4');
  const sentences = [
    `The recovery classifier used ${features.length} features: ${named.join(', ')}.`,
    `Windows were split ${splitPhrase(grouped ? 'grouped' : 'samples', Number(p.testFraction), Number(p.splitSeed))} into training and test parts, separately for all subjects and for the persistent palsy subset${grouped ? ', so that no patient had windows in both parts' : straddling ? `; ${u(straddling)} patients of all subjects had windows in both parts` : ''}.`,
    `Features were standardized with the training part’s means and SDs${withinFold ? '; during cross-validation the scaler was refitted on the training folds of each split (within-fold scaling)' : ', fitted once before cross-validation, so the held-out folds shaped their own scaling'}.`,
    `Cross-validation on the training part used ${u(p.folds)} stratified folds (fold seed ${u(p.foldSeed)})${foldsByPatient ? ', grouped by patient: all windows of a patient fell in one fold' : ', drawn over windows: a patient’s windows could fall in different folds'}.`,
  ];
  const counts = numOf(all.train) !== undefined
    ? `Training/test windows: all subjects ${u(all.train)}/${u(all.test)}${numOf(obj(all.patients).train) !== undefined ? ` (${u(obj(all.patients).train)}/${u(obj(all.patients).test)} patients)` : ''}, persistent subset ${u(persistent.train ?? '?')}/${u(persistent.test ?? '?')}${numOf(obj(persistent.patients).train) !== undefined ? ` (${u(obj(persistent.patients).train)}/${u(obj(persistent.patients).test)} patients)` : ''}.`
    : undefined;
  const leak = grouped ? '' : `the split over windows put ${straddling !== undefined ? u(straddling) : 'some'} patients in both the training and the test part`;
  return {
    methods: sentences.map((text) => ({ section: 'Recovery classification (SVM)' as const, text })),
    tripod: [
      { item: '9a', text: `SVM: ${features.length} predictors, fixed in advance (the split step’s features): ${named.join(', ')}.` },
      ...(features.includes('delayed_treatment') ? [{ item: '6c', text: 'Delayed treatment (steroid started more than 7 days after onset) is a predictor of the SVM.' }] : []),
      { item: '12a', text: tagged('SVM', sentences[1]!) },
      { item: '12b', text: `${tagged('SVM', sentences[2]!)} No predictor was categorized or selected by the data.` },
      ...(counts ? [{ item: '21', text: tagged('SVM', counts) }] : []),
      {
        item: '12g',
        text: sad4
          ? 'SVM: SAD4 (days from the present visit to the outcome visit) is a predictor; for a new patient the outcome visit has not happened, so a prediction must assume its day, and the output is the chance of recovery at that assumed visit.'
          : 'SVM: every predictor is known at the present visit.',
      },
    ],
    probast: [
      { models: ['svm'], question: '2.1', rating: 'PY', text: 'Every predictor is derived by the same rule from the same visit table for every patient.' },
      {
        models: ['svm'],
        question: '2.3',
        rating: sad4 ? 'N' : 'Y',
        text: sad4 ? 'SAD4, the days from the present visit to the outcome visit, is a predictor: it is not known when the prediction is made.' : `Every predictor (${andList(features.map((f) => u(f)))}) is known at the present visit.`,
      },
      { models: ['svm'], question: '4.2', rating: 'PY', text: 'Continuous predictors kept continuous and standardized; binary ones coded 0/1.' },
      { models: ['svm'], question: '4.5', rating: 'Y', text: 'The predictors are fixed by the split step’s parameters; none was selected by univariable analysis.' },
      {
        models: ['svm'],
        question: '4.6',
        rating: grouped && foldsByPatient ? 'PY' : 'N',
        text: grouped && foldsByPatient ? 'Several windows per patient: the split and the cross-validation folds keep each patient on one side.' : `Several windows per patient: ${leak}${foldsByPatient ? '' : ', and the folds were drawn over windows'}.`,
      },
      {
        models: ['svm'],
        question: '4.8',
        rating: grouped && withinFold ? 'PY' : 'N',
        text: grouped
          ? `Hyperparameters tuned by cross-validation on the training part${withinFold ? ' with the scaler refitted within folds' : ' with one scaler fitted on the whole training part before the folds (the held-out folds shape their own scaling)'}; performance measured once on a held-out part of unseen patients (a single random split: no estimate of the optimism of the whole procedure).`
          : `Performance was measured on a test part that is not independent of the training part: ${leak}.`,
      },
    ],
  };
};
