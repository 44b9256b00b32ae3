import { describe, expect, it } from 'vitest';
import { simulateCohort } from '@/lib/sim';
import { bandMassCoverage, bestGradeDistribution, chanceBy, fitPrognosis, gradeQuantile, landmarkRows, predictCourse, type LandmarkHistory } from '@/lib/prognosis';

const fit = fitPrognosis(landmarkRows(simulateCohort({}, 20260101, 400).patients).rows);
const severe: LandmarkHistory = {
  visits: [{ day: 0, grade: 6 }, { day: 7, grade: 6 }, { day: 14, grade: 6 }],
  age: 80, male: true, diabetes: true, hypertension: true, steroidDay: 20,
};
const mild: LandmarkHistory = { visits: [{ day: 1, grade: 3 }, { day: 8, grade: 3 }], age: 35, male: false, diabetes: false, hypertension: false, steroidDay: 1 };

describe('prognosis course: one model, one story', () => {
  it.each([['severe', severe], ['mild', mild]] as const)('%s: starts at the present grade and its P(grade ≤ II at H) is the chance by H', (_, p) => {
    for (const H of [90, 180, 240]) {
      const course = predictCourse(fit, p, H);
      expect(course[0]!.day).toBe(p.visits.at(-1)!.day);
      expect(course[0]!.grade).toBe(p.visits.at(-1)!.grade);
      expect(course.at(-1)!.day).toBe(H);
      const dist = bestGradeDistribution(fit, p, H);
      const massRecovered = dist.filter((d) => d.grade <= 2).reduce((a, d) => a + d.p, 0);
      expect(Math.abs(massRecovered - chanceBy(fit, p, H))).toBeLessThan(0.02);
      expect(dist.reduce((a, d) => a + d.p, 0)).toBeCloseTo(1, 12);
      for (const pt of course) expect(pt.low <= pt.grade && pt.grade <= pt.high).toBe(true);
    }
  });

  it('the severe patient’s course stays high, not near grade II', () => {
    const course = predictCourse(fit, severe, 90);
    expect(chanceBy(fit, severe, 90)).toBeLessThan(0.5);
    expect(course.at(-1)!.grade).toBeGreaterThan(2);
  });

  it('quantiles and band mass coverage on a hand-worked distribution', () => {
    const d = [{ grade: 1, p: 0.2 }, { grade: 2, p: 0.5 }, { grade: 4, p: 0.3 }];
    expect(gradeQuantile(d, 0.1)).toBe(1);
    expect(gradeQuantile(d, 0.5)).toBe(2);
    expect(gradeQuantile(d, 0.9)).toBe(4);
    // grade 1 holds quantile levels [0, 0.2]: half of that is inside [0.1, 0.9].
    expect(bandMassCoverage(d, 1, 0.1, 0.9)).toBeCloseTo(0.5, 12);
    expect(bandMassCoverage(d, 2, 0.1, 0.9)).toBeCloseTo(1, 12);
    // grade 4 holds [0.7, 1]: 0.2 of 0.3 is inside.
    expect(bandMassCoverage(d, 4, 0.1, 0.9)).toBeCloseTo(2 / 3, 12);
  });
});
