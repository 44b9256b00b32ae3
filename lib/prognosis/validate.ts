/**
 * The model's own validation on held-out patients (never used in the fit): one row per patient,
 * at the landmark the page and `npm run predict` use (the last graded visit by day 30).
 *
 * A patient lost before the horizon without a recorded recovery has no known outcome; dropping
 * such patients would leave mostly the recovered ones (non-recovered patients are the ones who
 * stop coming) and make the model look too pessimistic. So the calibration intercept and slope,
 * the Brier score and the base rate are weighted by inverse probability of censoring (the
 * held-out patients' own Kaplan–Meier G, with the fit's censoring shift), as in the fit. The
 * AUC is over the patients whose status is known (DeLong's CI has no weighted form here; the
 * note says so). Intercept and slope CIs: percentile bootstrap over held-out patients.
 */
import { delongAuc } from '../stats/delong';
import type { Rng } from '../stats/random';
import type { Patient } from '../data/types';
import { censoringSurvival, knownUntil, type CensoringShift } from './censoring';
import { fitConstrainedLogistic } from './constrained-logistic';
import { bandMassCoverage, bestGradeDistribution, chanceBy } from './predict';
import { bestGradeBy, GRADE_GROUPS, gradeGroup, type PrognosisFit } from './fit';
import { lastRows } from './case-mix';
import { landmarkRows, type LandmarkRow } from './landmark-rows';

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface HeldOutValidation {
  horizonDay: number;
  /** Held-out patients predicted at their day-30 landmark. */
  patients: number;
  /** Of those, with a known status at the horizon (the rest are weighted for). */
  knownStatus: number;
  /** Held-out patients with no prediction (already recovered by day 30, or incomplete records). */
  notPredictable: number;
  /** IPCW estimate of the share recovered by the horizon. */
  baseRate: number;
  /** Over the patients with known status, unweighted. */
  auc: Estimate | null;
  calibrationIntercept: Estimate;
  calibrationSlope: Estimate;
  brier: number;
  /** Per-patient predicted chance, outcome and weight (for the calibration plot). */
  points: { p: number; y: 0 | 1; w: number }[];
  /** The course band's coverage on these patients, by present-grade group (see bandCoverageByGroup). */
  bandCoverage: BandCoverage;
  problems: string[];
}

export interface BandCoverage {
  level: number;
  groups: { group: string; patients: number; visits: number; coverage: number | null }[];
}

/**
 * How often the course's central band holds the best grade recorded so far, at every follow-up
 * visit up to the horizon (the best grade by a visit's day is known exactly at that visit), by
 * present-grade group: the coverage shown beside the band. A discrete grade on the band's edge
 * counts by the share of its probability inside the band (bandMassCoverage), so a band of whole
 * grades is not credited with more than its level. Visits, not patients, are the unit: a patient
 * seen often weighs more, and patients who stop attending are only counted while they attend.
 */
export function bandCoverageByGroup(fit: PrognosisFit, rows: readonly LandmarkRow[], horizonDay: number, level = 0.8): BandCoverage {
  const lo = (1 - level) / 2;
  const by = new Map<string, { sum: number; visits: number; patients: Set<string> }>();
  for (const g of GRADE_GROUPS) by.set(g, { sum: 0, visits: 0, patients: new Set() });
  for (const r of rows) {
    const group = by.get(gradeGroup(r.history.visits[r.history.visits.length - 1]!.grade))!;
    for (const v of r.followUp) {
      if (v.day > horizonDay) continue;
      group.sum += bandMassCoverage(bestGradeDistribution(fit, r.history, v.day), bestGradeBy(r, v.day), lo, 1 - lo);
      group.visits++;
      group.patients.add(r.patientId);
    }
  }
  return { level, groups: [...by].map(([group, c]) => ({ group, patients: c.patients.size, visits: c.visits, coverage: c.visits > 0 ? c.sum / c.visits : null })) };
}

/**
 * Each patient once, at the landmark a prediction uses (its last landmark row: the last graded
 * visit by day 30). A patient recovered at a follow-up visit by day 30 has its last row at an
 * earlier landmark (landmarkRows stops at the recovery), with that recovery as its event: at
 * day 30 it gets no prediction (predictPatient: already recovered), so it is not scored either.
 * Keeping it would add rows chosen for their outcome (all recovered) and bias the calibration.
 */
export function pointOfUseRows(patients: readonly Patient[]): LandmarkRow[] {
  return lastRows(landmarkRows(patients).rows);
}

