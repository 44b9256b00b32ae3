import * as Plot from '@observablehq/plot';
import { legendHeight, legendMarks, type LegendItem } from './legend';
import { baseStyle, palette, figureWidthPx, type FigureOptions } from './theme';

export interface DecisionCurvePanel {
  subset: string;
  points: { threshold: number; model: number; treatAll: number; treatNone: number }[];
  /** Share of windows with the event (not recovered): the net benefit of treating all at pt → 0. */
  eventRate: number;
}

const axis = { labelAnchor: 'center', labelArrow: 'none' } as const;
export const DECISION_SERIES = ['SVM (refer if risk ≥ threshold)', 'Refer all', 'Refer none'] as const;

/**
 * Decision curves per subset for the event "not recovered" (the patient one would refer early):
 * net benefit of referring by the model's risk against referring everyone and no one, over
 * threshold probabilities. The y axis is cut a little below zero; "refer all" falls far below it
 * at high thresholds.
 */
export function decisionCurves(panels: DecisionCurvePanel[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const [model, all, none] = DECISION_SERIES;
  const top = Math.max(0.02, ...panels.map((p) => p.eventRate)) * 1.15;
  const bottom = -top * 0.35;
  const rows = panels.flatMap((p) =>
    p.points.flatMap((d) => [
      { subset: p.subset, threshold: d.threshold, nb: d.model, series: model },
      { subset: p.subset, threshold: d.threshold, nb: d.treatAll, series: all },
      { subset: p.subset, threshold: d.threshold, nb: d.treatNone, series: none },
    ]),
  );
  const panelWidth = width / Math.max(1, panels.length);
  const legend: LegendItem[] = [
    { label: model, color: palette.primary, kind: 'line' },
    { label: all, color: palette.secondary, kind: 'line' },
    { label: none, color: palette.muted, kind: 'dash' },
  ];
  const below = 44;
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(panelWidth * 0.85) + 80 + legendHeight(legend, width),
    marginLeft: 56,
    marginTop: 26,
    marginBottom: below + legendHeight(legend, width),
    marginRight: 12,
    style: baseStyle,
    ariaLabel: 'Decision curves for early referral of patients not expected to recover',
    fx: { domain: panels.map((p) => p.subset), label: null, padding: 0.12 },
    x: { label: 'Threshold probability of not recovering', ...axis, labelOffset: 32, tickFormat: '.0%' },
    y: { domain: [bottom, top], label: 'Net benefit (per patient)', grid: true, ...axis },
    color: { domain: [...DECISION_SERIES], range: [palette.primary, palette.secondary, palette.muted] },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.line(rows.filter((r) => r.series === none), { x: 'threshold', y: 'nb', stroke: 'series', fx: 'subset', strokeDasharray: '4 3', clip: true }),
      Plot.line(rows.filter((r) => r.series === all), { x: 'threshold', y: 'nb', stroke: 'series', fx: 'subset', strokeWidth: 1.2, clip: true }),
      Plot.line(rows.filter((r) => r.series === model), { x: 'threshold', y: 'nb', stroke: 'series', fx: 'subset', strokeWidth: 1.8, clip: true }),
      ...legendMarks(legend, width, { marginLeft: 56, below }),
    ],
  });
}
