import * as Plot from '@observablehq/plot';
import { gridSvgs, stackSvgs } from './compose-figure';
import { legendSvg, type LegendItem } from './legend';
import { TWO_COLUMNS_FROM_PX, panelRowHeaders } from './panel-header';
import { CENTERED_AXIS_LABEL, FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, romanGrade, textWidth, type FigureOptions } from './theme';

export interface GradeBiasPoint {
  subset: string;
  model: string;
  /** Actual House–Brackmann grade at the predicted visit. */
  grade: number;
  /** Mean of predicted − actual (grades). */
  bias: number;
  n: number;
}

const MARGIN = { left: 48, right: 10, bottom: 32 } as const;

/**
 * Calibration of the LSTM grade predictions: mean error (predicted − actual) by the actual grade,
 * one line per model (colour and marker) and a panel per subset. A line above 0 means the model
 * predicts worse grades than observed at that grade; regression to the mean shows as a falling line.
 */
export function gradeBias(points: GradeBiasPoint[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const gap = 8;
  const subsets = [...new Set(points.map((p) => p.subset))];
  const models = [...new Set(points.map((p) => p.model))];
  const colors = [palette.primary, palette.secondary, palette.ok];
  const dashes = [undefined, '4,2', '1.5,2'];
  const columns = width >= TWO_COLUMNS_FROM_PX ? Math.min(2, subsets.length || 1) : 1;
  const panelW = Math.floor((width - gap * (columns - 1)) / columns);
  const plotH = Math.round((panelW - MARGIN.left - MARGIN.right) * 0.7);
  const yLabel = plotH >= textWidth('Mean error, predicted − actual (grades)', FONT.tick) + 8 ? 'Mean error, predicted − actual (grades)' : 'Predicted − actual (grades)';
  const values = points.map((p) => p.bias).filter(Number.isFinite);
  const span = Math.max(0.25, ...values.map(Math.abs)) * 1.1;
  const headers = panelRowHeaders(subsets.map((s) => ({ title: s })), panelW, MARGIN.left);
  const parts = subsets.map((subset, k) => {
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
      ariaLabel: `LSTM bias by actual grade: ${subset}`,
      x: { domain: [0.8, 6.2], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'Actual House–Brackmann grade', ...CENTERED_AXIS_LABEL },
      y: { domain: [-span, span], label: yLabel, grid: true, ...CENTERED_AXIS_LABEL, ticks: plotH < 160 ? 4 : 6 },
      marks: [
        Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
        Plot.ruleY([0], { stroke: palette.muted, strokeWidth: STROKE.normal }),
        ...models.flatMap((m, i) => {
          const rows = points.filter((p) => p.subset === subset && p.model === m && Number.isFinite(p.bias));
          return [
            Plot.line(rows, { x: 'grade', y: 'bias', stroke: colors[i % colors.length], strokeWidth: STROKE.line, ...(dashes[i % dashes.length] ? { strokeDasharray: dashes[i % dashes.length] } : {}) }),
            Plot.dot(rows, { x: 'grade', y: 'bias', stroke: colors[i % colors.length], fill: 'white', r: 2.6, strokeWidth: STROKE.normal, title: (d: GradeBiasPoint) => `${d.model}, grade ${romanGrade(d.grade)}: ${d.bias.toFixed(2)} (n = ${d.n})` }),
          ];
        }),
        ...header.marks,
      ],
    }) as unknown as Element;
  });
  const legend: LegendItem[] = models.map((m, i) => ({ label: `LSTM ${m}`, color: colors[i % colors.length]!, kind: 'line', dash: dashes[i % dashes.length] }));
  return stackSvgs(document, [legendSvg(document, legend, width), gridSvgs(document, parts, columns, gap)], 2);
}
