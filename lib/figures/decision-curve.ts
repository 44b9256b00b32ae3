import * as Plot from '@observablehq/plot';
import { gridSvgs, stackSvgs } from './compose-figure';
import { visibleSegments } from './clip-safe';
import { legendSvg } from './legend';
import { TWO_COLUMNS_FROM_PX, panelRowHeaders } from './panel-header';
import { CENTERED_AXIS_LABEL, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, FONT, type FigureOptions } from './theme';

export interface DecisionCurvePanel {
  subset: string;
  points: { threshold: number; model: number; treatAll: number; treatNone: number }[];
  /** Share of windows with the event (not recovered): the net benefit of treating all at pt → 0. */
  eventRate: number;
}

export const DECISION_SERIES = ['SVM (refer if risk ≥ threshold)', 'Refer all', 'Refer none'] as const;
const MARGIN = { left: 52, right: 10, bottom: 32 } as const;

/**
 * Decision curves per subset for the event "not recovered" (the patient one would refer early):
 * net benefit of referring by the model's risk against referring everyone and no one, over
 * threshold probabilities. The y axis is cut a little below zero; "refer all" falls far below it
 * at high thresholds (clipped at the frame).
 */
export function decisionCurves(panels: DecisionCurvePanel[], options: FigureOptions & { /** The model's legend entry (default: the paper's SVM). */ modelLabel?: string } = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const gap = 8;
  const [svm, all, none] = DECISION_SERIES;
  const model = options.modelLabel ?? svm;
  const columns = width >= TWO_COLUMNS_FROM_PX ? Math.min(2, panels.length || 1) : 1;
  const panelW = Math.floor((width - gap * (columns - 1)) / columns);
  const plotW = panelW - MARGIN.left - MARGIN.right;
  const top = Math.max(0.02, ...panels.map((p) => p.eventRate)) * 1.15;
  const bottom = -top * 0.35;
  const plotH = Math.round(plotW * 0.75);
  const yLabel = plotH >= textWidth('Net benefit (per patient)', FONT.tick) + 8 ? 'Net benefit (per patient)' : 'Net benefit';
  const headers = panelRowHeaders(panels.map((p) => ({ title: p.subset })), panelW, MARGIN.left);
  const parts = panels.map((p, k) => {
    const header = headers[k]!;
    return Plot.plot({
      document,
      width: panelW,
      height: header.height + plotH + MARGIN.bottom,
      marginLeft: MARGIN.left,
      marginRight: MARGIN.right,
      marginBottom: MARGIN.bottom,
      marginTop: header.height,
      style: baseStyle,
      ariaLabel: `Decision curve: ${p.subset}`,
      x: { label: 'Threshold probability of not recovering', ...CENTERED_AXIS_LABEL, tickFormat: '.0%', ticks: plotW < 200 ? 4 : 6 },
      y: { domain: [bottom, top], label: yLabel, grid: true, ticks: plotH < 160 ? 4 : 6, ...CENTERED_AXIS_LABEL },
      marks: [
        Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
        Plot.line(visibleSegments(p.points, 'treatNone', bottom, top), { x: 'threshold', y: 'treatNone', stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal, clip: true }),
        Plot.line(visibleSegments(p.points, 'treatAll', bottom, top), { x: 'threshold', y: 'treatAll', stroke: palette.secondary, strokeWidth: STROKE.line, clip: true }),
        Plot.line(visibleSegments(p.points, 'model', bottom, top), { x: 'threshold', y: 'model', stroke: palette.primary, strokeWidth: STROKE.line, clip: true }),
        ...header.marks,
      ],
    }) as unknown as Element;
  });
  const legend = legendSvg(
    document,
    [
      { kind: 'line', color: palette.primary, label: model },
      { kind: 'line', color: palette.secondary, label: all },
      { kind: 'line', color: palette.muted, dash: '4,3', label: none },
    ],
    width,
  );
  return stackSvgs(document, [legend, gridSvgs(document, parts, columns, gap)], 2);
}
