import * as Plot from '@observablehq/plot';
import { stackSvgs } from './compose-figure';
import { legendSvg } from './legend';
import { panelHeader, panelHeaderHeight } from './panel-header';
import { PANEL_LETTERS, CENTERED_AXIS_LABEL, FONT, STROKE, baseStyle, documentOf, figureWidthPx, palette, textWidth, wrapText, type FigureOptions } from './theme';

export interface SampleSizeBar {
  subset: string;
  criterion: string;
  n: number;
}

const ROW = 26;

/**
 * Required sample size by each of Riley et al.'s criteria (bars) against what the training part
 * offers (vertical rule: patients; dashed: windows), one panel per subset, one below the other
 * (the criteria read along the bars). Criterion names wrap onto two lines at narrow widths.
 */
export function sampleSizeBars(bars: SampleSizeBar[], available: { subset: string; patients: number; windows: number }[], options: FigureOptions = {}) {
  const document = documentOf(options);
  const width = figureWidthPx(options, 183);
  const criteria = [...new Set(bars.map((b) => b.criterion))];
  const max = Math.max(...bars.map((b) => b.n), ...available.map((a) => Math.max(a.windows, a.patients))) * 1.04;
  // The criterion names take at most 45% of the width; longer ones wrap.
  const labelMax = Math.floor(width * 0.45);
  // "± 0.05" stays on one line (a thin space, which the wrap does not break at; a no-break space would be written as an HTML entity, invalid in an SVG file).
  const wrapped = new Map(criteria.map((c) => [c, wrapText(c.replace(/± /g, '±\u2009'), labelMax - 10, FONT.tick).join('\n')]));
  const marginLeft = Math.ceil(Math.min(labelMax, Math.max(...[...wrapped.values()].flatMap((w) => w.split('\n').map((l) => textWidth(l, FONT.tick)))) + 10));
  // Room right of the longest bar for its count.
  const marginRight = Math.ceil(textWidth(String(Math.max(...bars.map((b) => b.n))), FONT.note) + 10);
  const parts = available.map((a, k) => {
    const rows = bars.filter((b) => b.subset === a.subset);
    const title = { letter: available.length > 1 ? PANEL_LETTERS[k]! : undefined, title: a.subset, caption: [`Training part: ${a.patients} patients, ${a.windows} windows`] };
    const top = panelHeaderHeight({ ...title, width });
    const header = panelHeader({ ...title, width, marginLeft });
    return Plot.plot({
      document,
      width,
      height: top + criteria.length * ROW + 32,
      marginLeft,
      marginRight,
      marginTop: top,
      marginBottom: 32,
      style: baseStyle,
      ariaLabel: `Required versus available sample size: ${a.subset}`,
      y: { domain: criteria, label: null, padding: 0.2 },
      x: { domain: [0, max], label: 'Patients', grid: true, ...CENTERED_AXIS_LABEL, ticks: Math.max(3, Math.floor((width - marginLeft - marginRight) / 45)) },
      marks: [
        // Two-line labels need a line height taller than the glyphs (Plot's default, 1 em, lets them touch).
        Plot.axisY({ tickFormat: (c: string) => wrapped.get(c) ?? c, tickSize: 0, lineHeight: 1.2 }),
        Plot.barX(rows, { x: 'n', y: 'criterion', fill: palette.light }),
        Plot.text(rows, { x: 'n', y: 'criterion', text: (d: SampleSizeBar) => String(d.n), textAnchor: 'start', dx: 3, fontSize: FONT.note, fill: palette.ink }),
        Plot.ruleX([a.patients], { stroke: palette.primary, strokeWidth: STROKE.emphasis }),
        Plot.ruleX([a.windows], { stroke: palette.secondary, strokeWidth: STROKE.line, strokeDasharray: '4,3' }),
        ...header.marks,
      ],
    }) as unknown as Element;
  });
  const legend = legendSvg(
    document,
    [
      { kind: 'bar', color: palette.light, label: 'Required patients' },
      { kind: 'line', color: palette.primary, label: 'Available patients (training part)' },
      { kind: 'line', color: palette.secondary, dash: '4,3', label: 'Available windows (training part)' },
    ],
    width,
  );
  return stackSvgs(document, [legend, ...parts], 4);
}
