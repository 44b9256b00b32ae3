import * as Plot from '@observablehq/plot';
import { featureLabel } from '../features/dictionary';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { FONT, STROKE, baseStyle, figureWidthPx, palette, textWidth, wrapText, type FigureOptions, documentOf } from './theme';

export interface ImportanceBar {
  /** The feature's code name (SAD4); the figure shows its reader's name from the dictionary. */
  feature: string;
  /** Percent of the sum of positive mean importances. */
  percent: number;
  /** SD over permutations, in the same percent units. */
  sdPercent: number;
}

/** Fig. 3: permutation importance as horizontal bars (percent) with ±1 SD over permutations. */
/** `label`: the reader's name of a feature (default: the dictionary's; a derived feature's label comes from its definition). */
export function importanceBars(bars: ImportanceBar[], options: FigureOptions & { repeats?: number; label?: (feature: string) => string } = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 89);
  const sorted = [...bars].sort((a, b) => b.percent - a.percent);
  // Names wrap onto two lines when they would take more than ~45% of the width.
  const maxLabel = width * 0.45;
  const labels = new Map(sorted.map((d) => [d.feature, wrapText((options.label ?? featureLabel)(d.feature), maxLabel, FONT.tick).join('\n')]));
  const lines = Math.max(1, ...[...labels.values()].map((l) => l.split('\n').length));
  const marginLeft = Math.ceil(Math.max(40, ...[...labels.values()].flatMap((l) => l.split('\n').map((s) => textWidth(s, FONT.tick)))) + 10);
  const rowH = lines > 1 ? 26 : 17;
  const plot = Plot.plot({
    document,
    width,
    height: 40 + sorted.length * rowH,
    marginLeft,
    marginRight: 40,
    marginBottom: 32,
    marginTop: 6,
    style: baseStyle,
    ariaLabel: 'Permutation importance per feature',
    x: { label: 'Share of total importance (%)', labelAnchor: 'center', labelArrow: 'none', grid: true, nice: true, ticks: width < 400 ? 4 : 8 },
    y: { domain: sorted.map((d) => d.feature), label: null, padding: 0.25, axis: null },
    marks: [
      // Drawn as its own mark for the line height: wrapped names must not overprint.
      Plot.axisY({ tickFormat: (f: string) => labels.get(f) ?? f, lineHeight: 1.2, tickSize: 4 }),
      Plot.barX(sorted, { x: 'percent', y: 'feature', fill: palette.primary }),
      Plot.ruleY(sorted, { x1: (d: ImportanceBar) => d.percent - d.sdPercent, x2: (d: ImportanceBar) => d.percent + d.sdPercent, y: 'feature', stroke: palette.ink, strokeWidth: STROKE.normal }),
      Plot.text(sorted, { x: (d: ImportanceBar) => Math.max(d.percent + d.sdPercent, d.percent, 0), y: 'feature', text: (d: ImportanceBar) => `${d.percent.toFixed(1)}%`, dx: 3, textAnchor: 'start', fontSize: FONT.note, fill: palette.ink }),
      Plot.ruleX([0], { stroke: palette.ink, strokeWidth: STROKE.normal }),
    ],
  });
  const legend = legendSvg(
    document,
    [
      { kind: 'bar', color: palette.primary, label: 'Mean share' },
      { kind: 'line', color: palette.ink, label: options.repeats ? `± 1 SD over ${options.repeats} permutations` : '± 1 SD over permutations' },
    ],
    width,
  );
  return stackSvgs(document, [legend, plot as unknown as Element], 2);
}
