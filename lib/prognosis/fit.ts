/**
 * The landmark prognosis model: P(recovery recorded by day t | history at the landmark) for a
 * grid of horizons t, by one stacked logistic regression with a separate intercept per horizon
 * and shared, sign-constrained slopes, weighted by inverse probability of censoring (a "direct
 * binomial" landmark model). One model gives both the chance at the horizon and the course:
 * the chance by day t is the same formula at every t of the grid, interpolated between.
 *
 * Why a direct binomial model and not a hazard model: on simulated cohorts with known truth,
 * discrete-time hazard (proportional-odds per period) fits predicted ~100% for the best
 * patients where ~98% recover (a few never do) and under-predicted the severe ones
 * (calibration slope 0.4–0.5); the direct model targets the probability asked for and came out
 * at slope 0.8–1.05. See README, teaching section.
 */
import type { LandmarkRow } from './landmark-rows';
import { censoringShift, censoringSurvival, knownUntil, type CensoringShift } from './censoring';
import { fitConstrainedLogistic } from './constrained-logistic';
import { FEATURES, featureVector } from './features';

/** Horizons (days since onset) the model is fitted at; the chance shown is read at one of them. */
export const HORIZON_GRID = [45, 60, 90, 120, 150, 180, 240] as const;

/** A distribution over half grades. */
export type GradeDistribution = { grade: number; p: number }[];

export interface PrognosisFit {
  horizons: number[];
  /** One intercept per horizon (made non-decreasing: the chance by day t cannot fall with t). */
  intercepts: number[];
  coefficients: number[];
  /** Features whose unconstrained estimate had the wrong sign and were held at 0. */
  fixedAtZero: string[];
  /** The fitted intercepts before that (what R's glm gives). */
  rawIntercepts: number[];
  /** Horizons whose intercept was raised to keep the chance non-decreasing in t (empty when none). */
  interceptsPooled: number[];
  censoringShift: CensoringShift;
  /** Best grade recorded by a horizon, among the fit's rows recovered by it (weighted as the fit). */
  recoveredGrades: GradeDistribution;
  /** Among patients known not recovered by a horizon: present grade − best grade so far, by present-grade group. */
  notRecoveredDrop: Record<string, GradeDistribution>;
  counts: { patients: number; landmarkRows: number; stackedRows: number; recoveries: number };
}

/** Present-grade groups for the course's spread and its coverage check. */
export function gradeGroup(grade: number): string {
  if (grade <= 3) return '≤ III';
  if (grade <= 4) return 'IV';
  if (grade <= 5) return 'V';
  return 'VI';
}
export const GRADE_GROUPS = ['≤ III', 'IV', 'V', 'VI'] as const;

/** Best (lowest) grade recorded by day t: the present grade and the follow-up visits up to t. */
export function bestGradeBy(row: LandmarkRow, t: number): number {
  let best = row.history.visits[row.history.visits.length - 1]!.grade;
  for (const v of row.followUp) if (v.day <= t && v.grade < best) best = v.grade;
  return best;
}

function normalise(counts: Map<number, number>): GradeDistribution {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([grade, c]) => ({ grade, p: total > 0 ? c / total : 0 }));
}

export interface StackedData {
  x: number[][];
  y: number[];
  w: number[];
  /** Index of the landmark row each stacked row came from, and its horizon. */
  source: { row: number; horizon: number }[];
}

/** The stacked, weighted rows: one per landmark row and horizon after the landmark whose status is known. */
export function stackRows(rows: readonly LandmarkRow[], shift: CensoringShift, horizons: readonly number[] = HORIZON_GRID): StackedData {
  const g = censoringSurvival(rows, shift);
  const out: StackedData = { x: [], y: [], w: [], source: [] };
  rows.forEach((r, i) => {
    const f = featureVector(r.history);
    const until = knownUntil(r, shift);
    horizons.forEach((h, j) => {
      if (h <= r.landmarkDay) return;
      let y: number;
      let weight: number;
      if (r.eventDay !== null && r.eventDay <= h) {
        y = 1;
        weight = 1 / g.before(r.eventDay);
      } else if (until >= h) {
        y = 0;
        weight = 1 / g.before(h);
      } else return;
      const dummies = horizons.map((_, k) => (k === j ? 1 : 0));
      out.x.push([...dummies, ...f]);
      out.y.push(y);
      out.w.push(weight);
      out.source.push({ row: i, horizon: h });
    });
  });
  return out;
}

export function fitPrognosis(rows: readonly LandmarkRow[], options: { shift?: CensoringShift } = {}): PrognosisFit {
  const horizons = [...HORIZON_GRID];
  const shift = options.shift ?? censoringShift(uniqueSequences(rows));
  const data = stackRows(rows, shift, horizons);
  const nonpositive = FEATURES.flatMap((f, j) => (f.sign === 'nonpositive' ? [horizons.length + j] : []));
  const fit = fitConstrainedLogistic(data.x, data.y, data.w, nonpositive);
  const rawIntercepts = fit.coefficients.slice(0, horizons.length);
  const intercepts: number[] = [];
  const interceptsPooled: number[] = [];
  rawIntercepts.forEach((a, j) => {
    const prev = j > 0 ? intercepts[j - 1]! : -Infinity;
    if (a < prev) interceptsPooled.push(horizons[j]!);
    intercepts.push(Math.max(a, prev));
  });

  const recovered = new Map<number, number>();
  const drops = new Map<string, Map<number, number>>(GRADE_GROUPS.map((g) => [g, new Map()]));
  data.source.forEach((s, k) => {
    const row = rows[s.row]!;
    if (data.y[k] === 1) {
      const best = bestGradeBy(row, s.horizon);
      recovered.set(best, (recovered.get(best) ?? 0) + data.w[k]!);
      return;
    }
    const present = row.history.visits[row.history.visits.length - 1]!.grade;
    const drop = Math.max(0, present - bestGradeBy(row, s.horizon));
    const m = drops.get(gradeGroup(present))!;
    m.set(drop, (m.get(drop) ?? 0) + data.w[k]!);
  });
  const notRecoveredDrop: Record<string, GradeDistribution> = {};
  for (const [g, m] of drops) notRecoveredDrop[g] = m.size > 0 ? normalise(m) : [{ grade: 0, p: 1 }];

  return {
    horizons,
    intercepts,
    rawIntercepts,
    coefficients: fit.coefficients.slice(horizons.length),
    fixedAtZero: fit.fixedAtZero.map((j) => FEATURES[j - horizons.length]!.name),
    interceptsPooled,
    censoringShift: shift,
    recoveredGrades: normalise(recovered),
    notRecoveredDrop,
    counts: { patients: new Set(rows.map((r) => r.patientId)).size, landmarkRows: rows.length, stackedRows: data.y.length, recoveries: rows.filter((r) => r.eventDay !== null).length },
  };
}

/** Each patient's graded visit sequence once (landmark rows repeat it). */
export function uniqueSequences(rows: readonly LandmarkRow[]): { day: number; grade: number }[][] {
  const seen = new Map<string, { day: number; grade: number }[]>();
  for (const r of rows) {
    const prev = seen.get(r.patientId);
    const all = [...r.history.visits, ...r.followUp];
    if (!prev || all.length > prev.length) seen.set(r.patientId, all);
  }
  return [...seen.values()];
}

