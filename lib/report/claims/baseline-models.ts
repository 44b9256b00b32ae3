import { plural } from '../phrases';
import { windowModelFilesSentence } from './model-files';
import { andList, numOf, obj, percent, type KindClaims } from './types';

/**
 * The baselines beside the SVM: logistic regression on the same features and the present
 * grade alone, fitted on the same training part (`separation`, `ridgePenalty`: what happens
 * when the outcomes are separated), compared at `thresholds` with paired patient-level CIs
 * (`resamples`). Reads the headline's `baselines` block for its sentence.
 */
export const baselineModelsClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const thresholds = Array.isArray(p.thresholds) ? p.thresholds.map((t) => percent(Number(t))) : [];
  const ridge = p.separation !== 'not-estimable';
  const byPatient = p.ciMethod === 'patients';
  const text = `Beside the SVM, a logistic regression on the same standardized features and a logistic model on the present grade alone were fitted on the same training part (where the outcomes were separated, ${ridge ? `refitted with a ridge penalty, λ = ${u(numOf(p.ridgePenalty) ?? p.ridgePenalty)}` : 'reported as not estimable'}); their AUC (${byPatient ? 'patient bootstrap CI' : 'DeLong CI'}), Brier score, calibration intercept and slope${thresholds.length ? ` and net benefit at thresholds of ${andList(thresholds)}${byPatient ? ' (one prediction per patient: its last test window)' : ' (every test window counted)'}` : ''} were compared with the SVM’s on the test part, with paired differences from ${plural(Number(p.resamples), 'bootstrap resample')} in which patients were resampled with all their windows and the paired DeLong test.`;
  const sentence = obj(manifest.baselines).sentence;
  return {
    methods: [{ section: 'Discrimination, calibration and clinical usefulness (SVM)', text }],
    tripod: [
      { item: '12c', text: `Baselines: ${text.replace(/^Beside the SVM, /, '')}` },
      { item: '12e', text: 'Baselines (logistic regression, present grade): AUC, Brier score, calibration and net benefit, with paired differences to the SVM.' },
      ...(typeof sentence === 'string' ? [{ item: '23a', text: `Baselines: ${u(sentence)}` }] : []),
      { item: '22', text: `Logistic-regression baseline: intercept and coefficients per SD of the standardized features, with the scaler, ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'logistic', u)}.` },
    ],
  };
};
