import { describe, expect, it } from 'vitest';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { VALIDATION_FIGURES } from './fixtures';
import { document, expectGolden } from './golden';

// The validation and teaching cells' figures (fixed inputs, golden SVGs at each figure's default width).
describe('validation figures (golden SVG)', () => {
  for (const [name, build] of Object.entries(VALIDATION_FIGURES)) it(`${name} matches its golden SVG`, () => expectGolden(name, build(document)));

  it('the calibration plot keeps every drawn share within [0, 1] and says where the smooth was clipped', () => {
    const svg = figureSvgText(VALIDATION_FIGURES['svm-calibration']!(document));
    expect(svg).toMatch(/ran outside 0–1 at \d+ of 42 points/);
    // The y scale maps 1 to the top of the frame; nothing of the band, the curve or the intervals is drawn above it.
    const el = VALIDATION_FIGURES['svm-calibration']!(document);
    for (const panel of Array.from(el.querySelectorAll('svg[aria-label^="Calibration:"]'))) {
      const frame = panel.querySelector('[aria-label="frame"] rect, rect[aria-label="frame"]') as Element | null;
      const top = Number(frame?.getAttribute('y'));
      expect(Number.isFinite(top)).toBe(true);
      const ys = Array.from(panel.querySelectorAll('[aria-label="area"] path, [aria-label="line"] path, [aria-label="rule"] line, [aria-label="dot"] circle')).flatMap((e) => {
        const d = e.getAttribute('d');
        if (d) return [...d.matchAll(/[ML,]\s*(-?[\d.]+)[,\s](-?[\d.]+)/g)].map((m) => Number(m[2]));
        return ['y1', 'y2', 'cy'].map((a) => e.getAttribute(a)).filter((v): v is string => v !== null).map(Number);
      });
      expect(ys.length).toBeGreaterThan(10);
      expect(Math.min(...ys)).toBeGreaterThanOrEqual(top - 0.01);
    }
  });
});
