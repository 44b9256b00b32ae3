import * as Plot from '@observablehq/plot';
import { COLUMN_WIDTH, baseStyle, palette } from './theme';

export interface ImportanceBar {
  feature: string;
  /** Percent of the sum of positive mean importances. */
  percent: number;
  /** SD over permutations, in the same percent units. */
  sdPercent: number;
}

/** Fig. 3: permutation importance as horizontal bars (percent) with ±1 SD over permutations. */
export function importanceBars(bars: ImportanceBar[], options: { document?: Document; width?: number } = {}) {
  const width = options.width ?? COLUMN_WIDTH.single + 80;
  const sorted = [...bars].sort((a, b) => b.percent - a.percent);
  return Plot.plot({
    document: options.document,
    width,
    height: 40 + sorted.length * 24,
    marginLeft: 120,
    marginRight: 44,
    marginBottom: 40,
    style: baseStyle,
    ariaLabel: 'Permutation importance per feature',
    x: { label: 'Share of total importance (%)', labelAnchor: 'center', labelArrow: 'none', grid: true, nice: true },
    y: { domain: sorted.map((d) => d.feature), label: null },
    marks: [
      Plot.barX(sorted, { x: 'percent', y: 'feature', fill: palette.primary, fillOpacity: 0.85 }),
      Plot.ruleY(sorted, { x1: (d: ImportanceBar) => d.percent - d.sdPercent, x2: (d: ImportanceBar) => d.percent + d.sdPercent, y: 'feature', stroke: palette.ink, strokeWidth: 1.2 }),
      Plot.text(sorted, { x: (d: ImportanceBar) => Math.max(d.percent + d.sdPercent, d.percent, 0), y: 'feature', text: (d: ImportanceBar) => `${d.percent.toFixed(1)}%`, dx: 4, textAnchor: 'start', fontSize: 10, fill: palette.ink }),
      Plot.ruleX([0], { stroke: palette.ink }),
    ],
  });
}
