import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { colorStepsSvg, legendSvg } from './legend';
import { FONT, STROKE, baseStyle, figureWidthPx, palette, textWidth, type FigureOptions, documentOf } from './theme';

export interface HeatmapCell {
  C: number;
  gamma: number;
  mean: number;
}

/** A grid value as a reader writes it: 3 significant digits, no float noise (0.0215443469 → "0.0215"). */
export const gridTick = (v: number) => String(+v.toPrecision(3));

/** Every k-th value, always keeping the first and the last, so both ends of an axis are labelled. */
function thin(values: number[], k: number): number[] {
  if (k <= 1) return values;
  const kept = values.filter((_, i) => i % k === 0);
  const last = values[values.length - 1]!;
  if (kept[kept.length - 1] !== last) {
    if (values.indexOf(kept[kept.length - 1]!) > values.length - 1 - k) kept.pop();
    kept.push(last);
  }
  return kept;
}

/** Viridis in 6 steps: dark-to-light in greyscale as well. */
const STEPS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

/**
 * Suppl. figure: mean CV accuracy over the (C, γ) grid as a heat map, one panel per subset
 * (side by side from 120 mm, stacked below), the selected pair outlined and named under its
 * panel. The colour scale is a row of labelled steps inside the figure. Grid values are
 * log-spaced, so they are drawn as ordered bands; labels are thinned only when they would
 * collide, keeping both ends.
 */
export function gridHeatmap(panels: { subset: string; cells: HeatmapCell[]; best: { C: number; gamma: number; cv_accuracy?: number } }[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const side = width >= 440 && panels.length > 1;
  const columns = side ? panels.length : 1;
  const rows = panels.flatMap((p) => p.cells.map((c) => ({ ...c, subset: p.subset })));
  const Cs = [...new Set(rows.map((r) => r.C))].sort((a, b) => a - b);
  const gammas = [...new Set(rows.map((r) => r.gamma))].sort((a, b) => a - b);
  const cLabelW = Math.max(...Cs.map((c) => textWidth(gridTick(c), FONT.tick)));
  const gLabelW = Math.max(...gammas.map((g) => textWidth(gridTick(g), FONT.tick)));
  const marginLeft = Math.ceil(cLabelW + 26);
  const panelW = (width - marginLeft - 8) / columns * 0.88;
  const cellW = panelW / Math.max(1, gammas.length);
  const cellH = Math.min(cellW, 22);
  const panelH = cellH * Cs.length;
  // γ labels are vertical; every k-th so that neighbours never touch.
  const gEvery = Math.max(1, Math.ceil((FONT.tick * 1.3) / cellW));
  const cEvery = Math.max(1, Math.ceil((FONT.tick * 1.3) / cellH));
  const lo = Math.min(...rows.map((r) => r.mean));
  const hi = Math.max(...rows.map((r) => r.mean));
  const span = hi - lo || 1e-9;
  const stepOf = (v: number) => Math.min(STEPS.length - 1, Math.floor(((v - lo) / span) * STEPS.length));
  const best = panels.map((p) => ({ ...p.best, subset: p.subset }));
  const fy = side ? undefined : (d: { subset: string }) => d.subset;
  const fx = side ? (d: { subset: string }) => d.subset : undefined;
  const marginBottom = Math.ceil(gLabelW + 26);
  const plot = Plot.plot({
    document,
    width,
    height: Math.round((side ? panelH : panelH * panels.length * 1.25) + marginBottom + 20),
    marginLeft,
    marginBottom,
    marginTop: 16,
    marginRight: 8,
    style: baseStyle,
    ariaLabel: 'Mean cross-validated accuracy over the hyperparameter grid',
    ...(side ? { fx: { label: null, padding: 0.12, axis: 'top' as const } } : { fy: { label: null, padding: 0.25, axis: null } }),
    x: { type: 'band', domain: gammas, label: 'γ (RBF kernel width)', labelAnchor: 'center', labelArrow: 'none', tickFormat: gridTick, ticks: thin(gammas, gEvery), tickRotate: -90, labelOffset: marginBottom - 6 },
    color: { type: 'identity' },
    y: { type: 'band', domain: Cs, reverse: true, label: 'C (penalty)', labelAnchor: 'center', labelArrow: 'none', tickFormat: gridTick, ticks: thin(Cs, cEvery), labelOffset: marginLeft - 8 },
    marks: [
      Plot.cell(rows, { x: 'gamma', y: 'C', fx, fy, fill: (d: HeatmapCell) => STEPS[stepOf(d.mean)], inset: 0.2 }),
      Plot.cell(best, { x: 'gamma', y: 'C', fx, fy, fill: null, stroke: palette.accent, strokeWidth: STROKE.emphasis, inset: -0.5 }),
      ...(side ? [] : [Plot.text(panels.map((p) => ({ subset: p.subset })), { fy, frameAnchor: 'top-left', text: 'subset', dy: -12, fontSize: FONT.label, fill: palette.ink })]),
    ],
  });
  const fmt = (v: number) => v.toFixed(3);
  const steps = STEPS.map((color, i) => ({ color, label: fmt(lo + (span * i) / STEPS.length) }));
  const scale = colorStepsSvg(document, 'Mean CV accuracy (from)', steps, width);
  const selected = legendSvg(
    document,
    [
      { kind: 'outline', color: palette.accent, label: 'Selected (C, γ):' },
      ...panels.map((p) => ({ kind: 'text' as const, color: palette.ink, label: `${p.subset}: C = ${gridTick(p.best.C)}, γ = ${gridTick(p.best.gamma)}${p.best.cv_accuracy !== undefined ? ` (${fmt(p.best.cv_accuracy)})` : ''}` })),
    ],
    width,
  );
  return stackSvgs(document, [scale, selected, plot as unknown as Element], 3);
}
