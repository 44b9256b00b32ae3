import * as Plot from '@observablehq/plot';
import { palette } from './theme';

export interface LegendItem {
  label: string;
  color: string;
  /** How the series is drawn: a line, a dashed line, a dot, or a filled band. */
  kind: 'line' | 'dash' | 'dot' | 'band';
}

const GLYPH: Record<LegendItem['kind'], string> = { line: '━━', dash: '╍╍', dot: '●', band: '■' };
const CHAR_PX = 6.1; // average advance of DejaVu Sans at 10.5 px
const ROW_PX = 16;

/** Rows of legend items that fit `width`, and the height they take. */
function layout(items: readonly LegendItem[], width: number) {
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0, row = 0;
  for (const item of items) {
    const w = (GLYPH[item.kind].length + 1 + item.label.length) * CHAR_PX + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    placed.push({ item, x, row });
    x += w;
  }
  return { placed, height: (row + 1) * ROW_PX };
}

/** Extra bottom margin a legend of these items needs in a plot of this width. */
export function legendHeight(items: readonly LegendItem[], width: number): number {
  return layout(items, width - 60).height + 6;
}

/**
 * A legend drawn inside the plot's SVG, under the x axis label (Plot's own categorical legend is HTML
 * and would be lost in the exported SVG and PNG files). Drawn once for the whole figure
 * (`facet: 'super'`), so faceted plots get one legend.
 */
export function legendMarks(items: readonly LegendItem[], width: number, options: { marginLeft: number; /** bottom margin taken by the x axis and its label */ below: number }) {
  const { placed } = layout(items, width - 60);
  return placed.flatMap(({ item, x, row }) => {
    const common = { frameAnchor: 'bottom-left', facet: 'super', fontSize: 10.5, textAnchor: 'start', lineAnchor: 'bottom' } as const;
    const dx = x - options.marginLeft + 8;
    const dy = options.below + (row + 1) * ROW_PX;
    return [
      Plot.text([item.label], { ...common, text: () => GLYPH[item.kind], fill: item.color, fillOpacity: item.kind === 'band' ? 0.35 : 1, dx, dy }),
      Plot.text([item.label], { ...common, text: () => item.label, fill: palette.ink, dx: dx + GLYPH[item.kind].length * 9 + 4, dy }),
    ];
  });
}
