import { z } from 'zod';
import { exclusionReasonLabel, includeCohort, type CohortResult, type ExclusionReason } from '../cohort/include-cohort';
import { cutoffWords, inclusionParamsSchema } from '../cohort/inclusion-params';
import { flowDiagram } from '../figures/flow-diagram';
import { flowText } from './figure-texts';
import { mmToPx } from '../figures/theme';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { tableArtifact } from '../tables/table-artifact';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import type { LoadedCohort } from './load-cohort';

export type InclusionParamsOut = z.output<typeof inclusionParamsSchema>;

export interface CohortInclusionOutput {
  cohort: CohortResult;
  /** What the file reader rejected: those patients enter the flow as "rejected while reading". */
  ingest: { patientsSeen: number; patientsRejected: number; rowsRejected: number };
}

/**
 * Fig. 1 boxes: each box shows the patients left, and its arrow lists who leaves at the next
 * step and why. Patients the file reader rejected (conflicting patient-level values, or every
 * row invalid) come first, so the diagram accounts for every patient in the file.
 */
function flowInput(out: CohortInclusionOutput) {
  const { cohort, ingest } = out;
  const p = cohort.params;
  const step = (k: number) => cohort.flow.find((s) => s.step === k)!;
  const lostAtIngest = ingest.patientsSeen - step(1).nIn;
  const boxes = [
    ...(lostAtIngest > 0 ? [{ label: 'Patients in the file', n: ingest.patientsSeen, excluded: { 'Rejected while reading the file': lostAtIngest } }] : []),
    { label: 'Patients with a facial palsy record', n: step(1).nIn, excluded: labelled(step(2).excluded, p) },
    { label: 'Eligible patients', n: step(2).n, excluded: labelled(step(3).excluded, p) },
    { label: 'Included patients', n: step(3).n, excluded: {} },
  ];
  return {
    steps: boxes,
    development: { label: `Development set\n${cutoffWords(p)} before ${p.cutoffDate}`, n: cohort.ids.development.length },
    validation: { label: `Temporal validation set\n${cutoffWords(p)} on or after ${p.cutoffDate}`, n: cohort.ids.validation.length },
    persistent: { label: `Persistent palsy subset\nnot recovered (≤ ${roman(p.recoveryThreshold)}) by day ${p.earlyDays}`, n: cohort.ids.persistent.length },
  };
}

function roman(g: number) {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI'][g] ?? String(g);
}

function labelled(excluded: Partial<Record<ExclusionReason, number>>, params: InclusionParamsOut): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [reason, n] of Object.entries(excluded)) if (n) out[exclusionReasonLabel(reason as ExclusionReason, params)] = n;
  return out;
}

/**
 * Cohort inclusion (PIPELINE step 1): the five steps of the flow with counts and reasons,
 * the development / temporal validation split and the persistent-palsy subset.
 */