/** Weighted calibration-in-the-large: a in logit P = a + offset, by Newton's method. */
export function weightedCitl(y: readonly number[], lp: readonly number[], w: readonly number[]): number {
  let a = 0;
  for (let it = 0; it < 100; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < y.length; i++) {
      const p = 1 / (1 + Math.exp(-(a + lp[i]!)));
      g += w[i]! * (y[i]! - p);
      h += w[i]! * p * (1 - p);
    }
    const step = g / h;
    a += step;
    if (!Number.isFinite(a)) return NaN;
    if (Math.abs(step) < 1e-12) break;
  }
  return a;
}

/** Weighted logistic recalibration: [a, b] in logit P = a + b · lp. */
export function weightedRecalibration(y: readonly number[], lp: readonly number[], w: readonly number[]): [number, number] {
  const c = fitConstrainedLogistic(lp.map((x) => [1, x]), y, w, []).coefficients;
  return [c[0]!, c[1]!];
}

function weightedSlope(y: readonly number[], lp: readonly number[], w: readonly number[]): number {
  return fitConstrainedLogistic(lp.map((x) => [1, x]), y, w, []).coefficients[1]!;
}

/**
 * `shift`: the censoring shift used to say until when an unrecovered patient's status is known;
 * the fit's own by default (held-out patients of the same cohort), the validation cohort's own
 * for another clinic (its visit schedule may differ).
 */
export function validateHeldOut(fit: PrognosisFit, patients: readonly Patient[], horizonDay: number, rng: Rng, resamples = 500, shift: CensoringShift = fit.censoringShift): HeldOutValidation {
  const atLandmark = pointOfUseRows(patients);
  const g = censoringSurvival(atLandmark, shift);
  const points: { p: number; y: 0 | 1; w: number }[] = [];
  for (const r of atLandmark) {
    const p = chanceBy(fit, r.history, horizonDay);
    if (r.eventDay !== null && r.eventDay <= horizonDay) points.push({ p, y: 1, w: 1 / g.before(r.eventDay) });
    else if (knownUntil(r, shift) >= horizonDay) points.push({ p, y: 0, w: 1 / g.before(horizonDay) });
  }
  const problems: string[] = [];
  const ys = points.map((x) => x.y);
  const ps = points.map((x) => x.p);
  const ws = points.map((x) => x.w);
  const lp = ps.map((p) => Math.log(p / (1 - p)));
  const totalW = ws.reduce((a, b) => a + b, 0);
  const hasBoth = ys.includes(0) && ys.includes(1);
  if (!hasBoth) problems.push('the held-out patients with a known status all have the same outcome: no AUC or calibration slope');
  const d = hasBoth ? delongAuc(ys, ps) : null;
  const citl = hasBoth ? weightedCitl(ys, lp, ws) : NaN;
  let slope = NaN;
  try {
    if (hasBoth) slope = weightedSlope(ys, lp, ws);
  } catch (err) {
    problems.push(`calibration slope: ${(err as Error).message}`);
  }
  const ints: number[] = [];
  const slopes: number[] = [];
  let failed = 0;
  for (let b = 0; b < resamples && hasBoth; b++) {
    const idx = Array.from({ length: points.length }, () => rng.int(points.length));
    const by = idx.map((i) => ys[i]!);
    if (!by.includes(0) || !by.includes(1)) {
      failed++;
      continue;
    }
    const bl = idx.map((i) => lp[i]!);
    const bw = idx.map((i) => ws[i]!);
    try {
      ints.push(weightedCitl(by, bl, bw));
      slopes.push(weightedSlope(by, bl, bw));
    } catch {
      failed++;
    }
  }
  if (failed) problems.push(`${failed} of ${resamples} bootstrap resamples could not be fitted and are left out of the calibration CIs`);
  const pct = (xs: number[], q: number) => {
    const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
  };
  return {
    horizonDay,
    patients: atLandmark.length,
    knownStatus: points.length,
    notPredictable: patients.length - atLandmark.length,
    baseRate: totalW > 0 ? points.reduce((a, x) => a + x.w * x.y, 0) / totalW : NaN,
    auc: d ? { value: d.auc, low: d.ciLow, high: d.ciHigh } : null,
    calibrationIntercept: { value: citl, low: pct(ints, 0.025), high: pct(ints, 0.975) },
    calibrationSlope: { value: slope, low: pct(slopes, 0.025), high: pct(slopes, 0.975) },
    brier: totalW > 0 ? points.reduce((a, x) => a + x.w * (x.p - x.y) ** 2, 0) / totalW : NaN,
    points,
    bandCoverage: bandCoverageByGroup(fit, atLandmark, horizonDay),
    problems,
  };
}
