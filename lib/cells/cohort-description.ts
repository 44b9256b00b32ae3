import { z } from 'zod';
import { table1, type Table1Result } from '../cohort/table1';
import { binnedCourse, defaultCourseBins } from '../course/binned-course';
import { MAX_COURSE_DOTS, visitDensity } from '../course/visit-density';
import { clinicalCourse, MIN_VISITS_FOR_CI, type ClinicalCourseInput } from '../figures/clinical-course';
import { mmToPx } from '../figures/theme';
import { courseText } from './figure-texts';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { noIncludedPatient } from './cohort-inclusion';
import { tableArtifact } from '../tables/table-artifact';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';

export const cohortDescriptionParamsSchema = z.object({
  /** Days shown on the course figure. */
  maxDay: z.number().int().min(30).max(1000).default(300),
  /** Bin width (days) up to day `fineUntil`, then weekly to `weekUntil`, then `coarse`. */
  fine: z.number().int().min(1).max(1000, 'at most 1000 days: the longest course shown').default(3),
  fineUntil: z.number().int().min(1).max(1000, 'at most day 1000: the longest course shown').default(30),
  weekUntil: z.number().int().min(1).max(1000, 'at most day 1000: the longest course shown').default(100),
  coarse: z.number().int().min(1).max(1000, 'at most 1000 days: the longest course shown').default(30),
  /** Vertical jitter of the dots (grade units), drawn from the seeded RNG. */
  jitter: z.number().min(0).max(0.45).default(0.18),
  /** Which patients the course figure shows. */
  set: z.enum(['development', 'all-included']).default('development'),
});
export type CohortDescriptionParams = z.infer<typeof cohortDescriptionParamsSchema>;

export interface CohortDescriptionOutput {
  table1: Table1Result;
  course: ClinicalCourseInput;
  nPatients: number;
}

/** Table 1 (development vs temporal validation) and Fig. 2 (the clinical course). */
export const cohortDescription = defineCell<{ data: LoadedCohort; cohort: CohortInclusionOutput }, CohortDescriptionParams, CohortDescriptionOutput>({
  kind: 'cohort-description',
  version: 1,
  title: 'Cohort description: Table 1 and clinical course',
  description: 'Describes the development and temporal validation sets (Table 1) and draws every graded visit (their density above 20,000 visits) with the mean grade over time (Fig. 2).',
  describe: (p) =>
    `Describes the development and temporal validation sets (Table 1) and draws every graded visit of ${p.set === 'development' ? 'the development set' : 'all included patients'} up to day ${p.maxDay} with the mean grade per time bin (${p.fine}-day bins to day ${p.fineUntil}, weekly to day ${p.weekUntil}, then ${p.coarse}-day bins; Fig. 2).`,
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'] },
  params: cohortDescriptionParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const byId = new Map(inputs.data.patients.map((p) => [p.patientId, p]));
    const pick = (ids: string[]) => ids.map((id) => byId.get(id)!).filter(Boolean);
    const development = pick(inputs.cohort.cohort.ids.development);
    const validation = pick(inputs.cohort.cohort.ids.validation);
    if (development.length + validation.length === 0) throw new InputError(noIncludedPatient(inputs.cohort, 'Table 1 and the clinical course'));
    const shown = params.set === 'development' ? development : [...development, ...validation];
    const jitterRng = ctx.rng.fork('jitter');
    const graded = shown.flatMap((p) => p.visits.filter((v) => v.grade !== null && v.day >= 0 && v.day <= params.maxDay).map((v) => ({ day: v.day, grade: v.grade! })));
    const edges = defaultCourseBins(params.maxDay, params);
    const bins = binnedCourse(graded, edges);
    // A large cohort gets a density instead of one dot per visit (a bounded output and figure).
    const course: ClinicalCourseInput =
      graded.length > MAX_COURSE_DOTS
        ? { points: [], density: visitDensity(graded, { maxDay: params.maxDay, dayWidth: params.fine }), bins, maxDay: params.maxDay }
        : { points: graded.map((v) => ({ ...v, jitter: (jitterRng.uniform() * 2 - 1) * params.jitter })), bins, maxDay: params.maxDay };
    return { table1: table1(development, validation), course, nPatients: shown.length };
  },
  headline: (out) => ({
    table1: Object.fromEntries(out.table1.rows.map((r) => [r.key, { development: r.development, validation: r.validation }])),
  }),
  artifacts: (out) => [
    tableArtifact(
      'table1',
      out.table1.rows.map((r) => ({ characteristic: r.label, development: r.development, validation: r.validation })),
      ['characteristic', 'development', 'validation'],
      {
        caption: 'Table 1. Characteristics of the development and temporal validation sets',
        headers: { characteristic: 'Characteristic', development: 'Development set', validation: 'Temporal validation set' },
      },
    ),
    {
      type: 'figure',
      name: 'fig2-course',
      caption: `Fig. 2. Clinical course of ${out.nPatients} patients: every graded visit (jittered vertically), the mean House–Brackmann grade per time bin and its 95% CI (bins with fewer than ${MIN_VISITS_FOR_CI} visits: mean only).`,
      widthMm: 183,
      widthPx: Math.round(mmToPx(183)),
      ...courseText(out.course, out.nPatients),
      render: (document, o) => clinicalCourse(out.course, { document, ...o }) as unknown as Element,
    },
    tableArtifact(
      'fig2_course_bins',
      out.course.bins.map((b) => ({ start_day: b.start, end_day: b.end, n: b.n, mean_grade: round(b.mean), ci_low: round(b.ciLow), ci_high: round(b.ciHigh) })),
      ['start_day', 'end_day', 'n', 'mean_grade', 'ci_low', 'ci_high'],
      { markdown: false, latex: false, preview: false },
    ),
  ],
});

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);
