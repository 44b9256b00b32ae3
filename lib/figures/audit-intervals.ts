import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { panelHeader, panelHeaderHeight } from './panel-header';
import { FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, type FigureOptions } from './theme';

export interface AuditPoint {
  /** Panel: which number (accuracy, balanced accuracy, AUC, LSTM MAE). */
  metric: string;
  /** Row label: condition and method, e.g. "windows split · all features · SVM". */
  label: string;
  /** Model or baseline (colour). */
  kind: 'model' | 'baseline';
  value: number;
  ciLow: number;
  ciHigh: number;
}

const LETTERS = 'ABCDEFGH';

/**
 * A row label on one line when it fits the label column, else broken at its " · " parts onto
 * two lines (condition, then method).
 */
function rowLabel(label: string, maxPx: number): string {
  if (textWidth(label, FONT.tick) <= maxPx) return label;
  const parts = label.split(' · ');
  if (parts.length < 2) return label;
  return `${parts.slice(0, -1).join(' · ')}\n${parts.at(-1)}`;
}

/**
 * The audit figure: every headline number as a dot with its patient-clustered 95% CI, one
 * panel per metric (each with its own scale and rows), models in blue and baselines in grey so
 * a model that does not beat a baseline stands out; the value is written beside each interval.
 * One `<svg>`: a legend, then the panels one below the other.
 */
export function auditIntervals(points: AuditPoint[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const metrics = [...new Set(points.map((p) => p.metric))];
  const labelMax = Math.floor(width * 0.42);
  const labels = new Map(points.map((p) => [p.label, rowLabel(p.label, labelMax - 10)]));
  const marginLeft = Math.ceil(Math.min(labelMax, Math.max(...[...labels.values()].flatMap((l) => l.split('\n').map((x) => textWidth(x, FONT.tick)))) + 10));
  const twoLines = [...labels.values()].some((l) => l.includes('\n'));
  // As tight as 7 pt labels allow: the paper notebook's audit has 40 rows over its four panels.
  const rowH = twoLines ? 24 : 14;
  const panel = (metric: string, k: number) => {
    const rows = points.filter((p) => p.metric === metric);
    const order = [...new Set(rows.map((p) => p.label))];
    const title = { letter: metrics.length > 1 ? LETTERS[k] : undefined, title: metric };
    const top = panelHeaderHeight({ ...title, width });
    return Plot.plot({
      document,
      width,
      height: top + order.length * rowH + 32,
      marginLeft,
      marginRight: Math.ceil(textWidth('0.000', FONT.note) + 12),
      marginTop: top,
      marginBottom: 32,
      style: baseStyle,
      ariaLabel: `Audit: ${metric} with patient-clustered 95% CIs`,
      x: { label: metric, labelAnchor: 'center', labelArrow: 'none', grid: true, nice: true, ticks: Math.max(2, Math.floor((width - marginLeft) / 70)) },
      y: { domain: order, label: null },
      marks: [
        // Two-line labels need a line height taller than the glyphs (Plot's default, 1 em, lets them touch).
        Plot.axisY({ tickFormat: (l: string) => labels.get(l) ?? l, tickSize: 0, lineHeight: 1.2 }),
        Plot.ruleY(rows, { y: 'label', x1: 'ciLow', x2: 'ciHigh', stroke: (d: AuditPoint) => (d.kind === 'model' ? palette.primary : palette.muted), strokeWidth: STROKE.line }),
        Plot.dot(rows, { y: 'label', x: 'value', fill: (d: AuditPoint) => (d.kind === 'model' ? palette.primary : palette.muted), r: 3 }),
        Plot.text(rows, { y: 'label', x: 'ciHigh', text: (d: AuditPoint) => d.value.toFixed(3), dx: 4, textAnchor: 'start', fontSize: FONT.note, fill: palette.ink }),
        ...panelHeader({ ...title, width, marginLeft }).marks,
      ],
    }) as unknown as Element;
  };
  const legend = legendSvg(
    document,
    [
      { kind: 'dot', color: palette.primary, label: 'Model' },
      { kind: 'dot', color: palette.muted, label: 'Baseline' },
      { kind: 'line', color: palette.ink, label: 'Patient-clustered bootstrap 95% CI' },
    ],
    width,
  );
  return stackSvgs(document, [legend, ...metrics.map(panel)], 4);
}
