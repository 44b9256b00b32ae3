import * as Plot from '@observablehq/plot';
import { EDUCATIONAL_LABEL, type PublishedAnchor } from '../teaching/clinical-facts';
import type { CourseShare } from '../teaching/natural-history';
import { baseStyle, palette, figureWidthPx, type FigureOptions } from './theme';

/**
 * The natural-history figure of the teaching notebook: this cohort's share completely recovered
 * (grade I) and at grade II or better per period (lines, labelled "this cohort"), beside the
 * published figures (points, labelled with their source). A series' final outcome is drawn at
 * the right edge.
 */
export function naturalHistory(course: readonly CourseShare[], anchors: readonly (PublishedAnchor & { source: string })[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const mid = (c: CourseShare) => (c.from + Math.min(c.to, 300)) / 2;
  const rows = course.filter((c) => c.n > 0);
  const lines = [
    ...rows.map((c) => ({ day: mid(c), percent: c.complete * 100, series: 'This cohort: grade I' })),
    ...rows.map((c) => ({ day: mid(c), percent: c.acceptable * 100, series: 'This cohort: grade ≤ II' })),
  ];
  const points = anchors.map((a) => ({ day: a.day ?? 300, percent: a.percent, label: `${a.percent}% ${a.label.toLowerCase()} (${a.source}, published)` }));
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(width * 0.55),
    marginLeft: 48,
    marginRight: 16,
    marginTop: 30,
    marginBottom: 40,
    style: baseStyle,
    ariaLabel: 'Recovery over time: this cohort beside published figures',
    x: { domain: [0, 310], ticks: [0, 30, 90, 180, 270, 300], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0, 100], label: 'Patients recovered (%)', labelArrow: 'none', grid: true },
    color: { domain: ['This cohort: grade I', 'This cohort: grade ≤ II'], range: [palette.primary, palette.ok] },
    marks: [
      Plot.line(lines, { x: 'day', y: 'percent', stroke: 'series', strokeWidth: 2, marker: 'circle' }),
      // Lines labelled directly (a swatch legend would not survive the SVG export).
      Plot.text(lines, Plot.selectFirst({ x: 'day', y: 'percent', z: 'series', text: 'series', fill: 'series', dy: -10, textAnchor: 'start', fontSize: 10.5 })),
      Plot.dot(points, { x: 'day', y: 'percent', r: 5, fill: palette.secondary, symbol: 'diamond' }),
      Plot.text(points, { x: 'day', y: 'percent', text: 'label', dx: -8, textAnchor: 'end', fontSize: 10, fill: palette.secondary }),
      // Exports carry the label too (the SVG and PNG leave the page).
      Plot.text([EDUCATIONAL_LABEL], { frameAnchor: 'top-left', dy: -22, fontSize: 10.5, fill: palette.muted }),
    ],
  });
}
