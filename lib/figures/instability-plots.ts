import * as Plot from '@observablehq/plot';
import { visibleSegments, visibleSegmentsBy } from './clip-safe';
import { gridSvgs, stackSvgs } from './compose-figure';
import { legendSvg, type LegendItem } from './legend';
import { TWO_COLUMNS_FROM_PX, panelRowHeaders } from './panel-header';
import { CENTERED_AXIS_LABEL, FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, type FigureOptions } from './theme';

export interface InstabilityPanel {
  subset: string;
  /** One dot per (window, replicate): the original model's prediction and the replicate model's. */
  dots: { x: number; y: number }[];
  /** Smoothed 2.5th and 97.5th percentiles of the replicate predictions along the original prediction. */
  band: { x: number; low: number; high: number }[];
  caption: string;
}

export interface CalibrationInstabilityPanel {
  subset: string;
  /** One smoothed calibration curve per replicate model, on the original development data. */
  curves: { x: number; y: number }[][];
  /** The original model's apparent curve. */
  apparent: { x: number; y: number }[];
  caption: string;
}

const MARGIN = { left: 44, right: 10, bottom: 32 } as const;
const clip01 = (v: number) => Math.min(1, Math.max(0, v));

function layout(options: FigureOptions, count: number) {
  const width = figureWidthPx(options, 183);
  const gap = 8;
  const columns = width >= TWO_COLUMNS_FROM_PX ? Math.min(2, count || 1) : 1;
  const panelW = Math.floor((width - gap * (columns - 1)) / columns);
  const plotW = panelW - MARGIN.left - MARGIN.right;
  const ticks = plotW < 170 ? [0, 0.5, 1] : [0, 0.2, 0.4, 0.6, 0.8, 1];
  return { width, gap, columns, panelW, plotW, ticks };
}

type PanelHeader = ReturnType<typeof panelRowHeaders>[number];

/** One panel: the frame, margins and style all three plots share, its header above the plot area. */
function panelPlot(
  document: Document,
  header: PanelHeader,
  panel: { width: number; plotH: number; left: number; ariaLabel: string; x: Plot.ScaleOptions; y: Plot.ScaleOptions; marks: Plot.Markish[] },
): Element {
  return Plot.plot({
    document,
    width: panel.width,
    height: header.height + panel.plotH + MARGIN.bottom,
    marginLeft: panel.left,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginTop: header.height,
    style: baseStyle,
    ariaLabel: panel.ariaLabel,
    x: panel.x,
    y: panel.y,
    marks: [Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }), ...panel.marks, ...header.marks],
  }) as unknown as Element;
}

/** The legend over the panels, one or two to a row. */
function withLegend(document: Document, items: LegendItem[], width: number, parts: Element[], columns: number, gap: number) {
  return stackSvgs(document, [legendSvg(document, items, width), gridSvgs(document, parts, columns, gap)], 2);
}

/**
 * Riley & Collins' prediction instability plot, per subset: x the original model's probability
 * of recovery for each development window, y each bootstrap model's probability for it (one faint
 * dot per window × replicate), the diagonal, and the smoothed 2.5th/97.5th percentile lines.
 */
