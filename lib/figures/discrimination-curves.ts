import * as Plot from '@observablehq/plot';
import { gridSvgs, stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { panelHeader, panelHeaderHeight } from './panel-header';
import { PANEL_LETTERS, CENTERED_AXIS_LABEL, STROKE, baseStyle, documentOf, figureWidthPx, palette, type FigureOptions } from './theme';

export interface DiscriminationPanel {
  /** Subset and its counts, e.g. "All subjects (n = 139, 12 not recovered)". */
  subset: string;
  roc: { fpr: number; tpr: number }[];
  pr: { recall: number; precision: number }[];
  /** Share of recovered windows: the precision of a score that carries no information. */
  prevalence: number;
  /** Line under the ROC panel's title: the AUC with its CI. */
  rocCaption: string;
  /** Line under the precision–recall panel's title: the average precision. */
  prCaption: string;
}

const MARGIN = { left: 44, right: 10, bottom: 32 } as const;

/**
 * ROC curves (left) and precision–recall curves (right) of the SVM on the test part, one row
 * per subset (all four in one row at double-column width), panels lettered A–D; the event ranked is "recovered" (score: the SVM decision
 * value). Reference lines: the diagonal (no discrimination) and the prevalence (a score that
 * carries no information). Each panel is square; its title and metric line sit above it.
 */
export function discriminationCurves(panels: DiscriminationPanel[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const gap = 8;
  // Double column: every panel in one row (A–D); narrower: ROC and PR side by side, a row per subset.
  const columns = width >= 600 ? 2 * Math.max(1, panels.length) : 2;
  const panelW = Math.floor((width - gap * (columns - 1)) / columns);
  const plotW = panelW - MARGIN.left - MARGIN.right;
  const ticks = plotW < 170 ? [0, 0.5, 1] : [0, 0.2, 0.4, 0.6, 0.8, 1];
  const parts: Element[] = [];
  panels.forEach((p, row) => {
    const titles = [
      { letter: PANEL_LETTERS[row * 2]!, title: `ROC: ${p.subset}`, caption: [p.rocCaption] },
      { letter: PANEL_LETTERS[row * 2 + 1]!, title: `Precision–recall: ${p.subset}`, caption: [p.prCaption] },
    ];
    const top = Math.max(...panels.flatMap((q) => [`ROC: ${q.subset}`, `Precision–recall: ${q.subset}`].map((title, i) => panelHeaderHeight({ letter: 'A', title, caption: [i ? q.prCaption : q.rocCaption], width: panelW }))));
    const panel = (t: (typeof titles)[number], x: string, y: string, marks: Plot.Markish[]) => {
      const header = panelHeader({ ...t, width: panelW, marginLeft: MARGIN.left, height: top });
      return Plot.plot({
        document,
        width: panelW,
        height: top + plotW + MARGIN.bottom,
        marginLeft: MARGIN.left,
        marginRight: MARGIN.right,
        marginBottom: MARGIN.bottom,
        marginTop: top,
        style: baseStyle,
        ariaLabel: t.title,
        x: { domain: [0, 1], ticks, label: x, ...CENTERED_AXIS_LABEL },
        y: { domain: [0, 1], ticks, label: y, grid: true, ...CENTERED_AXIS_LABEL },
        marks: [Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }), ...marks, ...header.marks],
      }) as unknown as Element;
    };
    parts.push(
      panel(titles[0]!, 'False-positive rate', 'True-positive rate', [
        Plot.link([{ x1: 0, y1: 0, x2: 1, y2: 1 }], { x1: 'x1', y1: 'y1', x2: 'x2', y2: 'y2', stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal }),
        Plot.line(p.roc, { x: 'fpr', y: 'tpr', stroke: palette.primary, strokeWidth: STROKE.line, curve: 'step-after' }),
      ]),
      panel(titles[1]!, 'Recall', 'Precision', [
        Plot.ruleY([p.prevalence], { stroke: palette.muted, strokeDasharray: '4,3', strokeWidth: STROKE.normal }),
        Plot.line(p.pr, { x: 'recall', y: 'precision', stroke: palette.primary, strokeWidth: STROKE.line, curve: 'step-before' }),
      ]),
    );
  });
  const legend = legendSvg(
    document,
    [
      { kind: 'line', color: palette.primary, label: 'SVM on the test part' },
      { kind: 'line', color: palette.muted, dash: '4,3', label: 'No discrimination (ROC: diagonal; PR: prevalence)' },
    ],
    width,
  );
  return stackSvgs(document, [legend, gridSvgs(document, parts, columns, gap)], 2);
}
