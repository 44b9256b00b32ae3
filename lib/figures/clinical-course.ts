import * as Plot from '@observablehq/plot';
import type { VisitDensity } from '../course/visit-density';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { STROKE, baseStyle, clampGrade, figureWidthPx, palette, romanGrade, type FigureOptions, documentOf } from './theme';

export interface CourseBin {
  /** Bin start and end (days since onset, end exclusive). */
  start: number;
  end: number;
  n: number;
  mean: number;
  ciLow: number;
  ciHigh: number;
}

export interface ClinicalCourseInput {
  /** Every graded visit: day since onset and grade (jitter is applied here, seeded upstream). Empty when `density` is given. */
  points: { day: number; grade: number; jitter: number }[];
  /** Too many visits for one dot each: their counts per day bin and grade, drawn as shading. */
  density?: VisitDensity;
  bins: CourseBin[];
  maxDay: number;
}

/**
 * Where a visit's dot is drawn: its grade moved by its jitter, reflected back inside I–VI at
 * either end (a grade VI visit jittered up is drawn as far below VI; a grade that is never
 * above VI is never drawn there), so no dot suggests a grade the scale does not have.
 */
export function jitteredGrade(grade: number, jitter: number): number {
  let y = Math.min(6, Math.max(1, grade)) + jitter;
  if (y > 6) y = 12 - y;
  if (y < 1) y = 2 - y;
  return Math.min(6, Math.max(1, y));
}

/** Bins with fewer graded visits than this get no CI band: their mean is drawn open. */
export const MIN_VISITS_FOR_CI = 5;

/**
 * Fig. 2: the clinical course. Every (day, grade) pair as a faint jittered dot, the mean grade
 * per time bin as a line with its 95% CI band, clipped to grades I–VI (a band cannot run past
 * the scale). Bins with fewer than MIN_VISITS_FOR_CI visits show their mean as an open circle
 * and no band, so a few late visits do not read as a confident swing. Grade I at the bottom.
 */
export function clinicalCourse(input: ClinicalCourseInput, options: FigureOptions & { minVisitsForCi?: number } = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const minN = options.minVisitsForCi ?? MIN_VISITS_FOR_CI;
  const bins = input.bins.filter((b) => b.n > 0).map((b) => ({ ...b, mid: (b.start + b.end) / 2, lo: clampGrade(b.ciLow), hi: clampGrade(b.ciHigh), sparse: b.n < minN }));
  const banded = bins.filter((b) => !b.sparse && Number.isFinite(b.ciLow) && Number.isFinite(b.ciHigh));
  const sparse = bins.filter((b) => b.sparse);
  const plot = Plot.plot({
    document,
    width,
    height: Math.round(Math.min(Math.max(width * 0.5, 170), 280)),
    marginLeft: 40,
    marginTop: 8,
    marginBottom: 30,
    marginRight: 12,
    style: baseStyle,
    ariaLabel: input.density
      ? `Clinical course: House–Brackmann grade by day since onset; ${input.density.visits} graded visits shown as density`
      : 'Clinical course: House–Brackmann grade by day since onset',
    x: { domain: [0, input.maxDay], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none', grid: false, ticks: width < 400 ? 5 : 10 },
    y: {
      domain: [0.6, 6.4],
      ticks: [1, 2, 3, 4, 5, 6],
      tickFormat: romanGrade,
      label: 'House–Brackmann grade',
      labelAnchor: 'center',
      labelArrow: 'none',
      grid: true,
    },
    marks: [
      ...(input.density
        ? [densityMarks(input.density)]
        : [Plot.dot(input.points, { x: 'day', y: (d: { grade: number; jitter: number }) => jitteredGrade(d.grade, d.jitter), r: 1.1, fill: palette.muted, fillOpacity: 0.3, stroke: null })]),
      Plot.areaY(banded, { x: 'mid', y1: 'lo', y2: 'hi', fill: palette.band, fillOpacity: 0.45, curve: 'linear' }),
      Plot.line(bins, { x: 'mid', y: (b: { mean: number }) => clampGrade(b.mean), stroke: palette.primary, strokeWidth: STROKE.line }),
      Plot.dot(bins.filter((b) => !b.sparse), { x: 'mid', y: 'mean', r: 2, fill: palette.primary }),
      Plot.dot(sparse, { x: 'mid', y: (b: { mean: number }) => clampGrade(b.mean), r: 2.2, fill: 'white', stroke: palette.primary, strokeWidth: STROKE.normal }),
    ],
  });
  const legend = legendSvg(
    document,
    [
      input.density
        ? { kind: 'square' as const, color: palette.muted, opacity: 0.5, label: `${input.density.visits.toLocaleString('en-US')} graded visits, shaded by number per ${input.density.dayWidth}-day bin and grade` }
        : { kind: 'dot' as const, color: palette.muted, opacity: 0.5, label: 'Graded visit (jittered vertically)' },
      { kind: 'line', color: palette.primary, label: 'Mean grade per time bin' },
      { kind: 'band', color: palette.band, opacity: 0.45, label: '95% CI of the mean' },
      ...(sparse.length ? [{ kind: 'circle' as const, color: palette.primary, label: `Bin with < ${minN} visits (no CI)` }] : []),
    ],
    width,
  );
  return stackSvgs(document, [legend, plot as unknown as Element], 2);
}

/** Shaded cells (opacity ∝ √count, so sparse cells stay visible); the legend says what they are. */
function densityMarks(density: VisitDensity) {
  const max = Math.max(1, ...density.cells.map((c) => c.n));
  return Plot.rect(density.cells, {
    x1: 'start',
    x2: 'end',
    y1: (c: { grade: number }) => c.grade - 0.25,
    y2: (c: { grade: number }) => c.grade + 0.25,
    fill: palette.muted,
    fillOpacity: (c: { n: number }) => 0.08 + 0.72 * Math.sqrt(c.n / max),
    stroke: null,
  });
}
