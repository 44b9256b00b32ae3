import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

export interface CurvePoint {
  model: string;
  epoch: number;
  series: 'training' | 'validation';
  loss: number;
}

/** Suppl. Fig. 2: training and validation loss (MSE) per epoch, one panel per model. */
export function trainingCurves(points: CurvePoint[], options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const models = [...new Set(points.map((p) => p.model))];
  const columns = Math.min(3, models.length || 1);
  const position = new Map(models.map((m, i) => [m, { fx: i % columns, fy: Math.floor(i / columns) }]));
  const data = points.filter((p) => Number.isFinite(p.loss) && p.loss > 0).map((p) => ({ ...p, ...position.get(p.model)! }));
  const rows = Math.max(1, Math.ceil(models.length / columns));
  return Plot.plot({
    document: options.document,
    width,
    height: 60 + rows * Math.round((width / columns) * 0.7),
    marginLeft: 50,
    marginBottom: 40,
    marginTop: 8,
    style: baseStyle,
    ariaLabel: 'Training curves of the LSTM models',
    fx: { axis: null, padding: 0.12 },
    fy: { axis: null, padding: 0.16 },
    x: { label: 'Epoch', labelAnchor: 'center', labelArrow: 'none' },
    y: { type: 'log', label: 'Loss (MSE, grade²)', labelAnchor: 'center', labelArrow: 'none', grid: true },
    color: { domain: ['training', 'validation'], range: [palette.primary, palette.secondary] },
    marks: [
      Plot.frame({ stroke: palette.grid }),
      Plot.line(data, { x: 'epoch', y: 'loss', stroke: 'series', fx: 'fx', fy: 'fy' }),
      // Direct labels at the end of each line instead of a legend.
      Plot.text(data, Plot.selectLast({ x: 'epoch', y: 'loss', z: 'series', fx: 'fx', fy: 'fy', text: 'series', fill: 'series', textAnchor: 'end', dy: -7, fontSize: 9.5 })),
      Plot.text(
        models.map((m) => ({ label: m, ...position.get(m)! })),
        { text: 'label', fx: 'fx', fy: 'fy', frameAnchor: 'top-right', dx: -4, dy: 4, fontSize: 10, fill: palette.ink },
      ),
    ],
  });
}
