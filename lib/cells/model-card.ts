import { z } from 'zod';
import { calibrationPlot } from '../figures/calibration-plot';
import { mmToPx } from '../figures/theme';
import { groupCalibrationText } from './figure-texts';
import { defineCell } from '../notebook/define-cell';
import { FEATURES } from '../prognosis';
import { weightedCalibrationGroups } from '../stats/calibration';
import { horizonText } from '../teaching/prognosis-what-if';
import type { LoadedCohort } from './load-cohort';
import type { PrognosisOutput } from './prognosis-model';

export interface ModelCardOutput {
  horizonDay: number;
  data: { name: string; sha256: string; patients: number; development: number; heldOut: number; visitDates: [string, string] };
  model: string;
  features: string[];
  fixedAtZero: string[];
  validation: { label: string; value: string }[];
  calibration: { groups: ReturnType<typeof weightedCalibrationGroups>; predictions: { p: number; recovered: boolean }[]; caption: string };
  limitations: string[];
  intendedUse: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'not estimable');
const ci = (e: { value: number; low: number; high: number }) => (Number.isFinite(e.value) ? `${f2(e.value)} (95% CI ${f2(e.low)} to ${f2(e.high)})` : 'not estimable');

/**
 * What the teaching notebook's prognosis model was fitted on, how it did on patients it never
 * saw (discrimination, calibration with a plot, Brier, beside the base rate), what it cannot do,
 * and what it is for. Every figure is the prognosis cell's own held-out validation.
 */
export const modelCard = defineCell<{ data: LoadedCohort; prognosis: PrognosisOutput }, Record<string, never>, ModelCardOutput>({
  kind: 'model-card',
  version: 2,
  title: 'Model card',
  description: 'The data the prognosis model was fitted on, its validation on held-out patients, known limitations and intended use.',
  inputs: { data: ['load-cohort'], prognosis: ['prognosis-model'] },
  params: z.object({}),
  heavy: false,
  usesSource: true,
  async *run(inputs, _params, ctx) {
    const { model, validation: v, development, heldOut } = inputs.prognosis;
    const H = model.horizonDay;
    const dates = inputs.data.patients.flatMap((p) => p.visits.map((x) => x.date)).sort();
    const coverage = v.bandCoverage.groups.filter((g) => g.coverage !== null).map((g) => `grade ${g.group}: ${pct(g.coverage!)} (${g.visits} visits of ${g.patients} patients)`);
    const validation = [
      { label: 'Held-out patients predicted at their last visit by day 30', value: `${v.patients}; status ${horizonText(H)} known for ${v.knownStatus} (the others are weighted for, not dropped); ${v.notPredictable} not predictable (already recovered by day 30 or incomplete records)` },
      { label: `Base rate: share recovered ${horizonText(H)} (inverse-probability-of-censoring weighted)`, value: Number.isFinite(v.baseRate) ? pct(v.baseRate) : 'not estimable' },
      { label: 'Discrimination: AUC (DeLong 95% CI), patients with known status', value: v.auc ? ci(v.auc) : 'not estimable (one outcome only)' },
      { label: 'Calibration intercept (0 = right on average; bootstrap 95% CI)', value: ci(v.calibrationIntercept) },
      { label: 'Calibration slope (1 = ideal; bootstrap 95% CI)', value: ci(v.calibrationSlope) },
      { label: 'Brier score (weighted; lower is better)', value: Number.isFinite(v.brier) ? v.brier.toFixed(3) : 'not estimable' },
      { label: `Course band (${Math.round(v.bandCoverage.level * 100)}%) coverage of the best grade so far, by present grade`, value: coverage.join('; ') || 'no follow-up visits' },
    ];
    const usable = v.points.length > 0;
    return {
      horizonDay: H,
      data: { name: ctx.source?.name ?? inputs.data.fileName, sha256: ctx.source?.sha256 ?? '', patients: inputs.data.patients.length, development: development.length, heldOut: heldOut.length, visitDates: [dates[0] ?? '', dates[dates.length - 1] ?? ''] },
      model: `Landmark logistic model of the chance of recovery to grade ≤ II recorded ${horizonText(H)}, one intercept per horizon, weighted for censoring, fitted on ${model.development.patients} patients; intervals from ${model.bootstrap.resamples - model.bootstrap.failed} patient-level bootstrap refits`,
      features: FEATURES.map((f) => `${f.encoding}${f.sign === 'nonpositive' ? ' (may only lower the chance)' : ''}`),
      fixedAtZero: model.fit.fixedAtZero,
      validation,
      calibration: {
        groups: usable ? weightedCalibrationGroups(v.points.map((x) => x.y), v.points.map((x) => x.p), v.points.map((x) => x.w), Math.min(5, v.points.length)) : [],
        predictions: v.points.map((x) => ({ p: x.p, recovered: x.y === 1 })),
        caption: `Held-out patients (n = ${v.knownStatus} with known status)\nIntercept ${f2(v.calibrationIntercept.value)} · slope ${f2(v.calibrationSlope.value)} · Brier ${f2(v.brier)}`,
      },
      limitations: [
        `Held out: ${heldOut.length} patients${v.knownStatus < 100 ? `, of whom ${v.knownStatus} have a known status at day ${H}: too few for precise calibration (the intervals above say how imprecise)` : ''}.`,
        'Validated on held-out patients of the same cohort (for the bundled file: simulated patients); other clinics, raters and treatment habits differ.',
        'Inputs outside the development data (ages, landmark days, steroid days, grades) are flagged, not corrected; grade VI at the landmark is always flagged.',
        'Patients who stop attending are censored halfway to their next expected visit; if those who stop differ from those who stay beyond what the inputs capture, the chance is biased.',
        ...(model.fit.fixedAtZero.length ? [`Held at zero because the data gave them the clinically wrong sign: ${model.fit.fixedAtZero.join(', ')}.`] : []),
      ],
      intendedUse: 'Teaching residents how serial grades relate to recovery and how uncertain such predictions are. Not for decisions about an individual patient.',
    };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'prognosis-calibration',
      widthMm: 89,
      widthPx: Math.round(mmToPx(89)),
      caption: `Calibration of the prognosis model on held-out patients: predicted chance of recovery to grade ≤ II ${horizonText(out.horizonDay)} against the observed share (inverse-probability-of-censoring weighted), in ${out.calibration.groups.length} groups of equal size with 95% Wilson intervals on the effective group size; the diagonal is perfect calibration; ticks under the axis are the patients (recovered above, not below).`,
      ...groupCalibrationText(
        `Calibration plot of the prognosis model on held-out patients: predicted chance of recovery to grade ≤ II ${horizonText(out.horizonDay)} against the observed share (${out.calibration.predictions.length} patients)`,
        out.calibration.groups,
        out.calibration.caption.split('\n').slice(1).join(' ').replace(/ · /g, ', '),
      ),
      render: (document, o) =>
        calibrationPlot([{ subset: `Chance of grade ≤ II ${horizonText(out.horizonDay)}`, curve: [], groups: out.calibration.groups, predictions: out.calibration.predictions, caption: out.calibration.caption }], { document, ...o }) as unknown as Element,
    },
  ],
});
