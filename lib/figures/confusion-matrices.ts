import * as Plot from '@observablehq/plot';
import { gridSvgs, stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { PANEL_LETTERS, FONT, STROKE, baseStyle, figureWidthPx, palette, textWidth, type FigureOptions, documentOf } from './theme';

/** The SVM's score of one test window: a decision value (threshold 0) or a probability (threshold 0.5). */
export interface WindowScore {
  /** 0 = not recovered, 1 = recovered. */
  actual: number;
  score: number;
}

export interface ConfusionPanel {
  subset: string;
  /** Counts: actual × predicted, labels 0 = not recovered, 1 = recovered. */
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  /** Lines shown under the matrix (metrics with CIs). */
  caption: string[];
  /** Per test window scores; when present, a prediction-score panel is drawn for this subset. */
  scores?: WindowScore[];
  /** What `scores` are: SVM decision values (threshold 0) or Platt probabilities (threshold 0.5). */
  scoreKind?: 'decision' | 'probability';
}

const CLASSES = ['Not recovered', 'Recovered'] as const;

/**
 * Fig. 4 as in the paper: per subset, the prediction scores of the test windows by actual
 * class (panels A, B; drawn when the evaluation carries per-window scores) and the confusion
 * matrix with its metrics (panels C, D; A, B when there are no scores). Two panels per row
 * from 120 mm, one below the other at single-column width.
 */
export function confusionMatrices(panels: ConfusionPanel[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const columns = width >= 440 ? Math.min(2, panels.length) : 1;
  const panelW = (width - (columns - 1) * 8) / columns;
  const withScores = panels.every((p) => p.scores && p.scores.length > 0);
  const parts: Element[] = [];
  let letter = 0;
  // One column stacks four panels: flatter ones keep the figure within a page's height (247 mm).
  const compact = columns === 1 && panels.length > 1;
  if (withScores) for (const p of panels) parts.push(scorePanel(document, p, panelW, PANEL_LETTERS[letter++]!, compact));
  for (const p of panels) parts.push(matrixPanel(document, p, panelW, PANEL_LETTERS[letter++]!, compact));
  const grid = gridSvgs(document, parts, columns, 8);
  if (!withScores) return grid;
  const kind = panels[0]!.scoreKind ?? 'decision';
  const legend = legendSvg(
    document,
    [
      { kind: 'dot', color: palette.primary, label: 'Actually recovered' },
      { kind: 'dot', color: palette.secondary, label: 'Actually not recovered' },
      { kind: 'line', color: palette.ink, dash: '3,2', label: kind === 'probability' ? 'Threshold 0.5' : 'Decision threshold 0' },
    ],
    width,
  );
  return stackSvgs(document, [legend, grid], 2);
}

function title(p: ConfusionPanel, letter: string, marginLeft: number) {
  return [
    Plot.text([letter], { frameAnchor: 'top-left', dx: -marginLeft + 1, dy: -13, fontWeight: 'bold', fontSize: FONT.title, fill: palette.ink, textAnchor: 'start' }),
    Plot.text([p.subset], { frameAnchor: 'top-left', dx: -marginLeft + 14, dy: -13, fontSize: FONT.label, fill: palette.ink, textAnchor: 'start' }),
  ];
}

function matrixPanel(document: Document, p: ConfusionPanel, width: number, letter: string, compact = false): Element {
  const total = p.tn + p.fp + p.fn + p.tp || 1;
  const cells = [
    { actual: CLASSES[0], predicted: CLASSES[0], n: p.tn },
    { actual: CLASSES[0], predicted: CLASSES[1], n: p.fp },
    { actual: CLASSES[1], predicted: CLASSES[0], n: p.fn },
    { actual: CLASSES[1], predicted: CLASSES[1], n: p.tp },
  ].map((c) => ({ ...c, share: c.n / total }));
  const marginLeft = Math.ceil(textWidth(CLASSES[0], FONT.tick) + 24);
  const lineH = FONT.note * 1.3;
  const matrix = Math.min(width - marginLeft - 8, 200);
  const marginBottom = 34 + p.caption.length * lineH + 4;
  return Plot.plot({
    document,
    width,
    height: Math.round(matrix * (compact ? 0.6 : 0.8) + 20 + marginBottom),
    marginLeft,
    marginRight: Math.max(8, width - marginLeft - matrix),
    marginTop: 20,
    marginBottom,
    style: baseStyle,
    ariaLabel: `Confusion matrix: ${p.subset}`,
    x: { domain: [...CLASSES], label: 'Predicted', labelAnchor: 'center', labelArrow: 'none', labelOffset: 26 },
    y: { domain: [...CLASSES], label: 'Actual', labelAnchor: 'center', labelArrow: 'none', tickRotate: 0, labelOffset: marginLeft - 6 },
    color: { type: 'linear', range: ['#f7fbff', '#08519c'], domain: [0, 1] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fill: 'share', inset: 1 }),
      Plot.text(cells, {
        x: 'predicted',
        y: 'actual',
        text: (d: { n: number; share: number }) => `${d.n}\n(${(d.share * 100).toFixed(1)}%)`,
        fill: (d: { share: number }) => (d.share > 0.45 ? 'white' : palette.ink),
        fontSize: FONT.label,
        lineHeight: 1.25,
      }),
      Plot.text([p.caption.join('\n')], { frameAnchor: 'bottom-left', dx: -marginLeft + 1, dy: 34, lineAnchor: 'top', textAnchor: 'start', fontSize: FONT.note, fill: palette.ink, lineHeight: 1.3 }),
      ...title(p, letter, marginLeft),
    ],
  }) as unknown as Element;
}

