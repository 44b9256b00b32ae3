import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

export interface HeatmapCell {
  C: number;
  gamma: number;
  mean: number;
}

const tick = (v: number) => (v >= 1 ? String(+v.toPrecision(3)) : String(+v.toPrecision(2)));

/**
 * Suppl. figure: mean CV accuracy over the (C, γ) grid as a heat map, one panel per subset,
 * the selected pair outlined. Grid values are log-spaced, so they are drawn as ordered bands.
 */
export function gridHeatmap(
  panels: { subset: string; cells: HeatmapCell[]; best: { C: number; gamma: number } }[],
  options: { document?: Document; width?: number } = {},
) {
  const width = options.width ?? COLUMN_WIDTH.double;
  const rows = panels.flatMap((p) => p.cells.map((c) => ({ ...c, subset: p.subset })));
  const best = panels.map((p) => ({ ...p.best, subset: p.subset }));
  const Cs = [...new Set(rows.map((r) => r.C))].sort((a, b) => a - b);
  const gammas = [...new Set(rows.map((r) => r.gamma))].sort((a, b) => a - b);
  const every = (xs: number[]) => Math.max(1, Math.ceil(xs.length / 8));
  return Plot.plot({
    document: options.document,
    width,
    height: Math.round(width / Math.max(1, panels.length) * 0.95) + 60,
    marginLeft: 56,
    marginBottom: 60,
    marginTop: 28,
    marginRight: 10,
    style: baseStyle,
    ariaLabel: 'Mean cross-validated accuracy over the hyperparameter grid',
    fx: { label: null, padding: 0.12 },
    x: { type: 'band', domain: gammas, label: 'γ (RBF kernel width)', labelAnchor: 'center', labelArrow: 'none', tickFormat: tick, ticks: gammas.filter((_, i) => i % every(gammas) === 0), tickRotate: -45 },
    y: { type: 'band', domain: Cs, reverse: true, label: 'C (penalty)', labelAnchor: 'center', labelArrow: 'none', tickFormat: tick, ticks: Cs.filter((_, i) => i % every(Cs) === 0) },
    // Quantized colours read more reliably than a continuous ramp (and need no canvas to draw the legend).
    color: { type: 'quantize', n: 6, scheme: 'viridis', label: 'Mean CV accuracy', legend: true, tickFormat: '.3f', width: 420 } as Plot.ScaleOptions,
    marks: [
      Plot.cell(rows, { x: 'gamma', y: 'C', fx: 'subset', fill: 'mean', inset: 0.2 }),
      Plot.cell(best, { x: 'gamma', y: 'C', fx: 'subset', fill: null, stroke: palette.secondary, strokeWidth: 2.5 }),
    ],
  });
}
