import { plural } from '../phrases';
import { numOf, type KindClaims } from './types';

/** Temporal validation of the SVM on the patients first seen from the cutoff date on (lib/cells/temporal-validation). */
export const temporalValidationClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const patients = numOf(manifest['temporal.patients']);
  const subset = p.subset === 'persistent' ? 'the persistent palsy subset' : 'all subjects';
  if (typeof manifest['temporal.absent'] === 'string') return { methods: [{ section: 'Temporal validation', text: `No temporal validation of the SVM: ${u(manifest['temporal.absent'])}.` }] };
  const text = `Temporal validation (not in the original analysis): the SVM of ${subset}, trained on the development set, was applied without refitting to the temporal validation set (patients first seen on or after the cutoff date)${patients !== undefined ? `, ${u(patients)} patients` : ''}, each patient once at its last window. Discrimination (AUC with DeLong’s CI), calibration-in-the-large (offset convention), the calibration intercept and slope of the joint fit, Brier score, ICI, E50 and E90 (percentile CIs from ${plural(Number(p.resamples), 'bootstrap resample')} of the patients), observed/expected ratio, net benefit against referring all and none, and Riley et al.’s validation sample size were computed as in an external validation.`;
  return {
    methods: [{ section: 'Temporal validation', text }],
    tripod: [
      { item: '12e', text: 'SVM temporal validation: AUC (DeLong), calibration (in-the-large, slope, ICI), net benefit, one prediction per patient.' },
      { item: '23a', text: 'SVM temporal validation: temporal_metrics, temporal_case_mix, the temporal calibration and decision-curve figures.' },
    ],
  };
};
