import * as Plot from '@observablehq/plot';
import { EDUCATIONAL_LABEL, type PublishedAnchor } from '../teaching/clinical-facts';
import type { CourseShare } from '../teaching/natural-history';
import { stackSvgs } from './compose-figure';
import { legendSvg, noteSvg, type LegendItem } from './legend';
import { FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, type FigureOptions } from './theme';

/**
 * The natural-history figure of the teaching notebook: this cohort's share completely recovered
 * (grade I) and at grade II or better per period (lines), beside the published figures (numbered
 * diamonds; the legend gives each number's value and source). A series' final outcome is drawn at
 * the right edge. The educational label is part of the figure, so every export carries it.
 */
export function naturalHistory(course: readonly CourseShare[], anchors: readonly (PublishedAnchor & { source: string })[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const mid = (c: CourseShare) => (c.from + Math.min(c.to, 300)) / 2;
  const rows = course.filter((c) => c.n > 0);
  const complete = rows.map((c) => ({ day: mid(c), percent: c.complete * 100 }));
  const acceptable = rows.map((c) => ({ day: mid(c), percent: c.acceptable * 100 }));
  const points = anchors.map((a, i) => ({ day: a.day ?? 300, percent: a.percent, number: String(i + 1), label: `${i + 1}: ${a.percent}% ${a.label.toLowerCase()} (${a.source}, published)` }));
  const plot = Plot.plot({
    document,
    width,
    height: Math.round(Math.min(width * 0.55, 300)),
    marginLeft: 44,
    marginRight: 16,
    marginTop: 10,
    marginBottom: 32,
    style: baseStyle,
    ariaLabel: 'Recovery over time: this cohort beside published figures',
    x: { domain: [0, 310], ticks: width < 400 ? [0, 90, 180, 270] : [0, 30, 90, 180, 270, 300], label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0, 100], label: 'Patients recovered (%)', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
      Plot.line(complete, { x: 'day', y: 'percent', stroke: palette.primary, strokeWidth: STROKE.line, marker: 'circle' }),
      Plot.line(acceptable, { x: 'day', y: 'percent', stroke: palette.ok, strokeWidth: STROKE.line, strokeDasharray: '4,2', marker: 'circle' }),
      Plot.dot(points, { x: 'day', y: 'percent', r: 4, fill: palette.secondary, symbol: 'diamond' }),
      Plot.text(points, { x: 'day', y: 'percent', text: 'number', dx: -7, fontSize: FONT.note, fill: palette.ink, textAnchor: 'end' }),
    ],
  });
  const items: LegendItem[] = [
    { kind: 'line', color: palette.primary, label: 'This cohort: grade I' },
    { kind: 'line', color: palette.ok, dash: '4,2', label: 'This cohort: grade ≤ II' },
    { kind: 'diamond', color: palette.secondary, label: 'Published figures (numbered below)' },
  ];
  const published = noteSvg(document, points.map((p) => p.label).join('\n'), width);
  return stackSvgs(document, [noteSvg(document, EDUCATIONAL_LABEL, width), legendSvg(document, items, width), plot as unknown as Element, published], 2);
}
