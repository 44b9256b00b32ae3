import type { Patient } from '../data/types';
import { normalQuantile } from '../stats/normal';

/**
 * The loaded cohort's natural history: the share of patients whose recovery to a grade had been
 * recorded by day t, as a Kaplan–Meier estimate of the time to the first graded visit at that
 * grade or better (grade ≤ II, and grade I = complete recovery), with a 95% confidence interval
 * and the number still at risk.
 *
 * Why Kaplan–Meier and not the share of the patients seen in each period (what this module drew
 * before): patients who recover stop coming, so the patients still graded late are mostly the
 * slow recoveries, and the share among them fell at the end (42% at grade I on days 120–179,
 * 0% on days 240–300, where 7 patients were seen). Here a recovered patient stays counted as
 * recovered, and a patient who stops coming unrecovered is censored at the last graded visit:
 * from then on they are neither recovered nor at risk. Two assumptions remain, and the view
 * names them: censoring is taken as uninformative (those who stop coming would recover like
 * those followed), and a recovery is known only from the visit that records it, so the curve is
 * the time to the *recorded* recovery, later than the recovery itself.
 *
 * Example: `recoveryCurve(patients, 2)` → the curve for grade ≤ II, stopped at `stop.day`.
 */

/** The curve is drawn only while at least this many patients remain at risk. */
export const MIN_AT_RISK = 20;

/** Days at which the number at risk is reported (under the figure's x axis, in the view's table). */
export const AT_RISK_EVERY_DAYS = 30;

/** Confidence level of the interval. */
export const CURVE_LEVEL = 0.95;

/** The two endpoints: the grade a patient must reach (half grades: 1.5 = I–II counts for ≤ II, not for I). */
export const RECOVERY_ENDPOINTS = [
  { key: 'acceptable', maxGrade: 2, label: 'grade ≤ II' },
  { key: 'complete', maxGrade: 1, label: 'grade I' },
] as const;
export type RecoveryEndpoint = (typeof RECOVERY_ENDPOINTS)[number]['key'];

/** The estimate at one day: what the curve shows there. */
export interface CurvePoint {
  day: number;
  /** Patients still at risk on this day: not yet recorded as recovered, and followed to this day or later. */
  atRisk: number;
  /** Kaplan–Meier estimate of the share recovered by this day (0–1). */
  recovered: number;
  /** 95% confidence interval of `recovered` (Greenwood variance, log-log transform, as R survfit's conf.type = "log-log"). */
  low: number;
  high: number;
}

/** One step of the estimate: a day on which a recovery was recorded or a patient was last seen. */
export interface CurveStep extends CurvePoint {
  /** Recoveries first recorded on this day. */
  events: number;
  /** Unrecovered patients last graded on this day (censored). */
  censored: number;
}

export interface RecoveryCurve {
  endpoint: RecoveryEndpoint;
  /** Recovered means a graded visit at this grade or better. */
  maxGrade: number;
  label: string;
  /** Patients with a graded visit on or after onset: the number at risk on day 0. */
  patients: number;
  /** The curve stops where fewer than this many remain at risk (MIN_AT_RISK unless set). */
  minAtRisk: number;
  /** Recoveries recorded over the whole follow-up (also after the curve stops). */
  events: number;
  /** The estimate from day 0 to the stop day, one point per day on which something happened. */
  steps: CurveStep[];
  /** Day 0, 30, 60, … up to the stop day. */
  atDays: CurvePoint[];
  /**
   * The last day with at least MIN_AT_RISK patients at risk, its number at risk, and the number
   * left after it (below MIN_AT_RISK); null when fewer than MIN_AT_RISK patients have a graded
   * visit at all (no curve is drawn).
   */
  stop: { day: number; atRisk: number; atRiskAfter: number } | null;
  /** The estimate on the stop day. */
  final: CurvePoint | null;
}

/** Each patient's time to the endpoint: the first graded visit at `maxGrade` or better, or the last graded visit (censored). */
export function recoveryTimes(patients: readonly Patient[], maxGrade: number): { day: number; recovered: boolean }[] {
  const out: { day: number; recovered: boolean }[] = [];
  for (const p of patients) {
    // Visits before onset (a pre-onset normal grade) are not a recovery.
    const graded = p.visits.filter((v) => v.grade !== null && v.day >= 0).sort((a, b) => a.day - b.day);
    if (graded.length === 0) continue;
    const first = graded.find((v) => v.grade! <= maxGrade);
    out.push(first ? { day: first.day, recovered: true } : { day: graded[graded.length - 1]!.day, recovered: false });
  }
  return out;
}

/**
 * Kaplan–Meier estimate of the share recovered, every observed day (not truncated). The
 * interval: Greenwood's variance of log S, V = Σ d / (n (n − d)), on the log(−log S) scale,
 * S^exp(± z √V / log S), turned into 1 − S; R: survfit(Surv(day, recovered) ~ 1, conf.type =
 * "log-log"). Where S = 1 (nothing recorded yet) the interval is [0, 0]; where S = 0, [1, 1].
 */