export function predictionInstabilityPlot(panels: InstabilityPanel[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const { width, gap, columns, panelW, plotW, ticks } = layout(options, panels.length);
  const headers = panelRowHeaders(panels.map((p) => ({ title: p.subset, caption: p.caption.split('\n') })), panelW, MARGIN.left);
  const parts = panels.map((p, k) => {
    const header = headers[k]!;
    const band = p.band.filter((b) => Number.isFinite(b.low) && Number.isFinite(b.high)).map((b) => ({ x: b.x, low: clip01(b.low), high: clip01(b.high) }));
    return panelPlot(document, header, {
      width: panelW,
      plotH: Math.round(plotW * (columns > 1 ? 1 : 0.85)),
      left: MARGIN.left,
      ariaLabel: `Prediction instability: ${p.subset}`,
      x: { domain: [0, 1], ticks, label: 'Original model: probability of recovery', ...CENTERED_AXIS_LABEL },
      y: { domain: [0, 1], ticks, label: 'Bootstrap models: probability', grid: true, ...CENTERED_AXIS_LABEL },
      marks: [
        Plot.dot(p.dots, { x: 'x', y: 'y', r: 0.9, fill: palette.muted, fillOpacity: 0.12, stroke: null }),
        Plot.link([{}], { x1: 0, y1: 0, x2: 1, y2: 1, stroke: palette.ink, strokeDasharray: '4,3', strokeWidth: STROKE.normal }),
        Plot.line(band, { x: 'x', y: 'low', stroke: palette.accent, strokeWidth: STROKE.line }),
        Plot.line(band, { x: 'x', y: 'high', stroke: palette.accent, strokeWidth: STROKE.line, strokeDasharray: '6,2' }),
      ],
    });
  });
  const items: LegendItem[] = [
    { kind: 'dot', color: palette.muted, label: 'A window’s prediction by one bootstrap model' },
    { kind: 'line', color: palette.accent, label: '2.5th percentile (smoothed)' },
    { kind: 'line', color: palette.accent, dash: '6,2', label: '97.5th percentile (smoothed)' },
    { kind: 'line', color: palette.ink, dash: '4,3', label: 'Equal to the original' },
  ];
  return withLegend(document, items, width, parts, columns, gap);
}

/**
 * Calibration instability plot, per subset: one thin LOWESS calibration curve per bootstrap model
 * on the original development data, over the original model's apparent curve.
 */
export function calibrationInstabilityPlot(panels: CalibrationInstabilityPanel[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const { width, gap, columns, panelW, plotW, ticks } = layout(options, panels.length);
  const headers = panelRowHeaders(panels.map((p) => ({ title: p.subset, caption: p.caption.split('\n') })), panelW, MARGIN.left);
  const parts = panels.map((p, k) => {
    const header = headers[k]!;
    const lines = p.curves.flatMap((c, b) => c.filter((pt) => Number.isFinite(pt.y)).map((pt) => ({ x: pt.x, y: clip01(pt.y), b })));
    const apparent = p.apparent.filter((pt) => Number.isFinite(pt.y)).map((pt) => ({ x: pt.x, y: clip01(pt.y) }));
    return panelPlot(document, header, {
      width: panelW,
      plotH: Math.round(plotW * (columns > 1 ? 1 : 0.85)),
      left: MARGIN.left,
      ariaLabel: `Calibration instability: ${p.subset}`,
      x: { domain: [0, 1], ticks, label: 'Predicted probability of recovery', ...CENTERED_AXIS_LABEL },
      y: { domain: [0, 1], ticks, label: 'Observed share recovered', grid: true, ...CENTERED_AXIS_LABEL },
      marks: [
        Plot.link([{}], { x1: 0, y1: 0, x2: 1, y2: 1, stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal }),
        Plot.line(lines, { x: 'x', y: 'y', z: 'b', stroke: palette.band, strokeOpacity: 0.35, strokeWidth: STROKE.hair }),
        Plot.line(apparent, { x: 'x', y: 'y', stroke: palette.ink, strokeWidth: STROKE.emphasis }),
      ],
    });
  });
  const items: LegendItem[] = [
    { kind: 'line', color: palette.band, label: 'One bootstrap model on the original data (LOWESS)' },
    { kind: 'line', color: palette.ink, label: 'Original model (apparent)' },
    { kind: 'line', color: palette.muted, dash: '4,3', label: 'Ideal' },
  ];
  return withLegend(document, items, width, parts, columns, gap);
}

export interface DecisionInstabilityPanel {
  subset: string;
  /** One net benefit curve per replicate model, on the original development data. */
  curves: { threshold: number; netBenefit: number }[][];
  /** The original model's curve with refer all and refer none. */
  original: { threshold: number; model: number; treatAll: number; treatNone: number }[];
  /** Share of individuals with the event (not recovered): refer all's net benefit as pt → 0. */
  eventRate: number;
  caption: string;
}

/**
 * Decision-curve instability plot (Riley & Collins 2023), per subset: one thin net benefit curve
 * per bootstrap model on the original development data, over the original model's curve, with
 * refer all and refer none. The y axis is cut as the decision-curve figure cuts it (a little
 * below zero; curves clipped at the frame).
 */
export function decisionInstabilityPlot(panels: DecisionInstabilityPanel[], options: FigureOptions & { /** Unit of the net benefit: what one decision counts. */ unit?: string } = {}) {
  const document = documentOf(options);
  const { width, gap, columns, panelW, plotW: plotW0 } = layout(options, panels.length);
  // The decision-curve figure's left margin: net benefit ticks (−0.05) are wider than 0.2.
  const left = 52;
  const plotW = plotW0 - (left - MARGIN.left);
  const unit = options.unit ?? 'window';
  const top = Math.max(0.02, ...panels.map((p) => p.eventRate)) * 1.15;
  const bottom = -top * 0.35;
  const plotH = Math.round(plotW * 0.75);
  const yLabel = plotH >= textWidth(`Net benefit (per ${unit})`, FONT.tick) + 8 ? `Net benefit (per ${unit})` : 'Net benefit';
  const headers = panelRowHeaders(panels.map((p) => ({ title: p.subset, caption: p.caption.split('\n') })), panelW, left);
  const parts = panels.map((p, k) => {
    const header = headers[k]!;
    const lines = p.curves.flatMap((c, b) => c.filter((pt) => Number.isFinite(pt.netBenefit)).map((pt) => ({ threshold: pt.threshold, netBenefit: pt.netBenefit, b })));
    const original = p.original.filter((d) => Number.isFinite(d.model));
    return panelPlot(document, header, {
      width: panelW,
      plotH,
      left,
      ariaLabel: `Decision-curve instability: ${p.subset}`,
      x: { label: 'Threshold probability of not recovering', ...CENTERED_AXIS_LABEL, tickFormat: '.0%', ticks: plotW < 200 ? 4 : 6 },
      y: { domain: [bottom, top], label: yLabel, grid: true, ticks: plotH < 160 ? 4 : 6, ...CENTERED_AXIS_LABEL },
      marks: [
        Plot.line(visibleSegmentsBy(lines, 'b', 'netBenefit', bottom, top), { x: 'threshold', y: 'netBenefit', z: 'b', stroke: palette.band, strokeOpacity: 0.35, strokeWidth: STROKE.hair, clip: true }),
        Plot.line(visibleSegments(p.original, 'treatNone', bottom, top), { x: 'threshold', y: 'treatNone', stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal, clip: true }),
        Plot.line(visibleSegments(p.original, 'treatAll', bottom, top), { x: 'threshold', y: 'treatAll', stroke: palette.secondary, strokeWidth: STROKE.line, clip: true }),
        Plot.line(visibleSegments(original, 'model', bottom, top), { x: 'threshold', y: 'model', stroke: palette.ink, strokeWidth: STROKE.emphasis, clip: true }),
      ],
    });
  });
  const items: LegendItem[] = [
    { kind: 'line', color: palette.band, label: 'One bootstrap model on the original data' },
    { kind: 'line', color: palette.ink, label: 'Original model' },
    { kind: 'line', color: palette.secondary, label: 'Refer all' },
    { kind: 'line', color: palette.muted, dash: '4,3', label: 'Refer none' },
  ];
  return withLegend(document, items, width, parts, columns, gap);
}
