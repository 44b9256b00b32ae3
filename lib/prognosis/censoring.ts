/**
 * Censoring for a recovery that can only be recorded at a visit.
 *
 * A patient who stops attending after an unrecovered visit on day C could not have had a
 * recovery recorded before the visit that would have come next. Censoring at C itself therefore
 * counts the patient as "at risk of a recorded recovery" for less time than the patients who
 * keep coming, and inflates the chance of recovery (1–2 points at 6 months on simulated
 * cohorts with the simulator's truth). The fit censors halfway to the next visit instead: C plus
 * half the median gap that follows an unrecovered visit at that stage of the course (gaps that
 * cross day 30 after an early visit, and gaps after day 30), the midpoint convention for a
 * status known only at visits.
 *
 * The weights are inverse probabilities of remaining under observation (IPCW): G(t) is the
 * Kaplan–Meier estimate of P(censoring time > t), with recoveries as the censored observations
 * of the censoring distribution.
 */
import { quantile } from '../stats/descriptive';
import type { LandmarkRow } from './landmark-rows';
import { EARLY_WINDOW_DAYS, RECOVERY_GRADE } from './landmark-rows';

/** Visits after this day are past the simulator's and the paper's follow-up: no shift. */
export const ADMINISTRATIVE_END_DAY = 300;

export interface CensoringShift {
  /** Half the median gap after an unrecovered visit before day 30 that crosses day 30. */
  early: number;
  /** Half the median gap after an unrecovered visit on or after day 30. */
  late: number;
}

/** No gap seen (a cohort of single visits): no shift. */
const median = (values: number[]) => (values.length ? quantile(values, 0.5) : 0);

/** The half-gap shift from the graded visit sequences of the fit's patients. */
export function censoringShift(visitSequences: readonly { day: number; grade: number }[][]): CensoringShift {
  const early: number[] = [];
  const late: number[] = [];
  for (const visits of visitSequences) {
    for (let i = 0; i + 1 < visits.length; i++) {
      const v = visits[i]!;
      if (i > 0 && v.grade <= RECOVERY_GRADE) break;
      const gap = visits[i + 1]!.day - v.day;
      if (v.day < EARLY_WINDOW_DAYS && visits[i + 1]!.day > EARLY_WINDOW_DAYS) early.push(gap);
      else if (v.day >= EARLY_WINDOW_DAYS) late.push(gap);
    }
  }
  return { early: median(early) / 2, late: median(late) / 2 };
}

/** Day up to which the row's status is known (its recovery day, or the shifted censoring day). */
export function knownUntil(row: LandmarkRow, shift: CensoringShift): number {
  if (row.eventDay !== null) return row.eventDay;
  if (row.lastDay >= ADMINISTRATIVE_END_DAY) return row.lastDay;
  return row.lastDay + (row.lastDay < EARLY_WINDOW_DAYS ? shift.early : shift.late);
}

/** Step function G(t) = P(C > t); `before(t)` is G(t−) = P(C ≥ t). */
export interface CensoringSurvival {
  times: number[];
  survival: number[];
  before(t: number): number;
}

export function censoringSurvival(rows: readonly LandmarkRow[], shift: CensoringShift): CensoringSurvival {
  const obs = rows.map((r) => ({ t: knownUntil(r, shift), censored: r.eventDay === null }));
  const times = [...new Set(obs.filter((o) => o.censored).map((o) => o.t))].sort((a, b) => a - b);
  const survival: number[] = [];
  let s = 1;
  for (const t of times) {
    let atRisk = 0;
    let d = 0;
    for (const o of obs) {
      if (o.t >= t) atRisk++;
      if (o.censored && o.t === t) d++;
    }
    s *= atRisk > 0 ? 1 - d / atRisk : 1;
    survival.push(s);
  }
  return {
    times,
    survival,
    before(t: number) {
      let g = 1;
      for (let i = 0; i < times.length && times[i]! < t; i++) g = survival[i]!;
      return g;
    },
  };
}
