import { describe, expect, it } from 'vitest';
import { gradeClass, table1, table1Stats } from '@/lib/cohort/table1';
import * as aq from 'arquero';
import { createRng } from '@/lib/stats/random';
import { makePatient } from './helpers';

// Hand-worked example (development):
//   ages 40, 50, 60                 -> mean 50, SD 10
//   initial grades 2, 3.5 (III-IV), 5 -> mean 3.5, SD 1.5; classes II, IV (worse grade), V
//   first-visit days 1, 2, 6        -> mean 3, SD sqrt((4 + 1 + 9) / 2) = sqrt(7)
//   follow-up 60-1, 91-2, 125-6     -> 59, 89, 119: mean 89, SD 30
//   diabetes yes / no / unknown     -> 1 of 2 known (50%)
const dev = [
  makePatient('A', [[1, 2], [10, 2], [60, 1]], { age: 40, sex: 'M', diabetes: true, hypertension: true, delayedTreatment: false }),
  makePatient('B', [[2, 3.5], [9, null], [91, 3]], { age: 50, sex: 'F', diabetes: false, hypertension: false, delayedTreatment: true }),
  makePatient('C', [[6, 5], [20, 4], [125, 2]], { age: 60, sex: 'M', diabetes: null, hypertension: false, delayedTreatment: false }),
];
const val = [makePatient('V', [[0, 4], [14, 3], [40, 2]], { age: 30, sex: 'F', delayedTreatment: null })];

describe('table1', () => {
  it('table 1: computes the hand-worked example', () => {
    const s = table1Stats(dev);
    expect(s.n).toBe(3);
    expect(s.age.mean).toBeCloseTo(50, 12);
    expect(s.age.sd).toBeCloseTo(10, 12);
    expect([s.male, s.female, s.sexUnknown]).toEqual([2, 1, 0]);
    expect(s.diabetes).toEqual({ n: 1, of: 2, pct: 50 });
    expect(s.hypertension.n).toBe(1);
    expect(s.hypertension.pct).toBeCloseTo(100 / 3, 12);
    expect(s.initialGrade.mean).toBeCloseTo(3.5, 12);
    expect(s.initialGrade.sd).toBeCloseTo(1.5, 12);
    expect(s.initialGradeDistribution.II.n).toBe(1);
    expect(s.initialGradeDistribution.III.n).toBe(0);
    expect(s.initialGradeDistribution.IV.n).toBe(1);
    expect(s.initialGradeDistribution.V.n).toBe(1);
    expect(s.firstVisitDay.mean).toBeCloseTo(3, 12);
    expect(s.firstVisitDay.sd).toBeCloseTo(Math.sqrt(7), 12);
    expect(s.followUpDays.mean).toBeCloseTo(89, 12);
    expect(s.followUpDays.sd).toBeCloseTo(30, 12);
    expect(s.earlyTreatment.n).toBe(2);
    expect(s.delayedTreatment.n).toBe(1);
    expect(s.delayedTreatment.pct).toBeCloseTo(100 / 3, 12);
  });

  it('table 1: rows show development and validation side by side', () => {
    const t = table1(dev, val);
    const row = (key: string) => t.rows.find((r) => r.key === key);
    expect(row('n')).toMatchObject({ development: '3', validation: '1' });
    expect(row('age')?.development).toBe('50.00 ± 10.00');
    expect(row('age')?.validation).toBe('30.00 ± –');
    expect(row('sex')).toMatchObject({ development: '2 : 1', validation: '0 : 1' });
    expect(row('diabetes')?.development).toBe('1 (50.0%)');
    expect(row('gradeIV')).toMatchObject({ development: '1 (33.3%)', validation: '1 (100.0%)' });
    expect(row('delayedTreatment')).toMatchObject({ development: '1 (33.3%)', validation: '–' });
    expect(row('gradeI')).toBeUndefined();
    expect(t.validation.treatmentUnknown).toBe(1);
  });

  it('table 1: a half grade counts as the worse grade', () => {
    expect([1, 1.5, 2, 2.5, 3, 3.5, 5.5, 6].map(gradeClass)).toEqual(['I', 'II', 'II', 'III', 'III', 'IV', 'VI', 'VI']);
  });

  it('table 1: an empty group has counts of zero and no means', () => {
    const s = table1Stats([]);
    expect(s.n).toBe(0);
    expect(s.age).toEqual({ n: 0, mean: null, sd: null });
    expect(s.diabetes.pct).toBeNull();
    expect(table1(dev, []).rows.find((r) => r.key === 'age')?.validation).toBe('–');
  });

  it('gives, to the last bit, the mean and SD arquero aggregates give (the writer before this one)', () => {
    const rng = createRng(16);
    const patients = Array.from({ length: 400 }, (_, i) =>
      makePatient(
        `P${i}`,
        Array.from({ length: 1 + rng.int(6) }, (_, k) => [k * (1 + rng.int(40)) + rng.int(9), rng.bernoulli(0.2) ? null : 1 + rng.int(11) / 2] as const),
        { age: rng.bernoulli(0.1) ? null : rng.between(18, 95) },
      ),
    );
    const s = table1Stats(patients);
    const ages = patients.map((p) => p.age);
    const agg = aq.table({ age: ages }).rollup({ n: 'd => op.valid(d.age)', mean: 'd => op.mean(d.age)', sd: 'd => op.stdev(d.age)' }).object() as Record<string, number>;
    expect(s.age).toEqual({ n: agg.n, mean: agg.mean, sd: agg.sd });
    const initial = patients.map((p) => {
      const first = p.visits.reduce((min, v) => (v.date < min ? v.date : min), p.visits[0]!.date);
      return p.visits.find((v) => v.grade !== null && v.date === first)?.grade ?? null;
    });
    const g = aq.table({ g: initial }).rollup({ n: 'd => op.valid(d.g)', mean: 'd => op.mean(d.g)', sd: 'd => op.stdev(d.g)' }).object() as Record<string, number>;
    expect(s.initialGrade).toEqual({ n: g.n, mean: g.mean, sd: g.sd });
  });
});
