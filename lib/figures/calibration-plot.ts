import * as Plot from '@observablehq/plot';
import { legendHeight, legendMarks, type LegendItem } from './legend';
import { baseStyle, palette, figureWidthPx, type FigureOptions } from './theme';

export interface CalibrationPanel {
  subset: string;
  /** LOWESS of the observed outcome on the predicted probability, with a bootstrap band. */
  curve: { x: number; y: number; low: number; high: number }[];
  groups: { meanPredicted: number; observed: number; low: number; high: number }[];
  /** Every test prediction with its outcome, for the rug under the curve. */
  predictions: { p: number; recovered: boolean }[];
  caption: string;
}

const axis = { labelAnchor: 'center', labelArrow: 'none' } as const;
export const CALIBRATION_SERIES = ['Ideal', 'LOWESS smooth (95% band)', 'Deciles of prediction (95% CI)', 'Rug: recovered', 'Rug: not recovered'] as const;

/**
 * Calibration plot per subset: predicted probability of recovery against the observed share
 * recovered. The smoothed curve (with its pointwise bootstrap band), the grouped points with
 * Wilson intervals, the diagonal of perfect calibration, and below the axis a rug of every
 * prediction (recovered above, not recovered below), which shows where the predictions lie.
 */
export function calibrationPlot(panels: CalibrationPanel[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const [ideal, smooth, deciles, rugYes, rugNo] = CALIBRATION_SERIES;
  const band = panels.flatMap((p) => p.curve.filter((c) => Number.isFinite(c.low) && Number.isFinite(c.high)).map((c) => ({ ...c, subset: p.subset })));
  const curve = panels.flatMap((p) => p.curve.map((c) => ({ ...c, subset: p.subset })));
  const groups = panels.flatMap((p) => p.groups.map((g) => ({ ...g, subset: p.subset })));
  const rug = panels.flatMap((p) => p.predictions.map((d) => ({ ...d, subset: p.subset, y1: d.recovered ? -0.05 : -0.1, y2: d.recovered ? -0.01 : -0.06 })));
  const diagonal = panels.map((p) => ({ subset: p.subset }));
  const captions = panels.map((p) => ({ subset: p.subset, text: p.caption }));
  const panelWidth = width / Math.max(1, panels.length);
  const legend: LegendItem[] = [
    { label: smooth, color: palette.primary, kind: 'line' },
    { label: deciles, color: palette.ink, kind: 'dot' },
    { label: `${ideal} (perfect calibration)`, color: palette.muted, kind: 'dash' },
    { label: 'Predictions of recovered windows (upper rug)', color: palette.ok, kind: 'line' },
    { label: 'of not recovered (lower rug)', color: palette.secondary, kind: 'line' },
  ];
  const below = 44;
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(panelWidth) + 90 + legendHeight(legend, width),
    marginLeft: 52,
    marginTop: 26,
    marginBottom: below + legendHeight(legend, width),
    marginRight: 12,
    style: baseStyle,
    ariaLabel: 'Calibration of the SVM probabilities on the test part',
    fx: { domain: panels.map((p) => p.subset), label: null, padding: 0.12 },
    x: { domain: [0, 1], label: 'Predicted probability of recovery', ...axis, labelOffset: 32 },
    y: { domain: [-0.1, 1], label: 'Observed share recovered', grid: true, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], ...axis },
    color: { domain: [...CALIBRATION_SERIES], range: [palette.muted, palette.primary, palette.ink, palette.ok, palette.secondary] },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.link(diagonal, { x1: 0, y1: 0, x2: 1, y2: 1, fx: 'subset', stroke: () => ideal, strokeDasharray: '4 3' }),
      Plot.areaY(band, { x: 'x', y1: 'low', y2: 'high', fx: 'subset', fill: () => smooth, fillOpacity: 0.18 }),
      Plot.line(curve, { x: 'x', y: 'y', fx: 'subset', stroke: () => smooth, strokeWidth: 1.8 }),
      Plot.ruleX(groups, { x: 'meanPredicted', y1: 'low', y2: 'high', fx: 'subset', stroke: () => deciles, strokeOpacity: 0.7 }),
      Plot.dot(groups, { x: 'meanPredicted', y: 'observed', fx: 'subset', fill: () => deciles, r: 3 }),
      Plot.ruleX(rug, { x: 'p', y1: 'y1', y2: 'y2', fx: 'subset', stroke: (d: { recovered: boolean }) => (d.recovered ? rugYes : rugNo), strokeOpacity: 0.6 }),
      Plot.text(captions, { fx: 'subset', text: 'text', frameAnchor: 'top-left', dx: 6, dy: 6, textAnchor: 'start', lineAnchor: 'top', fontSize: 10, fill: palette.ink }),
      ...legendMarks(legend, width, { marginLeft: 52, below }),
    ],
  });
}
