import { describe, expect, it } from 'vitest';
import { composeFigure } from '@/lib/figures/compose-figure';
import { gridHeatmap } from '@/lib/figures/grid-heatmap';
import { gradeGroups } from '@/lib/figures/predicted-by-grade';
import { gradeLabel, palette, parseFigureWidth, textWidth, wrapText } from '@/lib/figures/theme';
import { lossAxis, lossTick } from '@/lib/figures/training-curves';
import { FIGURES } from './fixtures';
import { document, expectGolden } from './golden';

const text = (name: string, widthMm?: number) => (composeFigure(FIGURES[name]!(document, widthMm)) as unknown as { outerHTML: string }).outerHTML;

// Fixed inputs, so a change in a figure's look shows up as a changed golden SVG.
describe('figures (golden SVG, default widths)', () => {
  for (const name of Object.keys(FIGURES)) it(name, () => expectGolden(name, FIGURES[name]!(document)));
});

describe('figure content', () => {
  it('Fig. 5: every grade column labelled (half grades as "II–III"), counts on their own axis, values beyond I–VI counted', () => {
    const svg = text('fig5-predicted-by-grade');
    for (const label of ['I', 'I–II', 'II', 'II–III', 'III', 'III–IV', 'IV', 'IV–V', 'V', 'V–VI', 'VI']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('aria-label="Test samples per actual grade"');
    expect(svg).toMatch(/\d+ of 220 predictions beyond I–VI are drawn at the limit/);
    expect(svg).toContain('Prediction &gt; 2 SD from its mean');
  });

  it('Fig. 2: the CI band is clipped to grades I–VI and sparse bins are marked', () => {
    const svg = text('fig2-course');
    expect(svg).toContain('Bin with &lt; 5 visits (no CI)');
    expect(svg).toContain('95% CI of the mean');
  });

  it('Fig. 3 and Fig. 6 use readers’ names and show the early visits', () => {
    expect(text('fig3-importance')).toContain('Grade at present visit (SAG3)');
    expect(text('fig3-importance')).toContain('Delayed treatment (&gt; 7 days)');
    expect(text('fig6-recovery-course')).toContain('Early visit (window)');
    expect(text('fig6-recovery-course')).toMatch(/predicted points beyond I–VI drawn at the limit/);
  });

  it('Fig. 4: panels A–B without scores, A–D with per-window scores', () => {
    expect(text('fig4-classification')).not.toContain('>C</text>');
    const withScores = text('fig4-classification-scores');
    for (const letter of ['A', 'B', 'C', 'D']) expect(withScores).toContain(`>${letter}</text>`);
    expect(withScores).toContain('SVM decision value');
  });

  it('heat map: both ends of each axis labelled, the selected pair named, no float noise', () => {
    const svg = text('suppl-grid-heatmap');
    expect(svg).toContain('>30</text>');
    expect(svg).toContain('>0.01</text>');
    expect(svg).toContain('All subjects: C = ');
    expect(svg).not.toMatch(/\d\.\d{6,}<\/text>/);
  });

  it('heat map: one continuous scale per panel, each cell printing its value', () => {
    // Two subsets in different accuracy ranges: with one shared scale the second was one colour.
    const grid = (base: number) => [0.1, 1, 10].flatMap((C, i) => [0.01, 0.1, 1].map((gamma, j) => ({ C, gamma, mean: base + 0.01 * (3 * i + j) })));
    const svg = (composeFigure(gridHeatmap([
      { subset: 'All subjects', cells: grid(0.6), best: { C: 10, gamma: 1 } },
      { subset: 'Persistent palsy subset', cells: grid(0.9), best: { C: 10, gamma: 1 } },
    ], { document, widthMm: 183 })) as unknown as { outerHTML: string }).outerHTML;
    expect(svg).toContain('Legend: Mean CV accuracy, All subjects, from 0.600 to 0.680');
    expect(svg).toContain('Legend: Mean CV accuracy, Persistent palsy subset, from 0.900 to 0.980');
    for (const v of ['0.600', '0.640', '0.680', '0.900', '0.980']) expect(svg).toContain(`>${v}</text>`);
    // Each panel's lowest and highest cells span viridis end to end (dark purple to yellow).
    const fills = [...svg.matchAll(/<rect[^>]*fill="(#[0-9a-f]{6}|rgb\([^)]*\))"/g)].map((m) => m[1]);
    expect(new Set(fills).size).toBeGreaterThan(9);
    expect(svg).not.toContain('too small at this width');
  });

  it('heat map: a grid too fine for values at this width says where the values are', () => {
    const C = Array.from({ length: 40 }, (_, i) => 2 ** (i / 4));
    const cells = C.flatMap((c, i) => C.map((g, j) => ({ C: c, gamma: g, mean: 0.5 + (i + j) / 200 })));
    const svg = (composeFigure(gridHeatmap([{ subset: 'All subjects', cells, best: { C: C[3]!, gamma: C[4]! } }], { document, widthMm: 89 })) as unknown as { outerHTML: string }).outerHTML;
    expect(svg).toContain('too small at this width to print their values');
    expect(svg).toContain('grid_cv_persistent tables.');
  });

  it('loss axes: plain decimals, a linear axis within one decade, every tick labelled', () => {
    expect(lossTick(0.2)).toBe('0.2');
    expect(lossTick(0.05)).toBe('0.05');
    expect(lossAxis([0.5, 0.6]).type).toBe('linear');
    expect(lossAxis([0.1, 5]).type).toBe('log');
    expect(lossAxis([0.1, 5]).ticks).toEqual([0.1, 0.2, 0.5, 1, 2, 5]);
    expect(text('suppl-training-curves')).not.toMatch(/>\d+m<\/text>/);
    expect(text('suppl-training-curves-narrow')).toMatch(/>0\.\d+<\/text>/);
  });

  it('colours that appear together differ in greyscale (WCAG relative luminance)', () => {
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    // Colour is the only cue between: training and validation loss, recovered and not recovered
    // (Fig. 4 scores), a line and its band. (Blue and vermillion are close in grey: they only
    // pair with a second cue, filled vs open marker in Fig. 5, line vs dot in Fig. 6.)
    for (const [a, b] of [[palette.primary, palette.secondary], [palette.primary, palette.band], [palette.ink, palette.light]] as const) {
      expect(Math.abs(lum(a) - lum(b)), `${a} vs ${b}`).toBeGreaterThan(0.1);
    }
  });

  it('width settings and labels', () => {
    expect(parseFigureWidth('single')).toBe(89);
    expect(parseFigureWidth('183mm')).toBe(183);
    expect(parseFigureWidth('140')).toBe(140);
    expect(() => parseFigureWidth('20mm')).toThrow(/40mm to 300mm/);
    expect(gradeLabel(2.5)).toBe('II–III');
    expect(wrapText('a b c', textWidth('a b', 10), 10)).toEqual(['a b', 'c']);
    expect(gradeGroups([{ actual: 2, predicted: 0.5 }, { actual: 2, predicted: 2 }])[0]).toMatchObject({ n: 2, outOfRange: 1 });
  });
});
