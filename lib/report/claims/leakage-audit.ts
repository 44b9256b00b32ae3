import { gradeName, plural } from '../phrases';
import { obj, tagged, type KindClaims } from './types';

/**
 * The leakage and ablation audit: the SVM re-run with the split over windows and by patient,
 * with and without SAD4, beside the majority class and the carried-forward present grade, and
 * (when its LSTM inputs ran) the LSTM's test MAE under both splits; patient-clustered CIs
 * (`resamples`). Its re-runs are hidden copies of the notebook's own cells, described here
 * rather than as cells of their own. Reads the headline's `audit` block.
 */
export const leakageAuditClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const p = cells[0]!.params;
  const audit = obj(manifest.audit);
  const withLstm = Object.keys(obj(obj(audit.window_level).lstm_input)).length > 0;
  const threshold = gradeName(Number(ran('cohort-inclusion')[0]?.params.recoveryThreshold ?? 2));
  const text = `On the test parts of ${p.subset === 'persistent' ? 'the persistent palsy subset' : 'all subjects'}, the classifier’s split, tuning and evaluation were repeated with the split over windows and by patient, each with the paper’s features and without SAD4 (the days to the outcome visit), beside always answering the majority class and carrying the present grade forward (recovered when ≤ ${threshold})${withLstm ? '; the LSTM M1 was retrained with the split over samples and by patient, beside the last grade carried forward' : ''}; every CI is from ${plural(Number(p.resamples), 'bootstrap resample')} in which patients were resampled with all their windows.`;
  return {
    methods: [{ section: 'Leakage and ablation audit', text }],
    tripod: [
      { item: '12c', text: tagged('Sensitivity analysis', text) },
      ...(typeof audit.sentence === 'string' ? [{ item: '23a', text: `Audit: ${u(audit.sentence)}` }] : []),
    ],
    probast: [
      { models: ['svm'], question: '4.8', rating: 'PY', text: 'The leakage audit reports how much of the accuracy depends on patients on both sides of the split and on SAD4.' },
      ...(withLstm ? [{ models: ['lstm'] as const, question: '4.8', rating: 'PY' as const, text: 'The leakage audit reports the LSTM M1’s test MAE with the split over samples and by patient.' }] : []),
    ],
  };
};
