import * as Plot from '@observablehq/plot';
import { legendHeight, legendMarks, type LegendItem } from './legend';
import { baseStyle, palette, figureWidthPx, type FigureOptions } from './theme';

export interface DiscriminationPanel {
  /** Panel title, e.g. "All subjects (n = 139)". */
  subset: string;
  roc: { fpr: number; tpr: number }[];
  pr: { recall: number; precision: number }[];
  /** Share of recovered windows: the precision of a score that carries no information. */
  prevalence: number;
  /** One line under the panel title: AUC with its CI, average precision. */
  caption: string;
}

const axis = { labelAnchor: 'center', labelArrow: 'none' } as const;

/**
 * ROC curves (left column) and precision–recall curves (right column) of the SVM on the test
 * part, one row per subset; the event ranked is "recovered" (score: the SVM decision value).
 * Reference lines: the diagonal (no discrimination) and the prevalence (a non-informative score).
 */
export function discriminationCurves(panels: DiscriminationPanel[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const series = ['SVM on the test part', 'No discrimination'];
  const facet = (kind: 'ROC' | 'Precision–recall', subset: string) => ({ fx: kind, fy: subset });
  const roc = panels.flatMap((p) => p.roc.map((d) => ({ x: d.fpr, y: d.tpr, ...facet('ROC', p.subset) })));
  const pr = panels.flatMap((p) => p.pr.map((d) => ({ x: d.recall, y: d.precision, ...facet('Precision–recall', p.subset) })));
  const chance = panels.flatMap((p) => [
    { x1: 0, y1: 0, x2: 1, y2: 1, ...facet('ROC', p.subset) },
    { x1: 0, y1: p.prevalence, x2: 1, y2: p.prevalence, ...facet('Precision–recall', p.subset) },
  ]);
  const captions = panels.map((p) => ({ text: `${p.subset}\n${p.caption}`, ...facet('ROC', p.subset) }));
  const panelHeight = Math.round(width / 2) - 20;
  const legend: LegendItem[] = [
    { label: series[0]!, color: palette.primary, kind: 'line' },
    { label: 'No discrimination (ROC: diagonal; PR: prevalence)', color: palette.muted, kind: 'dash' },
  ];
  const below = 44;
  return Plot.plot({
    document: options.document,
    width,
    height: 70 + panels.length * (panelHeight + 40) + legendHeight(legend, width),
    marginLeft: 52,
    marginTop: 24,
    marginBottom: below + legendHeight(legend, width),
    marginRight: 12,
    style: baseStyle,
    ariaLabel: 'ROC and precision–recall curves of the SVM on the test part',
    fx: { domain: ['ROC', 'Precision–recall'], label: null, padding: 0.14 },
    fy: { domain: panels.map((p) => p.subset), axis: null, padding: 0.22 },
    x: { domain: [0, 1], label: 'False-positive rate (ROC) · Recall (PR)', ...axis, labelOffset: 32 },
    y: { domain: [0, 1], label: 'True-positive rate (ROC) · Precision (PR)', grid: true, ...axis },
    color: { domain: series, range: [palette.primary, palette.muted] },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.link(chance, { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', fx: 'fx', fy: 'fy', stroke: () => series[1], strokeDasharray: '4 3' }),
      Plot.line(roc, { x: 'x', y: 'y', fx: 'fx', fy: 'fy', stroke: () => series[0], strokeWidth: 1.8, curve: 'step-after' }),
      Plot.line(pr, { x: 'x', y: 'y', fx: 'fx', fy: 'fy', stroke: () => series[0], strokeWidth: 1.8, curve: 'step-before' }),
      Plot.text(captions, { fx: 'fx', fy: 'fy', text: 'text', frameAnchor: 'bottom-right', dx: -6, dy: -6, textAnchor: 'end', lineAnchor: 'bottom', fontSize: 10.5, fill: palette.ink }),
      ...legendMarks(legend, width, { marginLeft: 52, below }),
    ],
  });
}
