import { plural } from '../phrases';
import { numOf, type KindClaims } from './types';

/**
 * A paired-difference step: two models of one family (e.g. with and without a derived feature,
 * an ablation) compared on the same test rows, with the difference's paired patient-bootstrap CI.
 * Reads the step's resolved parameters (labels, resamples).
 */
export const pairedDifferenceClaims: KindClaims = ({ cells, u }) => ({
  methods: cells.map((c) => ({
    section: 'Leakage and ablation audit' as const,
    text: `The model ${u(c.params.labelA)} was compared with the model ${u(c.params.labelB)} on the same test rows, as the difference between them (AUC, with the paired DeLong test, and Brier score for SVMs; mean absolute error for LSTMs) with a paired 95% CI from ${plural(numOf(c.params.resamples) ?? 1000, 'patient-clustered bootstrap resample')} (both models scored on each resample).`,
  })),
});
