import { plural } from '../phrases';
import { numOf, obj, type KindClaims } from './types';

/**
 * Harrell's bootstrap optimism correction and Riley & Collins' prediction instability: B
 * (`replicates`) patient-level bootstrap replicates of the training part, the whole SVM pipeline
 * (or C and γ held fixed: `tuning`) and the logistic regression refitted in each. Reads the
 * headline's `optimism` block for its sentence.
 */
export const svmOptimismClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const B = numOf(p.replicates) ?? 0;
  const grid = p.tuning !== 'fixed';
  const thinned = (numOf(p.maxGridValues) ?? 60) < 42;
  const text = `Optimism was estimated with Harrell’s bootstrap in ${plural(B, 'replicate')} of the training part in which patients were resampled with all their windows; in each, the whole pipeline was refitted (the scaler, ${grid ? `the grid search with its cross-validation${thinned ? ` (on at most ${u(p.maxGridValues)} of the grid’s values of C and of γ plus the selected ones)` : ''}` : 'the SVM with C and γ held at the selected values'}, the final SVM and Platt scaling, and the logistic regression), and the mean difference between each replicate model’s performance on its own replicate and on the original training part (AUC, Brier score, calibration-in-the-large, calibration intercept and slope) was subtracted from the apparent performance; prediction instability (Riley & Collins 2023) was summarized from the same refits as each training window’s mean absolute change in predicted probability and the share of refits in which its class at ${u(p.threshold ?? 0.5)} changed, and decision-curve instability was shown as each refit’s net benefit curve for early referral on the training windows (per window) beside the original model’s, with the share of refits no better than referring all or none at each threshold.`;
  const sentence = obj(manifest.optimism).sentence;
  return {
    methods: [{ section: 'Discrimination, calibration and clinical usefulness (SVM)', text }],
    tripod: [
      { item: '12e', text: `Internal validation: ${text.replace(/^Optimism was estimated with /, '')}` },
      ...(typeof sentence === 'string' ? [{ item: '23a', text: `Optimism and instability: ${u(sentence)}` }] : []),
    ],
  };
};
