import { CURVE_LEVEL, MIN_AT_RISK } from '../../teaching/natural-history';
import { numOf, obj, type KindClaims } from './types';

/** The natural-history curves of the included patients (Kaplan–Meier of the first recorded recovery). */
export const naturalHistoryClaims: KindClaims = ({ manifest, u }) => {
  const cohort = obj(manifest.cohort);
  const included = numOf(cohort.development) !== undefined ? Number(cohort.development) + Number(cohort.validation) : undefined;
  const text = `The natural history of the ${included !== undefined ? `${u(included)} ` : ''}included patients was described by Kaplan–Meier estimates of the time to the first visit recording grade ≤ II and grade I, with ${Math.round(CURVE_LEVEL * 100)}% CIs (Greenwood variance, log-log transform); patients who stopped attending unrecovered were censored at their last graded visit (taken as uninformative), and each curve stops on the last day with at least ${MIN_AT_RISK} patients at risk.`;
  return { methods: [{ section: 'Natural history', text }] };
};
