import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { FONT, STROKE, baseStyle, figureWidthPx, palette, textWidth, type FigureOptions, documentOf } from './theme';

export interface CurvePoint {
  model: string;
  epoch: number;
  series: 'training' | 'validation';
  loss: number;
}

/** Plain decimals for loss ticks ("0.2", "0.05", "1.5"), never SI prefixes ("200m"). */
export function lossTick(v: number): string {
  return String(+v.toPrecision(2));
}

/**
 * Ticks for a loss axis: a log scale when the losses span more than a factor of 10 (ticks at
 * 1, 2 and 5 × 10^k), a linear one otherwise (a log axis inside one decade has too few
 * round numbers to label). Either way every tick has a label.
 */
export function lossAxis(values: readonly number[]): { type: 'log' | 'linear'; domain: [number, number]; ticks: number[] } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (!(lo > 0) || !Number.isFinite(hi)) return { type: 'linear', domain: [0, 1], ticks: [0, 0.5, 1] };
  if (hi / lo > 10) {
    const ticks: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) for (const m of [1, 2, 5]) ticks.push(+(m * 10 ** k).toPrecision(2));
    const inside = ticks.filter((t) => t >= lo && t <= hi);
    const shown = inside.length > 6 ? inside.filter((t) => String(t).replace(/0|\./g, '').startsWith('1')) : inside;
    return { type: 'log', domain: [lo, hi], ticks: shown.length >= 2 ? shown : inside };
  }
  const span = hi - lo || hi || 1;
  const step = niceStep(span / 4);
  const start = Math.max(0, Math.floor(lo / step) * step);
  const ticks: number[] = [];
  for (let t = start; t <= hi + step * 0.999; t += step) ticks.push(+t.toPrecision(6));
  return { type: 'linear', domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Suppl. Fig. 2: training and validation loss (MSE) per epoch, one panel per model. */
export function trainingCurves(points: CurvePoint[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const models = [...new Set(points.map((p) => p.model))];
  const columns = Math.min(width < 400 ? 2 : 3, models.length || 1);
  const position = new Map(models.map((m, i) => [m, { fx: i % columns, fy: Math.floor(i / columns) }]));
  const data = points.filter((p) => Number.isFinite(p.loss) && p.loss > 0).map((p) => ({ ...p, ...position.get(p.model)! }));
  const rows = Math.max(1, Math.ceil(models.length / columns));
  const axis = lossAxis(data.map((d) => d.loss));
  const maxEpoch = Math.max(1, ...data.map((d) => d.epoch));
  const panelW = (width - 58) / columns;
  const height = 40 + rows * Math.round(Math.max(90, panelW * 0.7));
  // The axis title runs along the plot's height: a single short row gets the short form.
  const yLabel = height - 36 >= textWidth('Loss (MSE, grade²)', FONT.tick) + 8 ? 'Loss (MSE, grade²)' : 'MSE (grade²)';
  const plot = Plot.plot({
    document,
    width,
    height,
    marginLeft: 50,
    marginRight: 8,
    marginBottom: 32,
    marginTop: 4,
    style: baseStyle,
    ariaLabel: 'Training curves of the LSTM models',
    fx: { axis: null, padding: 0.16 },
    fy: { axis: null, padding: 0.2 },
    x: { label: 'Epoch', labelAnchor: 'center', labelArrow: 'none', domain: [1, maxEpoch], ticks: Math.min(maxEpoch, panelW < 150 ? 3 : 5), tickFormat: 'd' },
    y: { type: axis.type, domain: axis.domain, ticks: axis.ticks, tickFormat: lossTick, label: yLabel, labelAnchor: 'center', labelArrow: 'none', grid: true, labelOffset: 44 },
    marks: [
      Plot.frame({ stroke: palette.grid, strokeWidth: STROKE.hair }),
      Plot.line(data.filter((d) => d.series === 'training'), { x: 'epoch', y: 'loss', stroke: palette.primary, fx: 'fx', fy: 'fy', strokeWidth: STROKE.line }),
      Plot.line(data.filter((d) => d.series === 'validation'), { x: 'epoch', y: 'loss', stroke: palette.secondary, strokeDasharray: '4,2', fx: 'fx', fy: 'fy', strokeWidth: STROKE.line }),
      Plot.text(
        models.map((m) => ({ label: m, ...position.get(m)! })),
        { text: 'label', fx: 'fx', fy: 'fy', frameAnchor: 'top-right', dx: -3, dy: 3, fontSize: FONT.note, fill: palette.ink },
      ),
    ],
  });
  const legend = legendSvg(
    document,
    [
      { kind: 'line', color: palette.primary, label: 'Training loss' },
      { kind: 'line', color: palette.secondary, dash: '4,2', label: 'Validation loss' },
    ],
    width,
  );
  return stackSvgs(document, [legend, plot as unknown as Element], 2);
}
