import { plural, resamplingPhrase } from '../phrases';
import { obj, withCi, type KindClaims } from './types';

/**
 * Calibration of the SVM's Platt-scaled probabilities on the test part: intercept, slope,
 * Brier score, ICI, E50, E90, Emax with bootstrap CIs (`resamples`), and the plot in `groups`
 * groups. Reads `svm.<subset>.test.calibration_*` (`calibration_in_the_large`, falling back to
 * the older `calibration_intercept`, and `calibration_intercept_joint`) and `brier`.
 */
export const svmCalibrationClaims: KindClaims = ({ manifest, cells }) => {
  const p = cells[0]!.params;
  const svm = obj(manifest.svm);
  const t = (s: string) => obj(obj(svm[s]).test);
  const byPatient = /patient/.test(String(obj(t('all').brier).ci_method ?? ''));
  const text = `Calibration of the probability of recovery on the test part: calibration-in-the-large (the intercept with the slope fixed at 1), the intercept and slope of the joint logistic recalibration fit (rms::val.prob's Intercept and Slope), Brier score, ICI, E50, E90 and Emax (LOWESS-smoothed curve, as rms::val.prob), each with a percentile 95% CI from ${plural(Number(p.resamples), 'bootstrap resample')} of the test part (${resamplingPhrase(byPatient ? 'patients' : 'samples')}); the calibration plot groups the test windows in ${Number(p.groups)} groups of predicted probability.`;
  const results = [['all', 'all subjects'], ['persistent', 'persistent subset']]
    .map(([s, label]) => {
      const b = t(s!);
      const parts = [['calibration-in-the-large', b.calibration_in_the_large ?? b.calibration_intercept], ['joint intercept', b.calibration_intercept_joint], ['slope', b.calibration_slope], ['Brier score', b.brier]].map(([name, v]) => (withCi(v) ? `${name as string} ${withCi(v)}` : undefined)).filter((x) => x !== undefined);
      return parts.length ? `SVM calibration, ${label}: ${parts.join(', ')}` : undefined;
    })
    .filter((x) => x !== undefined);
  return {
    methods: [{ section: 'Discrimination, calibration and clinical usefulness (SVM)', text }],
    tripod: [
      { item: '12e', text: 'SVM calibration: calibration-in-the-large, joint intercept and slope, Brier score, ICI, E50, E90, Emax with bootstrap 95% CIs and a calibration plot.' },
      ...(results.length ? [{ item: '23a', text: `${results.join('; ')}.` }] : []),
    ],
  };
};