export const cohortInclusion = defineCell<{ data: LoadedCohort }, InclusionParamsOut, CohortInclusionOutput>({
  kind: 'cohort-inclusion',
  version: 2, // 2: treatment timing unknown is an exclusion; validation patients meeting the persistent criterion listed
  title: 'Cohort inclusion',
  description: 'Applies the inclusion criteria step by step, splits development and temporal validation sets by first-visit date, and finds the persistent-palsy subset.',
  describe: (p) =>
    `Applies the inclusion criteria step by step (age ${p.ageMin}–${p.ageMax} years, ≥ ${p.minEarlyVisits} graded visits on days 0–${p.earlyDays}, ≥ 1 graded visit after day ${p.earlyDays} up to day ${p.lateDays}), splits development and temporal validation sets by ${cutoffWords(p)} before or from ${p.cutoffDate}, and finds the persistent-palsy subset (not recovered to grade ≤ ${roman(p.recoveryThreshold)} by day ${p.earlyDays}).`,
  inputs: { data: ['load-cohort'] },
  params: inclusionParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const { counts } = inputs.data;
    if (inputs.data.patients.length === 0) {
      throw new InputError(
        `No patient to include: none of the ${counts.rowsRead} rows gave a valid patient (${counts.rowsRejected} rows rejected, ${counts.patientsRejected} patients rejected as a whole, ${counts.patientsSeen} patients seen). The load step's rejected rows say why.`,
      );
    }
    const cohort = includeCohort(inputs.data.patients, params);
    return { cohort, ingest: { patientsSeen: inputs.data.counts.patientsSeen, patientsRejected: inputs.data.counts.patientsRejected, rowsRejected: inputs.data.counts.rowsRejected } };
  },
  headline: (out) => ({
    cohort: {
      flow: out.cohort.flow.map((s) => ({ step: s.step, label: s.label, n_in: s.nIn, n: s.n, excluded: s.excluded, ...(s.split ? { split: s.split } : {}) })),
      development: out.cohort.ids.development.length,
      validation: out.cohort.ids.validation.length,
      persistent: out.cohort.ids.persistent.length,
      rejected_at_ingest: out.ingest,
    },
  }),
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'fig1-flow',
      caption: `Fig. 1. Flow of patients through the inclusion criteria (age ${out.cohort.params.ageMin}–${out.cohort.params.ageMax} years; ≥ ${out.cohort.params.minEarlyVisits} graded visits on days 0–${out.cohort.params.earlyDays} and ≥ 1 after day ${out.cohort.params.earlyDays} up to day ${out.cohort.params.lateDays}), the temporal split at ${out.cohort.params.cutoffDate} and the persistent palsy subset.`,
      widthMm: 120,
      widthPx: Math.round(mmToPx(120)),
      ...flowText(flowInput(out)),
      render: (document, o) => flowDiagram(flowInput(out), { document, ...o }) as unknown as Element,
    },
    tableArtifact(
      'cohort_flow',
      out.cohort.flow.map((s) => ({
        step: s.step,
        label: s.label,
        n_in: s.nIn,
        n: s.n,
        excluded: Object.entries(s.excluded).filter(([, n]) => n).map(([r, n]) => `${exclusionReasonLabel(r as ExclusionReason, out.cohort.params)}: ${n}`).join('; '),
      })),
      ['step', 'label', 'n_in', 'n', 'excluded'],
      { caption: 'Cohort flow: patients entering and leaving each inclusion step', headers: { step: 'Step', label: 'Criterion', n_in: 'Patients in', n: 'Patients left', excluded: 'Excluded (reason: n)' } },
    ),
    tableArtifact(
      'cohort_patients',
      () => out.cohort.patients.map((p) => ({
        patient_id: p.patientId,
        set: p.set ?? '',
        persistent: p.isPersistent ? 1 : 0,
        excluded_reason: p.reason && p.reason !== 'recovered-by-day-30' ? exclusionReasonLabel(p.reason, out.cohort.params) : '',
        first_visit_date: p.firstVisitDate ?? '',
        early_graded_visits: p.earlyGradedVisits,
        late_graded_visits: p.lateGradedVisits,
      })),
      ['patient_id', 'set', 'persistent', 'excluded_reason', 'first_visit_date', 'early_graded_visits', 'late_graded_visits'],
      { caption: `Every patient of the file: the set, persistent subset and exclusion reason, for re-analysis. ${FILE_IDS_NOTE}`, markdown: false, latex: false, preview: false, rowCount: out.cohort.patients.length },
    ),
  ],
});

/** "<what> needs at least one included patient; ..." with the flow's exclusions, for the cells after inclusion. */
export function noIncludedPatient(out: CohortInclusionOutput, what: string): string {
  const first = out.cohort.flow[0];
  const reasons = new Map<string, number>();
  for (const step of out.cohort.flow) {
    for (const [reason, n] of Object.entries(step.excluded)) if (n) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
  }
  const why = [...reasons].map(([reason, n]) => `${n} ${exclusionReasonLabel(reason as ExclusionReason, out.cohort.params)}`).join(', ');
  return `${what} needs at least one included patient; the inclusion step excluded all ${first?.nIn ?? 0} patients${why ? ` (${why})` : ''}.`;
}
