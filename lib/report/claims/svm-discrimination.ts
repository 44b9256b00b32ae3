import { plural, resamplingPhrase } from '../phrases';
import { obj, withCi, type KindClaims } from './types';

/**
 * Discrimination of the SVM on the test part: AUC with DeLong's CI and a bootstrap CI
 * (`resamples`; the test windows are resampled, as `lib/cells/test-resamples.ts` draws them,
 * unless the manifest says patients), ROC and precision–recall curves. Reads `svm.<subset>.test.auc`.
 */
export const svmDiscriminationClaims: KindClaims = ({ manifest, cells }) => {
  const p = cells[0]!.params;
  const svm = obj(manifest.svm);
  const auc = (s: string) => obj(obj(obj(svm[s]).test).auc);
  const byPatient = /patient/.test(String(auc('all').bootstrap_ci_method ?? ''));
  const text = `Discrimination: the AUC of the decision value on the test part, with DeLong’s 95% CI and a percentile CI from ${plural(Number(p.resamples), 'bootstrap resample')} of the test part (${resamplingPhrase(byPatient ? 'patients' : 'samples')}); ROC and precision–recall curves.`;
  // The CI that heads the manifest: DeLong's (the paper) or the patient bootstrap (`ciMethod: patients`).
  const headName = (s: string) => (/patient/.test(String(auc(s).ci_method ?? '')) ? 'patient bootstrap' : 'DeLong');
  const results = [['all', 'all subjects'], ['persistent', 'persistent subset']].map(([s, label]) => (withCi(auc(s!)) ? `SVM AUC, ${label}: ${withCi(auc(s!))} (${headName(s!)})` : undefined)).filter((x) => x !== undefined);
  return {
    methods: [{ section: 'Discrimination, calibration and clinical usefulness (SVM)', text }],
    tripod: [
      { item: '12e', text: `SVM discrimination: AUC with DeLong and bootstrap 95% CIs, ROC and precision–recall curves.` },
      ...(results.length ? [{ item: '23a', text: `${results.join('; ')}.` }] : []),
    ],
  };
};
