import { describe, expect, it } from 'vitest';
import { clinicalCourse, jitteredGrade } from '@/lib/figures/clinical-course';
import { composeFigure } from '@/lib/figures/compose-figure';
import { document } from './golden';

type El = { getAttribute(n: string): string | null; querySelectorAll(s: string): Iterable<El> };

/**
 * Fig. 2's dots, read back from the drawn SVG as grades: the y grid lines sit at grades I–VI,
 * so a dot's grade is its position between the I and VI lines.
 */
function plottedGrades(points: { day: number; grade: number; jitter: number }[], widthMm?: number): number[] {
  const svg = composeFigure(clinicalCourse({ points, bins: [], maxDay: 300 }, { document, widthMm })) as unknown as El;
  const grid = [...svg.querySelectorAll('g[aria-label="y-grid"] line')].map((l) => Number(l.getAttribute('y1')));
  expect(grid).toHaveLength(6);
  const [yI, yVI] = [Math.max(...grid), Math.min(...grid)];
  const dots = [...svg.querySelectorAll('g[aria-label="dot"][fill-opacity="0.3"] circle')];
  expect(dots).toHaveLength(points.length);
  return dots.map((c) => 1 + ((yI - Number(c.getAttribute('cy'))) / (yI - yVI)) * 5);
}

describe('Fig. 2: jittered visits stay inside grades I–VI', () => {
  it('every plotted dot is within [I, VI], at the largest jitter the cell allows (±0.45), whole and half grades', () => {
    const grades = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6];
    const points = grades.flatMap((grade, g) => [-0.45, -0.3, -0.1, 0, 0.1, 0.3, 0.45].map((jitter, j) => ({ day: 5 + g * 20 + j, grade, jitter })));
    for (const widthMm of [89, 183]) {
      const plotted = plottedGrades(points, widthMm);
      const outside = plotted.filter((y) => y < 1 - 1e-6 || y > 6 + 1e-6);
      expect(outside, `${outside.length} dots outside I–VI at ${widthMm} mm`).toEqual([]);
      // Still jittered: a dot stays within the jitter of its grade, and the grade VI and I dots spread inwards.
      plotted.forEach((y, i) => expect(Math.abs(y - points[i]!.grade)).toBeLessThanOrEqual(0.45 + 1e-6));
      expect(new Set(plotted.filter((_, i) => points[i]!.grade === 6).map((y) => y.toFixed(3))).size).toBeGreaterThan(3);
    }
  });

  it('reflects at the ends rather than piling dots on the line', () => {
    expect(jitteredGrade(6, 0.3)).toBeCloseTo(5.7, 10);
    expect(jitteredGrade(1, -0.2)).toBeCloseTo(1.2, 10);
    expect(jitteredGrade(3, 0.4)).toBeCloseTo(3.4, 10);
    expect(jitteredGrade(5.8, 0.45)).toBeCloseTo(5.75, 10);
    // A grade outside the scale (bad data) is still drawn on it.
    expect(jitteredGrade(8, 0)).toBe(6);
    expect(jitteredGrade(-1, 0)).toBe(1);
  });
});
