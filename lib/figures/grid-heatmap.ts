import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { colorRampSvg, legendSvg, noteSvg } from './legend';
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

/** Mean CV accuracy as printed in a cell and on the scale: 3 decimals. */
const fmt = (v: number) => v.toFixed(3);

/**
 * Suppl. figure: mean CV accuracy over the (C, γ) grid as a heat map, one panel per subset,
 * the selected pair outlined and named under its panel.
 *
 * Each panel has its own continuous viridis scale (drawn as a labelled ramp above the plot):
 * the subsets' accuracies can sit in different ranges, and one shared scale made a panel one
 * colour. Every cell prints its value, so the figure reads without the scale; the panels sit
 * side by side only when the cells are then wide enough for the value, stacked otherwise.
 * Grid values are log-spaced, so they are drawn as ordered bands; axis labels are thinned only
 * when they would collide, keeping both ends.
 */
export function gridHeatmap(panels: { subset: string; cells: HeatmapCell[]; best: { C: number; gamma: number; cv_accuracy?: number } }[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const rows = panels.flatMap((p) => p.cells.map((c) => ({ ...c, subset: p.subset })));
  const Cs = [...new Set(rows.map((r) => r.C))].sort((a, b) => a - b);
  const gammas = [...new Set(rows.map((r) => r.gamma))].sort((a, b) => a - b);
  const cLabelW = Math.max(...Cs.map((c) => textWidth(gridTick(c), FONT.tick)));
  const gLabelW = Math.max(...gammas.map((g) => textWidth(gridTick(g), FONT.tick)));
  const marginLeft = Math.ceil(cLabelW + 26);
  const valueW = textWidth('0.000', FONT.note) + 3;
  const panelWidth = (columns: number) => ((width - marginLeft - 8) / columns) * 0.88;
  const sideFits = panelWidth(panels.length) / Math.max(1, gammas.length) >= valueW;
  const side = width >= 440 && panels.length > 1 && sideFits;
  const columns = side ? panels.length : 1;
  const cellW = panelWidth(columns) / Math.max(1, gammas.length);
  // Cells are wider than tall when needed: a 17 × 17 grid stacked in two panels must fit a page.
  const cellH = Math.min(cellW, 16);
  const showValues = cellW >= valueW && cellH >= FONT.note + 3;
  const panelH = cellH * Cs.length;
  // γ labels are vertical; every k-th so that neighbours never touch.
  const gEvery = Math.max(1, Math.ceil((FONT.tick * 1.3) / cellW));
  const cEvery = Math.max(1, Math.ceil((FONT.tick * 1.3) / cellH));
  // One continuous scale per panel, over that panel's own range.
  const scales = new Map(
    panels.map((p) => {
      const means = p.cells.map((c) => c.mean).filter(Number.isFinite);
      const lo = means.length ? Math.min(...means) : 0;
      const hi = means.length ? Math.max(...means) : 1;
      const domain: [number, number] = hi > lo ? [lo, hi] : [lo - 0.0005, hi + 0.0005];
      return [p.subset, { lo, hi, domain, color: Plot.scale({ color: { type: 'linear', scheme: 'viridis', domain } }) }] as const;
    }),
  );
  const t = (d: { subset: string; mean: number }) => {
    const s = scales.get(d.subset)!;
    return (d.mean - s.domain[0]) / (s.domain[1] - s.domain[0]);
  };
  const fill = (d: { subset: string; mean: number }) => (Number.isFinite(d.mean) ? (scales.get(d.subset)!.color.apply(d.mean) as string) : '#ffffff');
  // Viridis is light from about 0.6 up: dark text there, white text on the dark end.
  const ink = (d: { subset: string; mean: number }) => (t(d) >= 0.6 ? '#000000' : '#ffffff');
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
      Plot.cell(rows, { x: 'gamma', y: 'C', fx, fy, fill, inset: 0.2 }),
      ...(showValues ? [Plot.text(rows, { x: 'gamma', y: 'C', fx, fy, text: (d: HeatmapCell) => (Number.isFinite(d.mean) ? fmt(d.mean) : ''), fill: ink, fontSize: FONT.note })] : []),
      Plot.cell(best, { x: 'gamma', y: 'C', fx, fy, fill: null, stroke: palette.accent, strokeWidth: STROKE.emphasis, inset: -0.5 }),
      ...(side ? [] : [Plot.text(panels.map((p) => ({ subset: p.subset })), { fy, frameAnchor: 'top-left', text: 'subset', dy: -12, fontSize: FONT.label, fill: palette.ink })]),
    ],
  });
  const rampTitle = (subset: string) => `Mean CV accuracy, ${subset}`;
  const titleWidth = Math.max(...panels.map((p) => textWidth(rampTitle(p.subset), FONT.note)));
  const ramps = panels.map((p) => {
    const s = scales.get(p.subset)!;
    return colorRampSvg(document, rampTitle(p.subset), { lo: s.lo, hi: s.hi, color: (v) => s.color.apply(v) as string, format: fmt, titleWidth }, width);
  });
  const selected = legendSvg(
    document,
    [
      { kind: 'outline', color: palette.accent, label: 'Selected (C, γ):' },
      ...panels.map((p) => ({ kind: 'text' as const, color: palette.ink, label: `${p.subset}: C = ${gridTick(p.best.C)}, γ = ${gridTick(p.best.gamma)}${p.best.cv_accuracy !== undefined ? ` (${fmt(p.best.cv_accuracy)})` : ''}` })),
    ],
    width,
  );
  const parts = [...ramps, selected, plot as unknown as Element];
  if (!showValues) parts.push(noteSvg(document, 'The cells are too small at this width to print their values; they are in the grid_cv and grid_cv_persistent tables.', width));
  return stackSvgs(document, parts, 3);
}
