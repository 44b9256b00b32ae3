import { plural, resamplingPhrase } from '../phrases';
import { windowModelFilesSentence } from './model-files';
import { andList, obj, withCi, type KindClaims } from './types';

const METRICS = [
  ['accuracy', 'accuracy'],
  ['balanced_accuracy', 'balanced accuracy'],
  ['recall', 'recall'],
  ['specificity', 'specificity'],
  ['precision', 'precision'],
  ['npv', 'NPV'],
  ['f1', 'F1'],
] as const;

/**
 * The SVM's evaluation on the test part: the metrics, their bootstrap CIs (`resamples`, and
 * `ciMethod`: which resampling heads the tables), and the Platt scaling fitted on the training
 * part (`plattFolds`, grouped by patient with a grouped split). Reads `svm.<subset>.test`.
 */
export const classificationEvalClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const e = cells[0]!.params;
  const method = e.ciMethod === 'patients' ? 'patients' : 'samples';
  const other = method === 'patients' ? 'samples' : 'patients';
  const split = ran('svm-split')[0];
  const byPatient = (obj(obj(manifest.split).all).folds ?? (split?.params.split === 'grouped' ? 'patients' : 'windows')) === 'patients';
  const resamples = plural(Number(e.resamples), 'bootstrap resample');
  const evaluation = `The selected model was refitted on the whole training part and evaluated on the test part: accuracy (against the no-information rate, the majority class’s share, by a one-sided exact binomial test${method === 'patients' ? ' counting one prediction per patient, the patient’s last test window (the test counting every window is reported beside it)' : ' counting every test window'}), balanced accuracy, recall (sensitivity), specificity, precision, NPV and F1, each with a percentile 95% CI from ${resamples} of the test part in which ${resamplingPhrase(method)} (CIs where ${resamplingPhrase(other)} are reported beside them).`;
  const platt = `Probabilities of recovery came from Platt scaling: a sigmoid fitted to the decision values of an internal ${u(e.plattFolds ?? 5)}-fold cross-validation on the training part${byPatient ? ' with folds grouped by patient' : ''}, so the test part was not used for it.`;
  const readers = [
    ...(ran('svm-discrimination').length ? ['discrimination (AUC)'] : []),
    ...(ran('svm-calibration').length ? ['calibration'] : []),
    ...(ran('svm-decision-curve').length ? ['net benefit (decision curve)'] : []),
  ];
  const svm = obj(manifest.svm);
  const performance = (s: 'all' | 'persistent', label: string) => {
    const t = obj(obj(svm[s]).test);
    const parts = METRICS.map(([k, name]) => (withCi(t[k]) ? `${name} ${withCi(t[k])}` : undefined)).filter((x) => x !== undefined);
    return parts.length ? `SVM, ${label}, test part (${u(t.n ?? '?')} windows of ${u(t.patients ?? '?')} patients): ${parts.join(', ')}` : undefined;
  };
  const results = [performance('all', 'all subjects'), performance('persistent', 'persistent subset')].filter((x) => x !== undefined);
  const calibrated = ran('svm-calibration').length > 0, discriminated = ran('svm-discrimination').length > 0;
  // Reported in full only when the files carry the support vectors (without them the model cannot be applied).
  const svmReported = (Array.isArray(manifest.models) ? (manifest.models as { cell?: string; support_vectors?: boolean }[]) : []).some((m) => cells.some((c) => c.id === m.cell) && m.support_vectors === true);
  return {
    methods: [
      { section: 'Recovery classification (SVM)', text: evaluation },
      { section: 'Recovery classification (SVM)', text: platt },
    ],
    tripod: [
      { item: '12e', text: `SVM: accuracy (binomial test against the no-information rate), balanced accuracy, recall, specificity, precision, NPV and F1 with percentile bootstrap 95% CIs (${resamples}; ${resamplingPhrase(method)}).` },
      { item: '12f', text: `SVM: the probability of recovery is recalibrated by Platt scaling, fitted on the training part only (internal ${u(e.plattFolds ?? 5)}-fold cross-validation${byPatient ? ', folds grouped by patient' : ''}); no update after the evaluation.` },
      { item: '15', text: `SVM: a decision value, the Platt-scaled probability of recovery${readers.length ? ` (evaluated for ${andList(readers)})` : ''} and the predicted class (recovered when the decision value is positive).` },
      { item: '16', text: 'The SVM was evaluated on the test part of the development set only, not on the temporal validation set.' },
      { item: '22', text: `SVM: Platt sigmoid fitted on the training part. The SVM (C, γ, scaler, features, sigmoid) is ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'svm', u)}.` },
      ...(results.length ? [{ item: '23a', text: `${results.join('; ')} (95% CIs: ${resamplingPhrase(method)}; all metrics of both subsets in classification_metrics).` }] : []),
      { item: '24', text: 'SVM: not updated after evaluation (the Platt sigmoid is part of the fitted model).' },
    ],
    probast: [
      svmReported
        ? { models: ['svm'], question: '4.9', rating: 'PY', text: `The fitted SVM is ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'svm', u)}.` }
        : { models: ['svm'], question: '4.9', rating: 'NI', text: `The fitted SVM (support vectors, coefficients, scaler, sigmoid) is not reported: it is ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'svm', u)}.` },
      {
        models: ['svm'],
        question: '4.7',
        rating: calibrated && discriminated ? 'Y' : 'PN',
        text: `Classification metrics with bootstrap CIs${discriminated ? ', discrimination (AUC with DeLong CI)' : ', no AUC'}${calibrated ? ', calibration (intercept, slope, Brier, ICI)' : ', calibration not assessed'}${ran('svm-decision-curve').length ? ', net benefit' : ''}; CIs where ${resamplingPhrase(method)}.`,
      },
    ],
  };
};
