/**
 * The case mix at the point of use (each patient once, at its last visit by day 30, not yet
 * recovered): what the model's development summary records in the model file, and what an
 * external validation sets beside it. Shares are of the patients; the share recovered by the
 * horizon is weighted for censoring (IPCW), as the validation's base rate is.
 */
import { mean, quantile, sd } from '../stats/descriptive';
import { censoringSurvival, knownUntil, type CensoringShift } from './censoring';
import { GRADE_GROUPS, gradeGroup } from './fit';
import { EARLY_WINDOW_DAYS, type LandmarkRow } from './landmark-rows';

export interface CaseMix {
  patients: number;
  age: { mean: number; sd: number };
  male: number;
  diabetes: number;
  hypertension: number;
  /** Median day of the first steroid dose. */
  steroidDay: number;
  /** Median day of the landmark visit. */
  landmarkDay: number;
  /** Share of patients by grade group at the landmark. */
  presentGrade: Record<string, number>;
  /** IPCW share recovered by the horizon (null where no status is known). */
  recoveredByHorizon: number | null;
  horizonDay: number;
}

/** Each patient's last landmark row, leaving out those already recovered by day 30 (they get no prediction). */
export function lastRows(rows: readonly LandmarkRow[]): LandmarkRow[] {
  const last = new Map<string, LandmarkRow>();
  for (const r of rows) last.set(r.patientId, r);
  return [...last.values()].filter((r) => !(r.eventDay !== null && r.eventDay <= EARLY_WINDOW_DAYS));
}

export function caseMix(rows: readonly LandmarkRow[], horizonDay: number, shift: CensoringShift): CaseMix {
  const n = rows.length;
  const share = (f: (r: LandmarkRow) => boolean) => (n ? rows.filter(f).length / n : NaN);
  const g = censoringSurvival(rows, shift);
  let wy = 0;
  let wt = 0;
  for (const r of rows) {
    if (r.eventDay !== null && r.eventDay <= horizonDay) {
      const w = 1 / g.before(r.eventDay);
      wy += w;
      wt += w;
    } else if (knownUntil(r, shift) >= horizonDay) wt += 1 / g.before(horizonDay);
  }
  const present = (r: LandmarkRow) => r.history.visits[r.history.visits.length - 1]!.grade;
  return {
    patients: n,
    age: { mean: n ? mean(rows.map((r) => r.history.age)) : NaN, sd: n > 1 ? sd(rows.map((r) => r.history.age)) : 0 },
    male: share((r) => r.history.male),
    diabetes: share((r) => r.history.diabetes),
    hypertension: share((r) => r.history.hypertension),
    steroidDay: n ? quantile(rows.map((r) => r.history.steroidDay), 0.5) : NaN,
    landmarkDay: n ? quantile(rows.map((r) => r.landmarkDay), 0.5) : NaN,
    presentGrade: Object.fromEntries(GRADE_GROUPS.map((grp) => [grp, share((r) => gradeGroup(present(r)) === grp)])),
    recoveredByHorizon: wt > 0 ? wy / wt : null,
    horizonDay,
  };
}