function scorePanel(document: Document, p: ConfusionPanel, width: number, letter: string, compact = false): Element {
  const threshold = p.scoreKind === 'probability' ? 0.5 : 0;
  // Deterministic vertical spread within each class row (golden-ratio sequence): display only.
  const rows = (p.scores ?? []).map((s, i) => ({ ...s, jitter: ((i * 0.6180339887) % 1) - 0.5 }));
  const marginLeft = Math.ceil(textWidth(CLASSES[0], FONT.tick) + 24);
  const values = rows.map((r) => r.score);
  const lo = Math.min(threshold, ...values);
  const hi = Math.max(threshold, ...values);
  const pad = (hi - lo) * 0.04 || 0.5;
  return Plot.plot({
    document,
    width,
    height: compact ? 120 : 150,
    marginLeft,
    marginRight: 10,
    marginTop: 20,
    marginBottom: 32,
    style: baseStyle,
    ariaLabel: `Prediction scores: ${p.subset}`,
    x: { domain: [lo - pad, hi + pad], label: p.scoreKind === 'probability' ? 'Predicted probability of recovery' : 'SVM decision value', labelAnchor: 'center', labelArrow: 'none', ticks: width < 300 ? 4 : 6, nice: true },
    y: { domain: [-0.5, 1.5], ticks: [0, 1], tickFormat: (i: number) => CLASSES[i] ?? '', label: 'Actual', labelAnchor: 'center', labelArrow: 'none', labelOffset: marginLeft - 6 },
    marks: [
      Plot.ruleX([threshold], { stroke: palette.ink, strokeDasharray: '3,2', strokeWidth: STROKE.normal }),
      Plot.dot(rows, {
        x: 'score',
        y: (d: { actual: number; jitter: number }) => (d.actual === 1 ? 1 : 0) + d.jitter * 0.6,
        r: 1.8,
        fill: (d: { actual: number }) => (d.actual === 1 ? palette.primary : palette.secondary),
        fillOpacity: 0.7,
      }),
      ...title(p, letter, marginLeft),
    ],
  }) as unknown as Element;
}
