import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { panelHeader, panelHeaderHeight } from './panel-header';
import { PANEL_LETTERS, FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, type FigureOptions } from './theme';

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
  const condition = (label: string) => label.split(' · ').slice(0, -1).join(' · ');
  const method = (label: string) => label.split(' · ').at(-1)!;
  // Full labels on one line where they fit; otherwise rows grouped under their condition
  // ("patients split · no SAD4:") with only the method on each row, so every label keeps one
  // line and the paper notebook's 40 rows still fit a page at single-column width.
  const grouped = points.some((p) => textWidth(p.label, FONT.tick) > labelMax - 10 && condition(p.label));
  const HEADER = '§';
  const tick = (key: string) => (key.startsWith(HEADER) ? `${key.slice(1)}:` : grouped ? method(key) : key);
  const domainOf = (labels: string[]) => (grouped ? [...new Set(labels.map(condition))].flatMap((c) => [`${HEADER}${c}`, ...labels.filter((l) => condition(l) === c)]) : labels);
  const allTicks = metrics.flatMap((m) => domainOf([...new Set(points.filter((p) => p.metric === m).map((p) => p.label))])).map(tick);
  const marginLeft = Math.ceil(Math.max(...allTicks.map((t) => textWidth(t, FONT.tick))) + 10);
  // As tight as 7 pt labels allow: the paper notebook's audit has 40 rows over its four panels.
  const rowH = grouped ? 12 : 13;
  const panel = (metric: string, k: number) => {
    const rows = points.filter((p) => p.metric === metric);
    const order = domainOf([...new Set(rows.map((p) => p.label))]);
    const title = { letter: metrics.length > 1 ? PANEL_LETTERS[k] : undefined, title: metric };
    const top = panelHeaderHeight({ ...title, width });
    return Plot.plot({
      document,
      width,
      height: top + (order.length + 1) * rowH + 24,
      marginLeft,
      marginRight: Math.ceil(textWidth('0.000', FONT.note) + 12),
      marginTop: top,
      marginBottom: 24,
      style: baseStyle,
      ariaLabel: `Audit: ${metric} with patient-clustered 95% CIs`,
      // The panel's title names the metric: no axis title under it.
      x: { label: null, grid: true, nice: true, ticks: Math.max(3, Math.floor((width - marginLeft) / 70)) },
      // Half a row above the first and below the last, so neither sits on the frame or the x axis.
      y: { domain: order, label: null, padding: 0.5 },
      marks: [
        Plot.axisY({ tickFormat: tick, tickSize: 0 }),
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
