import { exclusionReasonLabel, type ExclusionReason } from '../../cohort/include-cohort';
import type { InclusionParams } from '../../cohort/inclusion-params';
import { gradeName, num } from '../phrases';
import { andList, arr, numOf, obj, tagged, type KindClaims } from './types';

/**
 * Cohort inclusion: the eligibility criteria (its parameters), the flow with every exclusion
 * counted (`manifest.cohort.flow`), the temporal split and the persistent subset. The split and
 * the subset are named only where a step after the windowing uses them; the teaching notebook's
 * cohort feeds only the natural-history curves.
 */
export const cohortInclusionClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const p = cells[0]!.params;
  const cohort = obj(manifest.cohort);
  const flow = arr(cohort.flow).map(obj);
  const windowed = ran('windowing').length > 0;
  const step = (k: number) => flow.find((s) => s.step === k) ?? {};
  const excluded = (k: number) => Object.entries(obj(step(k).excluded)).filter(([, n]) => typeof n === 'number' && n > 0) as [ExclusionReason, number][];
  const label = (reason: ExclusionReason) => {
    const text = exclusionReasonLabel(reason, p as unknown as InclusionParams) ?? reason;
    return u(text.charAt(0).toLowerCase() + text.slice(1));
  };
  const reasons = (k: number) => andList(excluded(k).map(([r, n]) => `${label(r)}: ${u(n)}`));
  const treatmentTiming = 'treatment-timing-unknown' in obj(step(2).excluded);
  const criteria = [
    `Patients were eligible if their first visit had a House–Brackmann grade, they had at least one follow-up visit, were aged ${u(p.ageMin)}–${u(p.ageMax)} years at onset, and sex, diabetes${treatmentTiming ? ', hypertension status and the timing of steroid treatment' : ' and hypertension status'} were known (complete cases: no value was imputed).`,
    `Included patients had at least ${u(p.minEarlyVisits)} graded visits on days 0–${u(p.earlyDays)} after onset and at least one graded visit after day ${u(p.earlyDays)} and up to day ${u(p.lateDays)}.`,
  ];
  const by = p.cutoffBy === 'onset' ? 'onset' : 'first visit';
  const split = `Patients whose ${by} was before ${u(p.cutoffDate)} formed the development set, the others the temporal validation set; the persistent palsy subset comprised development patients not recovered (grade ≤ ${gradeName(Number(p.recoveryThreshold))}) by day ${u(p.earlyDays)}.`;
  const nIn = numOf(step(1).n_in);
  const included = numOf(cohort.development) !== undefined ? Number(cohort.development) + Number(cohort.validation) : undefined;
  const counts =
    nIn !== undefined && included !== undefined
      ? `Of ${u(nIn)} patients with a facial palsy record, ${u(numOf(step(2).n) ?? '?')} were eligible${excluded(2).length ? ` (excluded: ${reasons(2)})` : ''} and ${num(included)} were included${excluded(3).length ? ` (excluded: ${reasons(3)})` : ''}${windowed ? `: ${u(cohort.development)} in the development set, ${u(cohort.validation)} in the temporal validation set and ${u(cohort.persistent)} in the persistent palsy subset` : ''} (Fig. 1).`
      : undefined;
  const missing = andList(excluded(2).filter(([r]) => r.endsWith('-unknown') || r === 'no-first-visit-grade').map(([r, n]) => `${label(r)}: ${u(n)}`));
  // Without the windowed models the criteria select only the natural-history curves' patients.
  const scoped = (text: string) => (windowed ? text : tagged('Natural-history curves', text));
  const lostLate = excluded(3).find(([r]) => r === 'no-late-visit')?.[1];
  return {
    methods: [
      ...criteria.map((text) => ({ section: 'Study population' as const, text })),
      ...(windowed ? [{ section: 'Study population' as const, text: split }] : []),
      ...(counts ? [{ section: 'Study population' as const, text: counts }] : []),
      ...(!windowed && ran('natural-history').length ? [{ section: 'Study population' as const, text: 'In this notebook the included patients are those of the natural-history curves; a model fitted here selects its own patients (below).' }] : []),
    ],
    tripod: [
      ...(windowed ? [{ item: '5b', text: `Development and temporal validation sets were separated by the date of the ${by} (cutoff ${u(p.cutoffDate)}); outcome visits were those up to day ${u(p.lateDays)} after onset.` }] : []),
      { item: '6b', text: scoped([...criteria, ...(windowed ? [split] : [])].join(' ')) },
      { item: '11', text: scoped(`Complete-case analysis: patients with a missing first-visit grade, age, sex, diabetes, hypertension${treatmentTiming ? ' or treatment timing' : ''} were excluded${missing ? ` (${missing})` : ''}; no value was imputed.`) },
      ...(counts ? [{ item: '20a', text: scoped(`${counts} The flow with every exclusion is Fig. 1 (cohort_flow table).`) }] : []),
      ...(windowed && numOf(cohort.validation) !== undefined ? [{ item: '16', text: `Temporal validation set: the ${u(cohort.validation)} included patients with a ${by} on or after ${u(p.cutoffDate)} (development set: ${u(cohort.development)} patients before it).` }] : []),
    ],
    probast: windowed
      ? [
          {
            models: ['svm', 'lstm'],
            question: '1.2',
            rating: lostLate ? 'PN' : 'PY',
            text: `Inclusion required at least ${u(p.minEarlyVisits)} early visits and a graded visit after day ${u(p.earlyDays)}${lostLate ? `: ${u(lostLate)} patients without a late visit were excluded, i.e. selected on follow-up after the moment of prediction (those lost to follow-up may differ in outcome)` : ''}; missing covariates excluded patients (complete cases).`,
          },
          { models: ['svm', 'lstm'], question: '4.4', rating: missing ? 'PN' : 'PY', text: `Complete-case analysis, no imputation${missing ? ` (${missing})` : ''}.` },
        ]
      : [],
  };
};
