import { describe, expect, it } from 'vitest';
import { simulateCohort } from '@/lib/sim';
import { chanceBy, fitPrognosis, HORIZON_GRID, landmarkRows, type LandmarkHistory } from '@/lib/prognosis';

// The bundled cohort's generator and seed (data/README.md): the model the teaching notebook fits.
const fit = fitPrognosis(landmarkRows(simulateCohort({}, 20260101, 400).patients).rows);

/** A grid of patients: visit days, grade sequences, ages, steroid days, comorbidities. */
function* patients(): Generator<LandmarkHistory> {
  const schedules = [[0], [2, 9], [1, 8, 15], [3, 10, 20, 30]];
  const grades = [2, 3, 4, 5, 6];
  for (const days of schedules)
    for (const g0 of grades)
      for (const gLast of grades)
        for (const age of [20, 55, 85])
          for (const steroidDay of [0, 3, 10])
            for (const dm of [false, true])
              yield {
                visits: days.map((day, i) => ({ day, grade: i === days.length - 1 ? gLast : g0 })),
                age,
                male: age === 55,
                diabetes: dm,
                hypertension: !dm && age > 50,
                steroidDay,
              };
}

const TOLERANCE = 0.005;

describe('prognosis directions: the chance never rises when an input gets worse', () => {
  it('holds for every visit grade, the steroid day, diabetes and hypertension, at every horizon', () => {
    let checked = 0;
    let worst = -Infinity;
    const check = (base: LandmarkHistory, worse: LandmarkHistory) => {
      for (const h of HORIZON_GRID) {
        const rise = chanceBy(fit, worse, h) - chanceBy(fit, base, h);
        worst = Math.max(worst, rise);
        checked++;
      }
    };
    for (const p of patients()) {
      p.visits.forEach((v, i) => {
        if (v.grade >= 6) return;
        check(p, { ...p, visits: p.visits.map((w, j) => (j === i ? { ...w, grade: w.grade + 0.5 } : w)) });
      });
      check(p, { ...p, steroidDay: p.steroidDay + 1 });
      check(p, { ...p, steroidDay: p.steroidDay + 7 });
      if (!p.diabetes) check(p, { ...p, diabetes: true });
      if (!p.hypertension) check(p, { ...p, hypertension: true });
    }
    expect(checked).toBeGreaterThan(50_000);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });

  it('the chance by day t never falls as t grows', () => {
    for (const p of patients()) {
      let prev = 0;
      for (let t = 0; t <= 240; t += 5) {
        const c = chanceBy(fit, p, t);
        expect(c).toBeGreaterThanOrEqual(prev - 1e-12);
        prev = c;
      }
    }
  });

  it('every early visit can move the chance unless the fit held the all-visit term at 0 (and says so)', () => {
    const p: LandmarkHistory = { visits: [{ day: 0, grade: 3 }, { day: 7, grade: 3 }, { day: 14, grade: 3 }], age: 50, male: false, diabetes: false, hypertension: false, steroidDay: 1 };
    const firstWorse = { ...p, visits: [{ day: 0, grade: 5 }, ...p.visits.slice(1)] };
    const moved = chanceBy(fit, p, 180) - chanceBy(fit, firstWorse, 180);
    if (fit.fixedAtZero.includes('mean_grade')) expect(moved).toBe(0);
    else expect(moved).toBeGreaterThan(0);
  });
});
