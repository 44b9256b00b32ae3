import * as Plot from '@observablehq/plot';
import { baseStyle, palette, romanGrade, figureWidthPx, type FigureOptions } from './theme';

export interface WhatIfCourseInput {
  course: { day: number; predicted: number; low: number; high: number }[];
  visits: { day: number; grade: number }[];
  neighbours: { patient_id: string; course: { day: number; grade: number }[] }[];
  level: number;
}

/**
 * The what-if patient's predicted grade course with its conformal band (shaded), the entered
 * visits (large dots) and the most similar cohort patients' actual courses (thin grey lines).
 */
export function whatIfCourse(input: WhatIfCourseInput, options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number; height?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const similar = input.neighbours.flatMap((n) => n.course.map((c) => ({ ...c, id: n.patient_id })));
  return Plot.plot({
    document: options.document,
    width,
    height: options.height ?? Math.round(width * 0.55),
    marginLeft: 52,
    marginBottom: 42,
    marginRight: 12,
    style: { ...baseStyle, fontSize: '13px' },
    ariaLabel: `Predicted grade course to day 300 with a ${Math.round(input.level * 100)}% band`,
    x: { domain: [0, 300], ticks: [0, 30, 90, 180, 300], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0.7, 6.3], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'House–Brackmann grade', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleY([2.5], { stroke: palette.ok, strokeDasharray: '4,3' }),
      Plot.line(similar, { x: 'day', y: 'grade', z: 'id', stroke: palette.light, strokeWidth: 1 }),
      Plot.areaY(input.course, { x: 'day', y1: 'low', y2: 'high', fill: palette.primary, fillOpacity: 0.15 }),
      Plot.line(input.course, { x: 'day', y: 'predicted', stroke: palette.primary, strokeWidth: 2.5 }),
      Plot.dot(input.visits, { x: 'day', y: 'grade', r: 6, fill: palette.secondary, stroke: 'white' }),
      Plot.text([{ x: 296, y: 2.5 }], { x: 'x', y: 'y', text: () => 'grade II or better below', dy: 10, textAnchor: 'end', fill: palette.ok, fontSize: 11 }),
    ],
  });
}
