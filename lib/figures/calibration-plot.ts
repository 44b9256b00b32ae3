import * as Plot from '@observablehq/plot';
import { gridSvgs, stackSvgs } from './compose-figure';
import { legendSvg, noteSvg, type LegendItem } from './legend';
import { TWO_COLUMNS_FROM_PX, panelRowHeaders } from './panel-header';
import { CENTERED_AXIS_LABEL, STROKE, baseStyle, documentOf, figureWidthPx, palette, type FigureOptions } from './theme';

export interface CalibrationPanel {
  subset: string;
  /** LOWESS of the observed outcome on the predicted probability, with a bootstrap band. */
  curve: { x: number; y: number; low: number; high: number }[];
  /** Equal-size groups by predicted probability, observed share with its Wilson interval. */
  groups: { meanPredicted: number; observed: number; low: number; high: number }[];
  /** Every test prediction with its outcome, for the rug under the curve. */
  predictions: { p: number; recovered: boolean }[];
  /** Lines under the panel title (intercept, slope, ICI, Brier with CIs), "\n"-separated. */
  caption: string;
}

const MARGIN = { left: 44, right: 10, bottom: 32 } as const;
const clip01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * How many points of the smoothed curves or their bands lie outside [0, 1]. A LOWESS of 0/1
 * outcomes is a local linear fit and can run past 0 or 1 near the ends (the percentile band of
 * its bootstrap fits more so); a share recovered cannot, so the figure draws them clipped to
 * [0, 1] and says where. The statistics (ICI, E50...) use the smooth as fitted, as rms::val.prob
 * does. The grouped points' Wilson intervals lie within [0, 1] by construction.
 */
export function clippedCurvePoints(panels: readonly CalibrationPanel[]): number {
  let n = 0;
  for (const p of panels) for (const c of p.curve) if ([c.y, c.low, c.high].some((v) => Number.isFinite(v) && (v < 0 || v > 1))) n++;
  return n;
}

/**
 * Calibration plot per subset: predicted probability of recovery against the observed share
 * recovered. The smoothed curve (with its pointwise bootstrap band), the grouped points with
 * Wilson intervals, the diagonal of perfect calibration, and below the axis a rug of every
 * prediction (recovered above, not recovered below), which shows where the predictions lie.
 * Two panels side by side from about 117 mm, one below the other under that.
 */
export function calibrationPlot(panels: CalibrationPanel[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const gap = 8;
  const columns = width >= TWO_COLUMNS_FROM_PX ? Math.min(2, panels.length || 1) : 1;
  const panelW = Math.floor((width - gap * (columns - 1)) / columns);
  const plotW = panelW - MARGIN.left - MARGIN.right;
  const ticks = plotW < 170 ? [0, 0.5, 1] : [0, 0.2, 0.4, 0.6, 0.8, 1];
  const clipped = clippedCurvePoints(panels);
  const headers = panelRowHeaders(panels.map((p) => ({ title: p.subset, caption: p.caption.split('\n') })), panelW, MARGIN.left);
  const parts = panels.map((p, k) => {
    const header = headers[k]!;
    const curve = p.curve.filter((c) => Number.isFinite(c.y)).map((c) => ({ x: c.x, y: clip01(c.y) }));
    const band = p.curve.filter((c) => Number.isFinite(c.low) && Number.isFinite(c.high)).map((c) => ({ x: c.x, low: clip01(c.low), high: clip01(c.high) }));
    const groups = p.groups.map((g) => ({ ...g, low: clip01(g.low), high: clip01(g.high) }));
    const rug = p.predictions.map((d) => ({ ...d, y1: d.recovered ? -0.05 : -0.1, y2: d.recovered ? -0.015 : -0.065 }));
    return Plot.plot({
      document,
      width: panelW,
      // Near square side by side; a little flatter one below the other, so a single column stays under a page.
      height: header.height + Math.round(plotW * (columns > 1 ? 1.1 : 0.85)) + MARGIN.bottom,
      marginLeft: MARGIN.left,
      marginRight: MARGIN.right,
      marginBottom: MARGIN.bottom,
      marginTop: header.height,
      style: baseStyle,
      ariaLabel: `Calibration: ${p.subset}`,
      x: { domain: [0, 1], ticks, label: 'Predicted probability of recovery', ...CENTERED_AXIS_LABEL },
      y: { domain: [-0.1, 1], ticks, label: 'Observed share recovered', grid: true, ...CENTERED_AXIS_LABEL },
      marks: [
        Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
        Plot.link([{}], { x1: 0, y1: 0, x2: 1, y2: 1, stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal }),
        Plot.areaY(band, { x: 'x', y1: 'low', y2: 'high', fill: palette.primary, fillOpacity: 0.18 }),
        Plot.line(curve, { x: 'x', y: 'y', stroke: palette.primary, strokeWidth: STROKE.line }),
        Plot.ruleX(groups, { x: 'meanPredicted', y1: 'low', y2: 'high', stroke: palette.ink, strokeWidth: STROKE.normal }),
        Plot.dot(groups, { x: 'meanPredicted', y: 'observed', fill: palette.ink, r: 2.6 }),
        Plot.ruleX(rug, { x: 'p', y1: 'y1', y2: 'y2', stroke: (d: { recovered: boolean }) => (d.recovered ? palette.ok : palette.secondary), strokeOpacity: 0.7, strokeWidth: STROKE.hair }),
        ...header.marks,
      ],
    }) as unknown as Element;
  });
  // A panel set without smooths (too few patients for one: the prognosis model's held-out check) has no smooth in its legend.
  const smoothed = panels.some((p) => p.curve.length > 0);
  const items: LegendItem[] = [
    ...(smoothed
      ? ([
          { kind: 'line', color: palette.primary, label: 'LOWESS smooth' },
          { kind: 'band', color: palette.primary, opacity: 0.18, label: 'its 95% bootstrap band' },
        ] as LegendItem[])
      : []),
    { kind: 'dot', color: palette.ink, label: 'Equal-size groups by predicted probability (Wilson 95% CI)' },
    { kind: 'line', color: palette.muted, dash: '4,3', label: 'Ideal (perfect calibration)' },
    { kind: 'line', color: palette.ok, label: 'Rug: recovered (upper)' },
    { kind: 'line', color: palette.secondary, label: 'not recovered (lower)' },
  ];
  const stack = [legendSvg(document, items, width), gridSvgs(document, parts, columns, gap)];
  if (clipped) stack.push(noteSvg(document, `The smooth or its band ran outside 0–1 at ${clipped} of ${panels.reduce((s, p) => s + p.curve.length, 0)} points (a LOWESS of 0/1 outcomes can) and is drawn clipped to 0–1 there.`, width));
  return stackSvgs(document, stack, 2);
}
