import * as Plot from '@observablehq/plot';
import type { VisitDensity } from '../course/visit-density';
import { COLUMN_WIDTH, baseStyle, palette, romanGrade } from './theme';

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
 * Fig. 2: the clinical course. Every (day, grade) pair as a faint jittered dot, the mean grade
 * per time bin as a line with its 95% CI band. Grade I (normal) at the bottom. With `density`
 * (a large cohort) the dots are replaced by cells shaded by the number of visits, and the
 * figure says so, so its size stays bounded whatever the number of visits.
 */
export function clinicalCourse(input: ClinicalCourseInput, options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const bins = input.bins.filter((b) => b.n > 0).map((b) => ({ ...b, mid: (b.start + b.end) / 2 }));
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(width * 0.55),
    marginLeft: 48,
    marginTop: 12,
    marginBottom: 40,
    marginRight: 12,
    style: baseStyle,
    ariaLabel: input.density
      ? `Clinical course: House–Brackmann grade by day since onset; ${input.density.visits} graded visits shown as density`
      : 'Clinical course: House–Brackmann grade by day since onset',
    x: { domain: [0, input.maxDay], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none', grid: false },
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
      ...(input.density ? densityMarks(input.density) : [
        Plot.dot(input.points, { x: 'day', y: (d: { grade: number; jitter: number }) => d.grade + d.jitter, r: 1.4, fill: palette.muted, fillOpacity: 0.35, stroke: null }),
      ]),
      Plot.areaY(bins, { x: 'mid', y1: 'ciLow', y2: 'ciHigh', fill: palette.primary, fillOpacity: 0.2, curve: 'linear', clip: true }),
      Plot.line(bins, { x: 'mid', y: 'mean', stroke: palette.primary, strokeWidth: 2 }),
      Plot.dot(bins, { x: 'mid', y: 'mean', r: 2.2, fill: palette.primary }),
    ],
  });
}

/** Shaded cells (opacity ∝ √count, so sparse cells stay visible) and a note saying what they are. */
function densityMarks(density: VisitDensity) {
  const max = Math.max(1, ...density.cells.map((c) => c.n));
  return [
    Plot.rect(density.cells, {
      x1: 'start',
      x2: 'end',
      y1: (c: { grade: number }) => c.grade - 0.25,
      y2: (c: { grade: number }) => c.grade + 0.25,
      fill: palette.muted,
      fillOpacity: (c: { n: number }) => 0.08 + 0.72 * Math.sqrt(c.n / max),
      stroke: null,
    }),
    Plot.text([`${density.visits.toLocaleString('en-US')} graded visits, too many for one dot each: shading shows their number per ${density.dayWidth}-day bin and grade`], {
      frameAnchor: 'top-right',
      dy: 2,
      dx: -2,
      fontSize: 10,
      fill: palette.ink,
    }),
  ];
}
