import * as Plot from '@observablehq/plot';
import { legendHeight, legendMarks, type LegendItem } from './legend';
import { baseStyle, palette, figureWidthPx, type FigureOptions } from './theme';

export interface SampleSizeBar {
  subset: string;
  criterion: string;
  n: number;
}

const axis = { labelAnchor: 'center', labelArrow: 'none' } as const;

/**
 * Required sample size by each of Riley et al.'s criteria (bars) against what the training part
 * offers (vertical rule: patients; dashed: windows), one panel per subset.
 */
export function sampleSizeBars(bars: SampleSizeBar[], available: { subset: string; patients: number; windows: number }[], options: FigureOptions & { /** px; `widthMm` is the journal setting */ width?: number } = {}) {
  const width = options.width ?? figureWidthPx(options, 183);
  const criteria = [...new Set(bars.map((b) => b.criterion))];
  const subsets = available.map((a) => a.subset);
  const max = Math.max(...bars.map((b) => b.n), ...available.map((a) => a.windows)) * 1.08;
  const series = ['Required patients', 'Available patients (training part)', 'Available windows (training part)'];
  const legend: LegendItem[] = [
    { label: series[0]!, color: palette.light, kind: 'band' },
    { label: series[1]!, color: palette.primary, kind: 'line' },
    { label: series[2]!, color: palette.secondary, kind: 'dash' },
  ];
  const below = 44;
  return Plot.plot({
    document: options.document,
    width,
    height: 70 + subsets.length * (criteria.length * 26 + 30) + legendHeight(legend, width),
    marginLeft: 190,
    marginTop: 26,
    marginBottom: below + legendHeight(legend, width),
    marginRight: 110,
    style: baseStyle,
    ariaLabel: 'Required versus available sample size',
    fy: { domain: subsets, label: null, padding: 0.2, axis: 'right', tickSize: 0 },
    y: { domain: criteria, label: null },
    x: { domain: [0, max], label: 'Patients', grid: true, ...axis, labelOffset: 32 },
    color: { domain: series, range: [palette.light, palette.primary, palette.secondary] },
    marks: [
      Plot.barX(bars, { x: 'n', y: 'criterion', fy: 'subset', fill: () => series[0], inset: 2 }),
      Plot.text(bars, { x: 'n', y: 'criterion', fy: 'subset', text: (d: SampleSizeBar) => String(d.n), textAnchor: 'start', dx: 4, fontSize: 10, fill: palette.ink }),
      Plot.ruleX(available, { x: 'patients', fy: 'subset', stroke: () => series[1], strokeWidth: 2 }),
      Plot.ruleX(available, { x: 'windows', fy: 'subset', stroke: () => series[2], strokeWidth: 1.5, strokeDasharray: '4 3' }),
      ...legendMarks(legend, width, { marginLeft: 190, below }),
    ],
  });
}
