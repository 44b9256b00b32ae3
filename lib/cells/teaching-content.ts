import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { naturalHistory } from '../figures/natural-history';
import { mmToPx } from '../figures/theme';
import { CITATION_LABELS, CITATIONS, EDUCATIONAL_LABEL, EYE_CARE, GUIDELINE, HB_GRADES, HB_NOTES, NATURAL_HISTORY_ANCHORS, PROGNOSIS, REASSESS } from '../teaching/clinical-facts';
import { MIN_AT_RISK, curveSummary, naturalHistoryCurves, type RecoveryCurve } from '../teaching/natural-history';
import { naturalHistoryText } from './figure-texts';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';

/** The House–Brackmann reference: grade cards and notes, each with its source. */
export const hbScale = defineCell<Record<string, never>, Record<string, never>, { grades: typeof HB_GRADES; notes: typeof HB_NOTES; citations: typeof CITATIONS; labels: typeof CITATION_LABELS }>({
  kind: 'hb-scale',
  version: 1,
  title: 'The House–Brackmann scale',
  description: 'Grades I–VI as cards (overall, at rest, forehead, eye, mouth), the line between III and IV, half grades and grade ranges in records.',
  inputs: {},
  params: z.object({}),
  heavy: false,
  async *run() {
    return { grades: HB_GRADES, notes: HB_NOTES, citations: CITATIONS, labels: CITATION_LABELS };
  },
});

/** The clinical context: guideline statements with strength, eye care, reassessment, evidence. */
export const clinicalContext = defineCell<Record<string, never>, Record<string, never>, { guideline: typeof GUIDELINE; eyeCare: typeof EYE_CARE; reassess: typeof REASSESS; prognosis: typeof PROGNOSIS; citations: typeof CITATIONS; labels: typeof CITATION_LABELS; label: string }>({
  kind: 'clinical-context',
  version: 1,
  title: 'Clinical context',
  description: 'The AAO-HNS 2013 guideline statements with their strength, eye care, when to reassess or refer, and the trial evidence, each with its source.',
  inputs: {},
  params: z.object({}),
  heavy: false,
  async *run() {
    return { guideline: GUIDELINE, eyeCare: EYE_CARE, reassess: REASSESS, prognosis: PROGNOSIS, citations: CITATIONS, labels: CITATION_LABELS, label: EDUCATIONAL_LABEL };
  },
});

export interface NaturalHistoryOutput {
  /** Kaplan–Meier curves of the time to a recorded grade ≤ II and grade I, each stopped where fewer than `minAtRisk` remain at risk. */
  curves: RecoveryCurve[];
  minAtRisk: number;
  patients: number;
  anchors: (typeof NATURAL_HISTORY_ANCHORS)[number][];
}

/** This cohort's recovery course beside the published untreated and trial figures. */
export const naturalHistoryCell = defineCell<{ data: LoadedCohort; cohort: CohortInclusionOutput }, Record<string, never>, NaturalHistoryOutput>({
  kind: 'natural-history',
  version: 2, // 2: Kaplan–Meier curves with 95% CI and n at risk, stopped below 20 at risk (was: share per period among the patients seen)
  title: 'Natural history',
  description: `The loaded cohort’s share recovered by each day (Kaplan–Meier, 95% CI, number at risk; each curve stops where fewer than ${MIN_AT_RISK} patients remain at risk), beside Peitersen’s untreated series and the Sullivan 2007 trial.`,
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'] },
  params: z.object({}),
  heavy: false,
  async *run(inputs) {
    const included = new Set(inputs.cohort.cohort.ids.included);
    const patients = inputs.data.patients.filter((p) => included.has(p.patientId));
    return { curves: naturalHistoryCurves(patients), minAtRisk: MIN_AT_RISK, patients: patients.length, anchors: [...NATURAL_HISTORY_ANCHORS] };
  },
  artifacts: (out) => [
    {
      type: 'figure',
      name: 'natural-history',
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...naturalHistoryText(out.curves, out.anchors.map((a) => ({ ...a, source: CITATION_LABELS[a.cite] })), curveSummary),
      render: (document, o) => naturalHistory(out.curves, out.anchors.map((a) => ({ ...a, source: CITATION_LABELS[a.cite] })), { document, ...o }) as unknown as Element,
    },
  ],
});