export function kaplanMeier(times: readonly { day: number; recovered: boolean }[], level = CURVE_LEVEL): CurveStep[] {
  const z = normalQuantile(1 - (1 - level) / 2);
  const days = [...new Set(times.map((t) => t.day))].sort((a, b) => a - b);
  const sorted = [...times].sort((a, b) => a.day - b.day);
  const steps: CurveStep[] = [];
  let s = 1;
  let greenwood = 0;
  let i = 0;
  for (const day of days) {
    const atRisk = sorted.length - i;
    let events = 0, censored = 0;
    for (; i < sorted.length && sorted[i]!.day === day; i++) {
      if (sorted[i]!.recovered) events++;
      else censored++;
    }
    if (events > 0) {
      s *= 1 - events / atRisk;
      greenwood += events < atRisk ? events / (atRisk * (atRisk - events)) : Infinity;
    }
    steps.push({ day, atRisk, events, censored, recovered: 1 - s, ...interval(s, greenwood, z) });
  }
  return steps;
}

function interval(s: number, greenwood: number, z: number): { low: number; high: number } {
  if (s >= 1) return { low: 0, high: 0 };
  if (s <= 0 || !Number.isFinite(greenwood)) return { low: 1 - s, high: 1 - s };
  const logS = Math.log(s);
  const k = Math.exp((z * Math.sqrt(greenwood)) / -logS);
  // S^k is the lower bound of S (k > 1), S^(1/k) the upper; the share recovered is 1 − S.
  return { low: 1 - s ** (1 / k), high: 1 - s ** k };
}

/** The estimate on any day, from the steps of kaplanMeier (the last step on or before it) and the number at risk. */
function pointAt(steps: readonly CurveStep[], times: readonly { day: number }[], day: number): CurvePoint {
  let last: CurveStep | undefined;
  for (const st of steps) {
    if (st.day > day) break;
    last = st;
  }
  const atRisk = times.filter((t) => t.day >= day).length;
  return { day, atRisk, recovered: last?.recovered ?? 0, low: last?.low ?? 0, high: last?.high ?? 0 };
}

/**
 * The curve for one endpoint, stopped at the last day on which at least `minAtRisk` patients
 * remain at risk: beyond it the last few patients (often the slowest to recover) would decide
 * the end of the curve, as they did when the old per-period share fell to 0% on 7 patients.
 */
export function recoveryCurve(
  patients: readonly Patient[],
  maxGrade: (typeof RECOVERY_ENDPOINTS)[number]['maxGrade'],
  options: { minAtRisk?: number; every?: number; level?: number } = {},
): RecoveryCurve {
  const minAtRisk = Math.max(1, options.minAtRisk ?? MIN_AT_RISK);
  const every = options.every ?? AT_RISK_EVERY_DAYS;
  const endpoint = RECOVERY_ENDPOINTS.find((e) => e.maxGrade === maxGrade)!;
  const times = recoveryTimes(patients, maxGrade);
  const all = kaplanMeier(times, options.level);
  const events = times.filter((t) => t.recovered).length;
  const base = { endpoint: endpoint.key, maxGrade, label: endpoint.label, patients: times.length, minAtRisk, events };
  if (times.length < minAtRisk) return { ...base, steps: [], atDays: [], stop: null, final: null };
  // n at risk on day t counts the patients whose time is t or later: the minAtRisk-th latest time is the last day with that many.
  const byDay = times.map((t) => t.day).sort((a, b) => b - a);
  const stopDay = byDay[minAtRisk - 1]!;
  const stop = { day: stopDay, atRisk: times.filter((t) => t.day >= stopDay).length, atRiskAfter: times.filter((t) => t.day > stopDay).length };
  const steps = all.filter((st) => st.day <= stopDay);
  if (steps[0]?.day !== 0) steps.unshift({ ...pointAt(all, times, 0), events: 0, censored: 0 });
  const final = pointAt(all, times, stopDay); // stopDay is an observed day: the last step
  const atDays: CurvePoint[] = [];
  for (let day = 0; day <= stopDay; day += every) atDays.push(pointAt(all, times, day));
  return { ...base, steps, atDays, stop, final };
}

/** Both endpoints, grade ≤ II first. */
export function naturalHistoryCurves(patients: readonly Patient[], options: { minAtRisk?: number; every?: number } = {}): RecoveryCurve[] {
  return RECOVERY_ENDPOINTS.map((e) => recoveryCurve(patients, e.maxGrade, options));
}

const oneDecimal = (p: number) => `${Math.round(p * 1000) / 10}`;

/** Where a curve ends, for the figure's text alternative and the view: "grade ≤ II 91.5% (95% CI 87.5–94.6%) by day 101, 20 at risk". */
export function curveSummary(c: RecoveryCurve): string {
  if (!c.final || !c.stop) return `${c.label}: no curve (fewer than ${c.minAtRisk} patients with a graded visit)`;
  const f = c.final;
  return `${c.label} ${oneDecimal(f.recovered)}% (95% CI ${oneDecimal(f.low)}–${oneDecimal(f.high)}%) by day ${c.stop.day}, ${c.stop.atRisk} at risk`;
}

/** Why and where the curves stop, for the figure's note and the view. */
export function stopNote(curves: readonly RecoveryCurve[]): string {
  const parts = curves.map((c) => (c.stop ? `${c.label} at day ${c.stop.day} (${c.stop.atRisk} at risk that day, ${c.stop.atRiskAfter} after)` : `${c.label} not drawn (${c.patients} patients)`));
  return `Each curve stops on the last day with at least ${curves[0]?.minAtRisk ?? MIN_AT_RISK} patients at risk: ${parts.join('; ')}.`;
}
