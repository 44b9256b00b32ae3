import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

export interface AuditPoint {
  /** Facet: which number (accuracy, balanced accuracy, AUC, LSTM MAE). */
  metric: string;
  /** Row label: condition and method, e.g. "window-level · paper features · SVM". */
  label: string;
  /** Model or baseline (colour). */
  kind: 'model' | 'baseline';
  value: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * The audit figure: every headline number as a dot with its patient-clustered 95% CI, one
 * panel per metric, conditions as rows; baselines in grey so a model below them stands out.
 */
export function auditIntervals(points: AuditPoint[], options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const labels = [...new Set(points.map((p) => p.label))];
  const metrics = [...new Set(points.map((p) => p.metric))];
  return Plot.plot({
    document: options.document,
    width,
    height: 60 + metrics.length * (labels.length * 16 + 40),
    marginLeft: 290,
    marginRight: 20,
    style: baseStyle,
    ariaLabel: 'Audit: headline numbers with patient-clustered 95% CIs',
    fy: { domain: metrics, label: null },
    x: { label: 'Value (accuracy, balanced accuracy and AUC: proportion; MAE: grades), 95% CI', labelAnchor: 'center', labelArrow: 'none', grid: true, nice: true },
    y: { domain: labels, label: null },
    facet: { data: points, y: 'metric', marginRight: 0 },
    color: { domain: ['model', 'baseline'], range: [palette.primary, palette.muted], legend: true, tickFormat: (k: string) => (k === 'model' ? 'Model' : 'Baseline') },
    marks: [
      Plot.ruleY(points, { fy: 'metric', y: 'label', x1: 'ciLow', x2: 'ciHigh', stroke: 'kind', strokeWidth: 1.5 }),
      Plot.dot(points, { fy: 'metric', y: 'label', x: 'value', fill: 'kind', r: 3.5 }),
      Plot.text(points, { fy: 'metric', y: 'label', x: 'ciHigh', text: (d: AuditPoint) => d.value.toFixed(3), dx: 4, textAnchor: 'start', fontSize: 9, fill: palette.ink }),
    ],
  });
}
