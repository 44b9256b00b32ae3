/**
 * The prognosis model on patients it never saw, against the simulator's truth. The model is
 * fitted on one simulated cohort with the usual drop-out; it is checked on a fresh cohort
 * (another seed) simulated without drop-out, where every patient's recovery by the horizon is
 * known. Unit: the patient at a landmark (each fresh patient at each of its landmarks).
 */
import { describe, expect, it } from 'vitest';
import { simulateCohort } from '@/lib/sim';
import { fitLogistic } from '@/lib/stats/logistic-fit';
import { bandMassCoverage, bestGradeDistribution, chanceBy, fitPrognosis, gradeGroup, historyAt, isRecoveredIn, landmarkRows, RECOVERY_GRADE } from '@/lib/prognosis';

const H = 180;
const fit = fitPrognosis(landmarkRows(simulateCohort({}, 31, 2000).patients).rows);
const freshPatients = simulateCohort({ visits: { dropOutProb: 0 }, missing: { noFollowUpProb: 0 } }, 4242, 2500).patients;
const fresh = landmarkRows(freshPatients).rows;

const p = fresh.map((r) => chanceBy(fit, r.history, H));
const y = fresh.map((r) => (r.eventDay !== null && r.eventDay <= H ? 1 : 0)) as (0 | 1)[];
const logit = p.map((q) => Math.log(q / (1 - q)));

describe('prognosis model on a fresh simulated cohort (seed 4242, 2,500 patients), simulator truth', () => {
  it('is calibrated: slope within 0.8–1.25, |calibration-in-the-large| ≤ 0.2', () => {
    expect(new Set(fresh.map((r) => r.patientId)).size).toBeGreaterThanOrEqual(2000);
    const slope = fitLogistic(y, logit, { slope: 'free' }).slope;
    const citl = fitLogistic(y, logit, { slope: 'fixed' }).intercept;
    expect(slope).toBeGreaterThanOrEqual(0.8);
    expect(slope).toBeLessThanOrEqual(1.25);
    expect(Math.abs(citl)).toBeLessThanOrEqual(0.2);
  });

  it('the 80% course band at the horizon covers the best grade reached within 7 points, per present-grade group', () => {
    const byGroup = new Map<string, number[]>();
    fresh.forEach((r) => {
      const present = r.history.visits.at(-1)!.grade;
      const recovered = r.eventDay !== null && r.eventDay <= H;
      const best = Math.min(present, ...r.followUp.filter((v) => v.day <= H).map((v) => v.grade));
      const observed = recovered ? best : Math.max(best, RECOVERY_GRADE + 0.5);
      const g = gradeGroup(present);
      if (!byGroup.has(g)) byGroup.set(g, []);
      byGroup.get(g)!.push(bandMassCoverage(bestGradeDistribution(fit, r.history, H), observed, 0.1, 0.9));
    });
    let groups = 0;
    for (const [, c] of byGroup) {
      if (c.length < 100) continue; // too few to measure a coverage to 7 points
      groups++;
      expect(Math.abs(c.reduce((a, b) => a + b, 0) / c.length - 0.8)).toBeLessThanOrEqual(0.07);
    }
    expect(groups).toBeGreaterThanOrEqual(3);
  });
});

describe('at the point of use: each fresh patient once, at its last visit by day 30, as npm run predict and the what-if predict', () => {
  // The history predictPatient uses; patients already recovered at a follow-up visit by day 30 get no prediction.
  const cases = freshPatients.flatMap((pt) => {
    const h = historyAt(pt, 30);
    if (!h || isRecoveredIn(h)) return [];
    const landmark = h.visits[h.visits.length - 1]!.day;
    const recovered = pt.visits.some((v) => v.grade !== null && v.day > landmark && v.day <= H && v.grade <= RECOVERY_GRADE);
    return [{ p: chanceBy(fit, h, H), y: recovered ? 1 : 0 }];
  });

  it('is calibrated: slope within 0.8–1.25, |calibration-in-the-large| ≤ 0.2', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const lp = cases.map((c) => Math.log(c.p / (1 - c.p)));
    const ys = cases.map((c) => c.y) as (0 | 1)[];
    const slope = fitLogistic(ys, lp, { slope: 'free' }).slope;
    const citl = fitLogistic(ys, lp, { slope: 'fixed' }).intercept;
    expect(slope).toBeGreaterThanOrEqual(0.8);
    expect(slope).toBeLessThanOrEqual(1.25);
    expect(Math.abs(citl)).toBeLessThanOrEqual(0.2);
    console.log(`point of use: ${cases.length} patients, slope ${slope.toFixed(2)}, calibration-in-the-large ${citl.toFixed(2)}`);
  });
});
