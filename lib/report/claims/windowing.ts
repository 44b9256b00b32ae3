import { gradeName } from '../phrases';
import { author, numOf, obj, percent, type KindClaims } from './types';

/**
 * Windowing: windows of early grades, the classification outcome (the last or best late visit)
 * and the regression targets. The day windows and the recovery threshold are the cohort step's
 * (shared) settings; older manifests kept them here. Reads the headline's `windows` block.
 */
export const windowingClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const p = { ...cells[0]!.params };
  const shared = ran('cohort-inclusion')[0]?.params ?? {};
  for (const k of ['earlyDays', 'lateDays', 'recoveryThreshold']) p[k] ??= shared[k];
  const w = obj(manifest.windows);
  const c = obj(w.classification);
  const anchored = p.mode !== 'sliding';
  const outcomeVisit = p.outcome === 'best' ? 'best (lowest-grade) late visit' : 'last late visit';
  const threshold = gradeName(Number(p.recoveryThreshold));
  const sentences = [
    `Visits on days 0–${u(p.earlyDays)} after onset were early, visits after day ${u(p.earlyDays)} up to day ${u(p.lateDays)} late.`,
    anchored
      ? 'Each window combined a virtual pre-onset visit (day −1, grade I) with two consecutive early visits; days were expressed relative to the window’s latest (present) visit.'
      : 'Each window was three consecutive visits of the sequence of a virtual pre-onset visit (day −1, grade I) and the early visits; days were expressed relative to the window’s latest (present) visit.',
    `For classification, each window was paired with the patient’s ${outcomeVisit} and labelled recovered when that grade was ≤ ${threshold}; for regression, each window was paired with every late visit (target: the grade at that visit).`,
    `Temporal validation samples used ${p.validationWindows === 'all' ? 'every window' : 'the last window'} of each validation patient.`,
  ];
  const n = numOf(c.n), recovered = numOf(c.recovered);
  if (n !== undefined) sentences.push(`This gave ${u(n)} classification windows from ${u(c.patients)} development patients (${u(c.recovered)} recovered) and ${u(obj(w.regression).n)} regression samples.`);
  const outcome = `Recovery classification: recovered = House–Brackmann grade ≤ ${threshold} at the ${outcomeVisit} (a visit after day ${u(p.earlyDays)} up to day ${u(p.lateDays)}, so the outcome day differs between patients); grade regression: the grade at each late visit (SAG4). ${author('who graded, how, and whether blinded to the predictors')}`;
  const timing = `The outcome visit is any late visit (after day ${u(p.earlyDays)}, up to day ${u(p.lateDays)}): the time between the present visit and the outcome is not fixed.`;
  return {
    methods: sentences.map((text) => ({ section: 'Windowing of serial grades' as const, text })),
    tripod: [
      { item: '7', text: sentences.join(' ') },
      { item: '8a', text: outcome },
      ...(n !== undefined && recovered !== undefined ? [{ item: '13', text: `${u(recovered)} of ${u(n)} classification windows (${percent(recovered / n)}) were recovered.` }] : []),
    ],
    probast: [
      { models: ['svm', 'lstm'], question: '3.1', rating: 'PY', text: `House–Brackmann grade, a standard scale; recovered = grade ≤ ${threshold} at the ${outcomeVisit}. ${author('grading procedure')}` },
      { models: ['svm', 'lstm'], question: '3.2', rating: 'Y', text: 'The outcome is a later grade; no predictor enters its definition.' },
      ...(n !== undefined && numOf(obj(manifest.cohort).development) !== undefined
        ? [
            {
              models: ['svm', 'lstm'] as const,
              question: '4.3',
              rating: Number(c.patients) === Number(obj(manifest.cohort).development) ? ('Y' as const) : ('PN' as const),
              text: `${u(c.patients)} of the ${u(obj(manifest.cohort).development)} development patients contributed windows${numOf(w.skipped) ? ` (${u(w.skipped)} skipped)` : ''}; the temporal validation patients were kept for validation.`,
            },
          ]
        : []),
      { models: ['svm', 'lstm'], question: '3.4', rating: 'PN', text: timing },
    ],
  };
};
