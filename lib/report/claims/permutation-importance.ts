import { plural } from '../phrases';
import type { KindClaims } from './types';

/**
 * Permutation importance: on which rows the model was fitted and scored (`on`: all samples,
 * in-sample as the paper, or the test part with a patient-bootstrap spread), the subset and the
 * permutations.
 */
export const permutationImportanceClaims: KindClaims = ({ cells }) => {
  const ip = cells[0]!.params;
  const subset = ip.subset === 'persistent' ? 'the persistent palsy subset' : 'all subjects';
  const repeats = plural(Number(ip.repeats), 'time');
  const text =
    ip.on === 'test'
      ? `Permutation importance was measured on the test part: the selected model was fitted on the training part of ${subset}, each feature was permuted ${repeats} in the test part and the mean drop in accuracy reported as a share of the total, with percentile 95% CIs from ${plural(Number(ip.bootstrapResamples), 'bootstrap resample')} of the test part in which patients were resampled with all their windows.`
      : `Permutation importance was computed in-sample, with the selected model fitted on all samples of ${subset} and scored on the same samples: each feature was permuted ${repeats} and the mean drop in accuracy reported as a share of the total (it shows what the model uses, not what holds on new patients).`;
  return { methods: [{ section: 'Recovery classification (SVM)', text }] };
};
