import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

export interface ConfusionPanel {
  subset: string;
  /** Counts: actual × predicted, labels 0 = not recovered, 1 = recovered. */
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  /** Lines shown under the matrix (metrics with CIs). */
  caption: string[];
}

/** Fig. 4: confusion matrices (rows actual, columns predicted), one per subset, with metrics below. */
export function confusionMatrices(panels: ConfusionPanel[], options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const names = ['Not recovered', 'Recovered'];
  const cells = panels.flatMap((p) => {
    const total = p.tn + p.fp + p.fn + p.tp;
    return [
      { subset: p.subset, actual: names[0]!, predicted: names[0]!, n: p.tn, share: p.tn / total },
      { subset: p.subset, actual: names[0]!, predicted: names[1]!, n: p.fp, share: p.fp / total },
      { subset: p.subset, actual: names[1]!, predicted: names[0]!, n: p.fn, share: p.fn / total },
      { subset: p.subset, actual: names[1]!, predicted: names[1]!, n: p.tp, share: p.tp / total },
    ];
  });
  const captions = panels.map((p) => ({ subset: p.subset, text: p.caption.join('\n') }));
  const captionLines = Math.max(0, ...panels.map((p) => p.caption.length));
  return Plot.plot({
    document: options.document,
    width,
    height: 300 + captionLines * 15,
    marginLeft: 96,
    marginTop: 30,
    marginBottom: 62 + captionLines * 15,
    marginRight: 10,
    style: baseStyle,
    ariaLabel: 'Confusion matrices on the test part',
    fx: { label: null, padding: 0.25 },
    x: { domain: names, label: 'Predicted', labelAnchor: 'center', labelArrow: 'none', labelOffset: 38 },
    y: { domain: names, label: 'Actual', labelAnchor: 'center', labelArrow: 'none' },
    color: { type: 'linear', range: ['#f3f6fb', palette.primary], domain: [0, 1] },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fx: 'subset', fill: 'share', inset: 1 }),
      Plot.text(cells, {
        x: 'predicted',
        y: 'actual',
        fx: 'subset',
        text: (d: { n: number; share: number }) => `${d.n}\n(${(d.share * 100).toFixed(1)}%)`,
        fill: (d: { share: number }) => (d.share > 0.45 ? 'white' : palette.ink),
        fontSize: 12,
      }),
      // Metrics below each matrix, under the axis label.
      Plot.text(captions, { fx: 'subset', frameAnchor: 'bottom-left', text: 'text', lineAnchor: 'top', dy: 50, textAnchor: 'start', fontSize: 10.5, fill: palette.ink }),
    ],
  });
}
