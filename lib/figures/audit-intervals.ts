import * as Plot from '@observablehq/plot';
import { WIDTH_PRESETS_MM, baseStyle, mmToPx, palette } from './theme';

export interface AuditPoint {
  /** Panel: which number (accuracy, balanced accuracy, AUC, LSTM MAE). */
  metric: string;
  /** Row label: condition and method, e.g. "window · paper · SVM". */
  label: string;
  /** Model or baseline (colour). */
  kind: 'model' | 'baseline';
  value: number;
  ciLow: number;
  ciHigh: number;
}

/** The little DOM surface the figure needs from the injected document (lib/ has no DOM types). */
interface MinimalDocument {
  createElement(tag: string): { appendChild(child: unknown): unknown };
}

/**
 * The audit figure: every headline number as a dot with its patient-clustered 95% CI, one
 * panel per metric (each with its own scale and rows), models in blue and baselines in grey so
 * a model that does not beat a baseline stands out. Returns a `<figure>` of stacked `<svg>`s
 * (composeFigure makes one file of them).
 */
export function auditIntervals(points: AuditPoint[], options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? Math.round(mmToPx(WIDTH_PRESETS_MM.double));
  const metrics = [...new Set(points.map((p) => p.metric))];
  const panel = (metric: string) => {
    const rows = points.filter((p) => p.metric === metric);
    const labels = [...new Set(rows.map((p) => p.label))];
    return Plot.plot({
      document: options.document,
      width,
      height: 50 + labels.length * 20,
      marginLeft: 250,
      marginRight: 50,
      marginTop: 10,
      marginBottom: 38,
      style: baseStyle,
      ariaLabel: `Audit: ${metric} with patient-clustered 95% CIs`,
      x: { label: `${metric} (dot: estimate; line: 95% CI, patients resampled)`, labelAnchor: 'center', labelArrow: 'none', grid: true, nice: true },
      y: { domain: labels, label: null },
      color: { domain: ['model', 'baseline'], range: [palette.primary, palette.muted] },
      marks: [
        Plot.ruleY(rows, { y: 'label', x1: 'ciLow', x2: 'ciHigh', stroke: 'kind', strokeWidth: 1.5 }),
        Plot.dot(rows, { y: 'label', x: 'value', fill: 'kind', r: 3.5 }),
        Plot.text(rows, { y: 'label', x: 'ciHigh', text: (d: AuditPoint) => d.value.toFixed(3), dx: 5, textAnchor: 'start', fontSize: 9, fill: palette.ink }),
      ],
    });
  };
  const doc = (options.document ?? (globalThis as unknown as { document: Document }).document) as unknown as MinimalDocument;
  const figure = doc.createElement('figure');
  for (const m of metrics) figure.appendChild(panel(m));
  return figure;
}
