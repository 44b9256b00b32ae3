import * as Plot from '@observablehq/plot';
import { EDUCATIONAL_LABEL, type PublishedAnchor } from '../teaching/clinical-facts';
import { curveSummary, stopNote, type RecoveryCurve } from '../teaching/natural-history';
import { stackSvgs } from './compose-figure';
import { legendSvg, noteSvg, type LegendItem } from './legend';
import { FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, type FigureOptions } from './theme';

const STYLE = {
  acceptable: { color: palette.ok, dash: '4,2', row: 'Grade ≤ II' },
  complete: { color: palette.primary, dash: undefined, row: 'Grade I' },
} as const;

/**
 * The natural-history figure of the teaching notebook: the loaded cohort's share recovered by
 * each day, as Kaplan–Meier curves (grade I and grade ≤ II) with 95% confidence bands (Greenwood,
 * log-log), each stopped where fewer than MIN_AT_RISK patients remain at risk; under the x axis
 * the number at risk every 30 days; beside them the published figures for complete recovery
 * (numbered diamonds; the note gives each number's value and source). The educational label is
 * part of the figure, so every export carries it.
 */
export function naturalHistory(curves: readonly RecoveryCurve[], anchors: readonly (PublishedAnchor & { source: string })[], options: FigureOptions = {}): Element {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const drawn = curves.filter((c) => c.steps.length > 0);
  const pct = (p: number) => p * 100;
  const step = width < 400 ? 60 : 30;
  const ticks = Array.from({ length: Math.floor(300 / step) + 1 }, (_, i) => i * step);
  const rowLabelW = Math.max(...curves.map((c) => textWidth(STYLE[c.endpoint].row, FONT.tick)));
  // Room for the row labels of the n-at-risk rows, and for half of a day-0 count centred on the axis.
  const numberHalf = textWidth('0000', FONT.tick) / 2;
  const marginLeft = Math.max(44, Math.ceil(rowLabelW + numberHalf + 6));
  const marginRight = 16;
  const x = { domain: [0, 310], ticks } as const;
  const points = anchors.map((a, i) => ({ day: a.day ?? 300, percent: a.percent, number: String(i + 1), label: `${i + 1}: ${a.percent}% ${a.label.toLowerCase()} (${a.source}, published)` }));
  const marks: Plot.Markish[] = [Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair })];
  for (const c of drawn) {
    const s = STYLE[c.endpoint];
    const rows = c.steps.map((st) => ({ day: st.day, recovered: pct(st.recovered), low: pct(st.low), high: pct(st.high) }));
    marks.push(
      Plot.areaY(rows, { x: 'day', y1: 'low', y2: 'high', curve: 'step-after', fill: s.color, fillOpacity: 0.18 }),
      Plot.line(rows, { x: 'day', y: 'recovered', curve: 'step-after', stroke: s.color, strokeWidth: STROKE.line, strokeDasharray: s.dash }),
      Plot.dot([rows[rows.length - 1]!], { x: 'day', y: 'recovered', r: 2.5, fill: s.color }),
    );
  }
  marks.push(
    Plot.dot(points, { x: 'day', y: 'percent', r: 4, fill: palette.secondary, symbol: 'diamond' }),
    Plot.text(points, { x: 'day', y: 'percent', text: 'number', dx: -7, fontSize: FONT.note, fill: palette.ink, textAnchor: 'end' }),
  );
  const summary = drawn.map(curveSummary).join('; ');
  const plot = Plot.plot({
    document,
    width,
    height: Math.round(Math.min(width * 0.55, 300)),
    marginLeft,
    marginRight,
    marginTop: 10,
    marginBottom: 32,
    style: baseStyle,
    ariaLabel: `Share of patients recovered by each day since onset, Kaplan–Meier with 95% CI: ${summary || 'no curve'}`,
    x: { ...x, label: 'Days since onset', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0, 100], label: 'Patients recovered (%)', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks,
  });
  // The number at risk, one row per curve, under the x axis at its ticks (every 30 days, 60 when
  // narrow) up to where the curve stops.
  const rowNames = curves.map((c) => STYLE[c.endpoint].row);
  const counts = curves.flatMap((c) => c.atDays.filter((p) => ticks.includes(p.day)).map((p) => ({ day: p.day, row: STYLE[c.endpoint].row, n: String(p.atRisk) })));
  const rowH = Math.ceil(FONT.tick * 1.5);
  const atRisk = Plot.plot({
    document,
    width,
    height: rowNames.length * rowH + 4,
    marginLeft,
    marginRight,
    marginTop: 2,
    marginBottom: 2,
    style: baseStyle,
    ariaLabel: `Number at risk: ${curves.map((c) => `${c.label} ${c.atDays.map((p) => `day ${p.day} ${p.atRisk}`).join(', ')}`).join('; ')}`,
    x: { ...x, axis: null },
    y: { type: 'band', domain: rowNames, padding: 0, label: null, tickSize: 0, tickPadding: Math.ceil(numberHalf + 4) },
    marks: [Plot.text(counts, { x: 'day', y: 'row', text: 'n', fontSize: FONT.tick, fill: palette.ink })],
  });
  const items: LegendItem[] = [];
  for (const c of curves) {
    const s = STYLE[c.endpoint];
    items.push({ kind: 'line', color: s.color, dash: s.dash, label: `This cohort: ${c.label}` }, { kind: 'band', color: s.color, opacity: 0.18, label: '95% CI' });
  }
  items.push({ kind: 'diamond', color: palette.secondary, label: 'Published, grade I (numbered below)' });
  const notes = [
    `Kaplan–Meier estimate of the share whose recovery to the grade had been recorded by each day; patients last seen unrecovered are censored then. 95% CI: Greenwood variance, log-log transform. ${stopNote(curves)}`,
    ...points.map((p) => p.label),
  ].join('\n');
  const figure = stackSvgs(document, [noteSvg(document, EDUCATIONAL_LABEL, width), legendSvg(document, items, width), plot as unknown as Element, noteSvg(document, 'Number at risk', width), atRisk as unknown as Element, noteSvg(document, notes, width)], 2);
  // The text alternative of the whole figure (lib/ has no DOM typings: the one method used).
  const outer = figure as unknown as { setAttribute(name: string, value: string): void };
  outer.setAttribute('role', 'img');
  outer.setAttribute('aria-label', `Natural history of this cohort: ${summary || 'no curve'}. ${stopNote(curves)}`);
  return figure;
}
