/**
 * Predictions from a fitted prognosis model for one landmark history: the chance of recovery
 * recorded by day t, and the course of the best grade reached by day t.
 *
 * The course variable is the best (lowest) grade recorded by day t. It is ≤ II exactly when
 * the patient has recovered by day t, so the course's P(grade ≤ II at day H) is the chance by
 * day H by construction: one model, one story. Its distribution at day t is a mixture:
 * recovered (chance F(t)): the grades recorded at recovery visits in the fit; not recovered
 * (1 − F(t)): the present grade minus the improvement seen in patients of the same present-grade
 * group who had not recovered by a horizon, never below II–III.
 */
import { sigmoid } from './constrained-logistic';
import { featureVector } from './features';
import type { GradeDistribution, PrognosisFit } from './fit';
import { gradeGroup } from './fit';
import type { LandmarkHistory } from './landmark-rows';


export type Coefficients = Pick<PrognosisFit, 'horizons' | 'intercepts' | 'coefficients'>;

/** Chance of recovery recorded by each horizon of the grid (null for horizons ≤ the landmark). */
export function chanceByHorizon(model: Coefficients, history: LandmarkHistory): (number | null)[] {
  const f = featureVector(history);
  let eta = 0;
  f.forEach((v, j) => (eta += v * model.coefficients[j]!));
  const landmarkDay = history.visits[history.visits.length - 1]!.day;
  return model.horizons.map((h, j) => (h <= landmarkDay ? null : sigmoid(model.intercepts[j]! + eta)));
}

/** Chance by day t: 0 at the landmark, the model at each grid horizon, linear in between. */
export function chanceBy(model: Coefficients, history: LandmarkHistory, t: number): number {
  const landmarkDay = history.visits[history.visits.length - 1]!.day;
  if (t <= landmarkDay) return 0;
  const byH = chanceByHorizon(model, history);
  let prevDay = landmarkDay;
  let prevP = 0;
  for (let j = 0; j < model.horizons.length; j++) {
    const h = model.horizons[j]!;
    const p = byH[j];
    if (p === null || p === undefined) continue;
    if (t <= h) return prevP + ((p - prevP) * (t - prevDay)) / (h - prevDay);
    prevDay = h;
    prevP = p;
  }
  return prevP;
}

/** Distribution of the best grade by day t (ascending grades). */
export function bestGradeDistribution(model: PrognosisFit, history: LandmarkHistory, t: number): GradeDistribution {
  const present = history.visits[history.visits.length - 1]!.grade;
  const f = chanceBy(model, history, t);
  const mass = new Map<number, number>();
  const add = (g: number, p: number) => mass.set(g, (mass.get(g) ?? 0) + p);
  if (f > 0) for (const { grade, p } of model.recoveredGrades) add(grade, f * p);
  const drops = model.notRecoveredDrop[gradeGroup(present)] ?? [{ grade: 0, p: 1 }];
  // Right at the landmark nothing has changed yet.
  const t0 = t <= history.visits[history.visits.length - 1]!.day;
  for (const { grade: drop, p } of t0 ? [{ grade: 0, p: 1 }] : drops) add(Math.max(2.5, present - drop), (1 - f) * p);
  return [...mass.entries()].filter(([, p]) => p > 0).sort((a, b) => a[0] - b[0]).map(([grade, p]) => ({ grade, p }));
}

/** The q-quantile of a discrete distribution (smallest grade whose CDF reaches q). */
export function gradeQuantile(dist: GradeDistribution, q: number): number {
  let cdf = 0;
  for (const { grade, p } of dist) {
    cdf += p;
    if (cdf >= q - 1e-12) return grade;
  }
  return dist[dist.length - 1]!.grade;
}

/**
 * How much of an observed grade's probability mass lies inside the central band [lo, hi] of
 * quantile levels: the expected coverage of a randomized PIT, the fair coverage of a band
 * for a discrete outcome (an interval of whole grades would otherwise over-cover).
 */
export function bandMassCoverage(dist: GradeDistribution, observed: number, lo: number, hi: number): number {
  let below = 0;
  let at = 0;
  for (const { grade, p } of dist) {
    if (grade < observed - 1e-9) below += p;
    else if (Math.abs(grade - observed) < 1e-9) at += p;
  }
  if (at <= 0) return below >= lo && below <= hi ? 1 : 0;
  const overlap = Math.max(0, Math.min(below + at, hi) - Math.max(below, lo));
  return overlap / at;
}

export interface CoursePoint {
  day: number;
  /** Median of the best grade by this day. */
  grade: number;
  low: number;
  high: number;
  /** Chance of recovery by this day. */
  chance: number;
}

/** The course from the landmark to the horizon: weekly, plus the grid horizons and the horizon itself. */
export function predictCourse(model: PrognosisFit, history: LandmarkHistory, horizonDay: number, level = 0.8): CoursePoint[] {
  const landmarkDay = history.visits[history.visits.length - 1]!.day;
  const days = new Set<number>([landmarkDay, horizonDay]);
  for (let d = landmarkDay + 7; d < horizonDay; d += 7) days.add(d);
  for (const h of model.horizons) if (h > landmarkDay && h < horizonDay) days.add(h);
  const lo = (1 - level) / 2;
  return [...days].sort((a, b) => a - b).map((day) => {
    const dist = bestGradeDistribution(model, history, day);
    return { day, grade: gradeQuantile(dist, 0.5), low: gradeQuantile(dist, lo), high: gradeQuantile(dist, 1 - lo), chance: chanceBy(model, history, day) };
  });
}
