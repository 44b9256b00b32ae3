import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg, titleSvg, type LegendItem } from './legend';
import { FONT, STROKE, baseStyle, clampGrade, figureWidthPx, gradeLabel, palette, textWidth, type FigureOptions, documentOf } from './theme';

export interface GradeGroup {
  actual: number;
  n: number;
  meanPredicted: number;
  /** SD of the group's predictions (0 for a group of one). Absent in results made before it was added. */
  sd?: number;
  /** Predictions further than 2 SD from their group's mean. */
  outliers: number[];
  /** Predictions of this group outside grades I–VI (drawn at the limit, counted in the legend). */
  outOfRange?: number;
}

const MARGIN_LEFT = 44;
const MARGIN_RIGHT = 10;

/**
 * Fig. 5: predicted vs actual grade at the outcome visit. A strip on top counts the test
 * samples per actual grade (its own axis); below, per actual grade: the mean prediction (dot)
 * with ± 1 SD, predictions beyond 2 SD of the group (open circles) and the identity line.
 * Every grade column is labelled (half grades as "II–III"); everything is drawn within I–VI,
 * values beyond are drawn at the limit and counted in the legend.
 */
export function predictedByGrade(groups: GradeGroup[], options: FigureOptions & { title?: string } = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 89);
  const plotWidth = width - MARGIN_LEFT - MARGIN_RIGHT;
  const actuals = groups.map((g) => g.actual);
  const pxPerGrade = plotWidth / 5.8;
  const minGap = Math.min(1, ...actuals.slice(1).map((a, i) => a - actuals[i]!)) * pxPerGrade;
  const widest = Math.max(0, ...actuals.map((a) => textWidth(gradeLabel(a), FONT.tick)));
  const rotate = widest + 4 > minGap;
  const x = { domain: [0.6, 6.4], ticks: actuals.length ? actuals : [1, 2, 3, 4, 5, 6], tickFormat: gradeLabel, labelAnchor: 'center', labelArrow: 'none' } as const;

  const drawn = (v: number) => clampGrade(v);
  const rows = groups.map((g) => {
    const sd = g.sd ?? 0;
    return { ...g, mean: drawn(g.meanPredicted), lo: drawn(g.meanPredicted - sd), hi: drawn(g.meanPredicted + sd), clampedMean: g.meanPredicted < 1 || g.meanPredicted > 6 };
  });
  const outliers = groups.flatMap((g) => g.outliers.map((p) => ({ actual: g.actual, predicted: drawn(p), clamped: p < 1 || p > 6 })));
  const total = groups.reduce((s, g) => s + g.n, 0);
  const outside = groups.reduce((s, g) => s + (g.outOfRange ?? 0), 0);
  const barW = Math.min(0.36, minGap / pxPerGrade * 0.7);
  const maxN = Math.max(1, ...groups.map((g) => g.n));
  const countLabels = minGap >= textWidth(String(maxN), FONT.note) + 4;

  const counts = Plot.plot({
    document,
    width,
    height: 58,
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: countLabels ? 12 : 6,
    marginBottom: 4,
    style: baseStyle,
    ariaLabel: 'Test samples per actual grade',
    x: { ...x, axis: null },
    y: { label: 'n', labelAnchor: 'center', labelArrow: 'none', ticks: 2, tickFormat: 'd', grid: true, nice: true },
    marks: [
      Plot.rectY(groups, { x1: (d: GradeGroup) => d.actual - barW / 2, x2: (d: GradeGroup) => d.actual + barW / 2, y1: 0, y2: 'n', fill: palette.light }),
      ...(countLabels ? [Plot.text(groups, { x: 'actual', y: 'n', text: (d: GradeGroup) => String(d.n), dy: -6, fontSize: FONT.note, fill: palette.ink })] : []),
      Plot.ruleY([0], { stroke: palette.ink, strokeWidth: STROKE.hair }),
    ],
  });

  const main = Plot.plot({
    document,
    width,
    height: Math.round(Math.min(width * 0.78, 300)) + (rotate ? widest : 0),
    marginLeft: MARGIN_LEFT,
    marginRight: MARGIN_RIGHT,
    marginTop: 6,
    marginBottom: 30 + (rotate ? widest : 0),
    style: baseStyle,
    ariaLabel: 'Predicted grade by actual grade',
    x: { ...x, label: 'Actual grade at outcome visit (SAG4)', tickRotate: rotate ? -90 : 0, labelOffset: 26 + (rotate ? widest : 0) },
    y: { domain: [0.6, 6.4], ticks: [1, 2, 3, 4, 5, 6], tickFormat: gradeLabel, label: 'Predicted grade', labelAnchor: 'center', labelArrow: 'none', grid: true },
    marks: [
      Plot.line([[1, 1], [6, 6]], { stroke: palette.muted, strokeWidth: STROKE.normal, strokeDasharray: '4,3' }),
      Plot.ruleX(rows, { x: 'actual', y1: 'lo', y2: 'hi', stroke: palette.primary, strokeWidth: STROKE.normal }),
      Plot.dot(outliers, { x: 'actual', y: 'predicted', r: 2.6, stroke: palette.accent, strokeWidth: STROKE.normal, fill: 'white' }),
      Plot.dot(rows, { x: 'actual', y: 'mean', r: 3.4, fill: palette.primary, symbol: (d: { clampedMean: boolean }) => (d.clampedMean ? 'triangle' : 'circle') }),
    ],
  });

  const legend: LegendItem[] = [
    { kind: 'dot', color: palette.primary, label: 'Mean prediction ± 1 SD' },
    { kind: 'circle', color: palette.accent, label: 'Prediction > 2 SD from its mean' },
    { kind: 'line', color: palette.muted, dash: '4,3', label: 'Predicted = actual' },
    { kind: 'bar', color: palette.light, label: `Test samples per grade (n = ${total})` },
    ...(rows.some((r) => r.clampedMean) ? [{ kind: 'triangle' as const, color: palette.primary, label: 'Mean beyond I–VI, drawn at the limit' }] : []),
    ...(outside > 0 ? [{ kind: 'text' as const, color: palette.ink, label: `${outside} of ${total} predictions beyond I–VI are drawn at the limit` }] : []),
  ];
  const parts = [legendSvg(document, legend, width), counts as unknown as Element, main as unknown as Element];
  if (options.title) parts.unshift(titleSvg(document, options.title, width));
  return stackSvgs(document, parts, 2);
}

/** Groups predictions by actual grade (half grades are their own group), in one pass: the page draws this for every LSTM cell. */
export function gradeGroups(rows: readonly { actual: number; predicted: number }[]): GradeGroup[] {
  const by = new Map<number, number[]>();
  for (const r of rows) {
    const list = by.get(r.actual);
    if (list) list.push(r.predicted);
    else by.set(r.actual, [r.predicted]);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([actual, preds]) => {
      const n = preds.length;
      const mean = preds.reduce((s, p) => s + p, 0) / n;
      const sd = n > 1 ? Math.sqrt(preds.reduce((s, p) => s + (p - mean) ** 2, 0) / (n - 1)) : 0;
      return {
        actual,
        n,
        meanPredicted: mean,
        sd,
        outliers: sd > 0 ? preds.filter((p) => Math.abs(p - mean) > 2 * sd) : [],
        outOfRange: preds.filter((p) => p < 1 || p > 6).length,
      };
    });
}
