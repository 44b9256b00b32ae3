import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette, romanGrade } from './theme';

export interface GradeGroup {
  actual: number;
  n: number;
  meanPredicted: number;
  /** Predictions further than 2 SD from their group's mean. */
  outliers: number[];
}

/**
 * Fig. 5: predicted vs actual grade at the outcome visit. Per actual grade: the mean prediction
 * (dot), predictions beyond 2 SD of the group (open circles), the group size (grey bar, labelled),
 * and the identity line for reference.
 */
export function predictedByGrade(groups: GradeGroup[], options: { document?: Document; width?: number; title?: string } = {}) {
  const width = options.width ?? COLUMN_WIDTH.single + 100;
  const maxN = Math.max(1, ...groups.map((g) => g.n));
  const barTop = (n: number) => 0.6 + (n / maxN) * 1.4;
  const outliers = groups.flatMap((g) => g.outliers.map((p) => ({ actual: g.actual, predicted: p })));
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(width * 0.85),
    marginLeft: 48,
    marginBottom: 42,
    marginTop: options.title ? 26 : 12,
    style: baseStyle,
    ariaLabel: 'Predicted grade by actual grade',
    caption: undefined,
    x: { domain: [0.6, 6.4], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'Actual grade (SAG4)', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: [0.6, 6.4], ticks: [1, 2, 3, 4, 5, 6], tickFormat: romanGrade, label: 'Predicted grade', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.rectY(groups, { x1: (d: GradeGroup) => d.actual - 0.18, x2: (d: GradeGroup) => d.actual + 0.18, y1: 0.6, y2: (d: GradeGroup) => barTop(d.n), fill: palette.light }),
      Plot.text(groups, { x: 'actual', y: (d: GradeGroup) => barTop(d.n), text: (d: GradeGroup) => `n=${d.n}`, dy: -6, fontSize: 9.5, fill: palette.muted }),
      Plot.line([[1, 1], [6, 6]], { stroke: palette.muted, strokeDasharray: '4,3' }),
      Plot.dot(outliers, { x: 'actual', y: 'predicted', r: 3, stroke: palette.secondary, fill: 'none', clip: true }),
      Plot.dot(groups, { x: 'actual', y: 'meanPredicted', r: 4.5, fill: palette.primary, clip: true }),
      ...(options.title ? [Plot.text([options.title], { frameAnchor: 'top-left', dy: -18, fontWeight: 'bold' })] : []),
    ],
  });
}

/** Groups predictions by actual grade (half grades are their own group). */
export function gradeGroups(rows: readonly { actual: number; predicted: number }[]): GradeGroup[] {
  const by = new Map<number, number[]>();
  for (const r of rows) by.set(r.actual, [...(by.get(r.actual) ?? []), r.predicted]);
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([actual, preds]) => {
      const n = preds.length;
      const mean = preds.reduce((s, p) => s + p, 0) / n;
      const sd = n > 1 ? Math.sqrt(preds.reduce((s, p) => s + (p - mean) ** 2, 0) / (n - 1)) : 0;
      return { actual, n, meanPredicted: mean, outliers: sd > 0 ? preds.filter((p) => Math.abs(p - mean) > 2 * sd) : [] };
    });
}
