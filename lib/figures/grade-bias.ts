import * as Plot from '@observablehq/plot';
import { legendHeight, legendMarks, type LegendItem } from './legend';
import { baseStyle, palette, romanGrade, figureWidthPx, type FigureOptions } from './theme';

export interface GradeBiasPoint {
  subset: string;
  model: string;
  /** Actual House–Brackmann grade at the predicted visit. */
  grade: number;
  /** Mean of predicted − actual (grades). */
  bias: number;
  n: number;
}

const axis = { labelAnchor: 'center', labelArrow: 'none' } as const;

/**
 * Calibration of the LSTM grade predictions: mean error (predicted − actual) by the actual grade,
 * one line per model and a panel per subset. A line above 0 means the model predicts worse
 * grades than observed at that grade; regression to the mean shows as a falling line.
 */
export function gradeBias(points: GradeBiasPoint[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const subsets = [...new Set(points.map((p) => p.subset))];
  const models = [...new Set(points.map((p) => p.model))];
  const colors = [palette.primary, palette.secondary, palette.ok];
  const legend: LegendItem[] = models.map((m, i) => ({ label: `LSTM ${m}`, color: colors[i % colors.length]!, kind: 'line' }));
  const below = 44;
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round((width / Math.max(1, subsets.length)) * 0.75) + 80 + legendHeight(legend, width),
    marginLeft: 56,
    marginTop: 26,
    marginBottom: below + legendHeight(legend, width),
    marginRight: 12,
    style: baseStyle,
    ariaLabel: 'LSTM bias by actual grade',
    fx: { domain: subsets, label: null, padding: 0.12 },
    x: { domain: [1, 6], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'Actual House–Brackmann grade', ...axis, labelOffset: 32 },
    y: { label: 'Mean error, predicted − actual (grades)', grid: true, ...axis },
    color: { domain: models, range: colors },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.ruleY([0], { stroke: palette.muted }),
      Plot.line(points, { x: 'grade', y: 'bias', stroke: 'model', fx: 'subset', strokeWidth: 1.6 }),
      Plot.dot(points, { x: 'grade', y: 'bias', stroke: 'model', fill: 'white', fx: 'subset', r: 3, title: (d: GradeBiasPoint) => `${d.model}, grade ${romanGrade(d.grade)}: ${d.bias.toFixed(2)} (n = ${d.n})` }),
      ...legendMarks(legend, width, { marginLeft: 56, below }),
    ],
  });
}
