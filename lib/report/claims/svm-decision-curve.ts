import { num } from '../phrases';
import type { KindClaims } from './types';

/** The decision curve of early referral (event: not recovered), over its threshold range. */
export const svmDecisionCurveClaims: KindClaims = ({ cells }) => {
  const p = cells[0]!.params;
  const perPatient = p.unit === 'patients';
  const text = `Clinical usefulness: a decision curve for referring early the ${perPatient ? 'test patients (one prediction per patient, the patient’s last test window; the curve counting every window is reported beside it)' : 'test windows (every window counted, a patient with several windows several times)'} whose predicted risk of not recovering (1 − the probability of recovery) was at or above a threshold, for thresholds from ${num(Number(p.thresholdFrom))} to ${num(Number(p.thresholdTo))} in steps of ${num(Number(p.thresholdStep))}, against referring all and referring none.`;
  return {
    methods: [{ section: 'Discrimination, calibration and clinical usefulness (SVM)', text }],
    tripod: [
      { item: '12e', text: 'SVM clinical usefulness: net benefit (decision curve) against referring all and none.' },
      { item: '23a', text: 'SVM net benefit: the decision curve figure and the svm_decision_curve table.' },
    ],
  };
};
