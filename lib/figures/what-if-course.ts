import * as Plot from '@observablehq/plot';
import { baseStyle, palette, romanGrade, figureWidthPx, type FigureOptions } from './theme';

export interface WhatIfCourseInput {
  /** The prognosis model's course: median and band of the best grade recorded by each day. */
  course: { day: number; grade: number; low: number; high: number }[];
  /** The entered visits; the last one is the present visit (the landmark). */
  visits: { day: number; grade: number }[];
  horizonDay: number;
  level: number;
}

/**
 * The what-if patient's course from the prognosis model: the best grade recorded by each day
 * (a step line: it can only improve), its central band shaded, the entered visits as dots and
 * the present visit ringed, the horizon as a vertical rule. `fontPx` sets every text (the page
 * draws it for the screen, the handout for print).
 */
export function whatIfCourse(input: WhatIfCourseInput, options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number; height?: number; fontPx?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const font = options.fontPx ?? 13;
  const present = input.visits[input.visits.length - 1]!;
  const level = Math.round(input.level * 100);
  // The course starts at the present visit; the entered visits lead up to it.
  const band = input.course.map((c) => ({ ...c }));
  return Plot.plot({
    document: options.document,
    width,
    height: options.height ?? Math.round(width * 0.55),
    marginLeft: Math.round(font * 4),
    marginBottom: Math.round(font * 3.2),
    marginTop: Math.round(font * 1.6),
    marginRight: Math.round(font * 1.2),
    style: { ...baseStyle, fontSize: `${font}px` },
    ariaLabel: `Best grade recorded by each day up to day ${input.horizonDay}: median with a ${level}% band, from the present grade ${romanGrade(present.grade)} on day ${present.day}`,
    x: { domain: [0, input.horizonDay], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none', ticks: 6 },
    y: { domain: [0.7, 6.3], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'House–Brackmann grade', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.ruleY([2.5], { stroke: palette.ok, strokeDasharray: '4,3' }),
      Plot.ruleX([input.horizonDay], { stroke: palette.muted, strokeDasharray: '2,3' }),
      Plot.areaY(band, { x: 'day', y1: 'low', y2: 'high', curve: 'step-after', fill: palette.primary, fillOpacity: 0.18 }),
      Plot.line(band, { x: 'day', y: 'grade', curve: 'step-after', stroke: palette.primary, strokeWidth: 2.5 }),
      Plot.line(input.visits, { x: 'day', y: 'grade', stroke: palette.secondary, strokeWidth: 1.5, strokeDasharray: '3,3' }),
      Plot.dot(input.visits, { x: 'day', y: 'grade', r: font * 0.4, fill: palette.secondary, stroke: 'white' }),
      Plot.dot([present], { x: 'day', y: 'grade', r: font * 0.8, stroke: palette.ink, strokeWidth: 2, fill: 'none' }),
      Plot.text([present], { x: 'day', y: 'grade', text: () => `today (day ${present.day})`, dx: font * 0.9, dy: -font * 0.9, textAnchor: 'start', fill: palette.ink, fontSize: font }),
      Plot.text([{ x: input.horizonDay, y: 2.5 }], { x: 'x', y: 'y', text: () => 'II or better below', dy: font * 0.9, dx: -4, textAnchor: 'end', fill: palette.ok, fontSize: font }),
    ],
  });
}
