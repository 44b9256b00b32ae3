import { describe, expect, it } from 'vitest';
import { MAX_COURSE_DOTS, visitDensity } from '@/lib/course/visit-density';
import { clinicalCourse } from '@/lib/figures/clinical-course';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { createRng } from '@/lib/stats/random';
import { document } from '../figures/golden';

describe('Fig. 2 for a large cohort: visit density', () => {
  it('counts visits per day bin and half grade (hand-worked), leaving out days outside 0..maxDay', () => {
    const d = visitDensity(
      [{ day: 0, grade: 3 }, { day: 2, grade: 3 }, { day: 3, grade: 3 }, { day: 4, grade: 3.5 }, { day: 30, grade: 6 }, { day: 31, grade: 1 }, { day: -1, grade: 2 }],
      { maxDay: 30, dayWidth: 3 },
    );
    expect(d.visits).toBe(5);
    expect(d.cells).toEqual([
      { start: 0, end: 3, grade: 3, n: 2 },
      { start: 3, end: 6, grade: 3, n: 1 },
      { start: 3, end: 6, grade: 3.5, n: 1 },
      { start: 30, end: 31, grade: 6, n: 1 },
    ]);
  });

  it(`a million visits draw as a bounded SVG (well under 5 MB) that says what it shows; ${MAX_COURSE_DOTS} is the switch`, () => {
    const rng = createRng(3);
    const points = Array.from({ length: 1_000_000 }, () => ({ day: rng.int(301), grade: 1 + rng.int(11) / 2 }));
    const density = visitDensity(points, { maxDay: 300, dayWidth: 3 });
    const svg = figureSvgText(clinicalCourse({ points: [], density, bins: [{ start: 0, end: 301, n: 1_000_000, mean: 3.5, ciLow: 3.49, ciHigh: 3.51 }], maxDay: 300 }, { document }) as unknown as Element);
    expect(svg.length).toBeLessThan(500_000);
    expect(svg).toContain('1,000,000 graded visits, shaded by number per 3-day bin and grade');
    expect(svg).toContain('1000000 graded visits shown as density');
    expect(MAX_COURSE_DOTS).toBe(20_000);
  });
});
