/**
 * Landmark rows: one row per patient per landmark, built only from what is known at the
 * landmark (the visits up to it and the baseline record), plus the follow-up that the fit
 * learns from (the first recorded recovery after the landmark, or the last visit).
 *
 * Recovery = the first follow-up visit (any visit after the first) recording grade ≤ II. A
 * patient seen after the first visit with grade ≤ II before the landmark is already recovered
 * there and gets no row for that landmark. The first visit's grade never counts as recovery:
 * at presentation the palsy may still be worsening.
 */
import { daysBetween } from '../data/calendar';
import type { Patient } from '../data/types';

/** The landmark days of the fit: every patient contributes its history up to each, once. */
export const FIT_LANDMARK_DAYS = [7, 14, 21, 30] as const;
/** The early window: a prediction uses the visits up to this day. */
export const EARLY_WINDOW_DAYS = 30;
/** Recovered means grade ≤ this. */
export const RECOVERY_GRADE = 2;
/** Steroid delay is capped here: beyond two weeks the model extrapolates no further. */
export const DELAY_CAP_DAYS = 14;

/** What is known at the landmark, in the units the model uses. */
export interface LandmarkHistory {
  /** Graded visits on or before the landmark, by day. */
  visits: { day: number; grade: number }[];
  age: number;
  male: boolean;
  diabetes: boolean;
  hypertension: boolean;
  /** Days from onset to the first steroid dose. */
  steroidDay: number;
}

export interface LandmarkRow {
  patientId: string;
  /** The landmark: the day of the last graded visit used. */
  landmarkDay: number;
  history: LandmarkHistory;
  /** Day recovery was first recorded after the landmark, or null. */
  eventDay: number | null;
  /** Day of the last graded visit (follow-up ends there when no recovery is recorded). */
  lastDay: number;
  /** Grade recorded at the recovery visit (for the course), or null. */
  eventGrade: number | null;
  /** Every graded follow-up visit after the landmark (for the course's best grade by day t). */
  followUp: { day: number; grade: number }[];
}

export interface Exclusion {
  patientId: string;
  reason: string;
}

/** Why a patient's baseline record cannot feed the model, or null when it can. */
export function baselineProblem(p: Patient): string | null {
  if (p.age === null) return 'age missing';
  if (p.sex === null) return 'sex missing';
  if (p.diabetes === null) return 'diabetes missing';
  if (p.hypertension === null) return 'hypertension missing';
  if (!p.treatmentStartDate) return 'steroid start date missing (the model needs the day the steroid was started)';
  return null;
}

/** The patient's history up to `day` (null when no graded visit is that early). */
export function historyAt(p: Patient, day: number): LandmarkHistory | null {
  const visits = p.visits.filter((v) => v.grade !== null && v.day <= day).map((v) => ({ day: v.day, grade: v.grade as number }));
  if (visits.length === 0 || p.age === null || p.sex === null || p.diabetes === null || p.hypertension === null || !p.treatmentStartDate) return null;
  return { visits, age: p.age, male: p.sex === 'M', diabetes: p.diabetes, hypertension: p.hypertension, steroidDay: Math.max(0, daysBetween(p.onsetDate, p.treatmentStartDate)) };
}

/** True when a follow-up visit (not the first) in the history already records grade ≤ II. */
export function isRecoveredIn(history: LandmarkHistory): boolean {
  return history.visits.slice(1).some((v) => v.grade <= RECOVERY_GRADE);
}

/** Landmark rows for the fit (one per patient and distinct landmark history), and who was left out. */
export function landmarkRows(patients: readonly Patient[]): { rows: LandmarkRow[]; excluded: Exclusion[] } {
  const rows: LandmarkRow[] = [];
  const excluded: Exclusion[] = [];
  for (const p of patients) {
    const problem = baselineProblem(p);
    if (problem) {
      excluded.push({ patientId: p.patientId, reason: problem });
      continue;
    }
    const graded = p.visits.filter((v) => v.grade !== null).map((v) => ({ day: v.day, grade: v.grade as number }));
    if (graded.length === 0 || graded[0]!.day > EARLY_WINDOW_DAYS) {
      excluded.push({ patientId: p.patientId, reason: `no graded visit by day ${EARLY_WINDOW_DAYS}` });
      continue;
    }
    let lastCount = 0;
    for (const landmark of FIT_LANDMARK_DAYS) {
      const history = historyAt(p, landmark);
      if (!history || history.visits.length === lastCount) continue;
      lastCount = history.visits.length;
      if (isRecoveredIn(history)) break;
      const landmarkDay = history.visits[history.visits.length - 1]!.day;
      const followUp = graded.filter((v) => v.day > landmarkDay);
      const event = followUp.find((v) => v.grade <= RECOVERY_GRADE) ?? null;
      rows.push({
        patientId: p.patientId,
        landmarkDay,
        history,
        eventDay: event ? event.day : null,
        eventGrade: event ? event.grade : null,
        lastDay: graded[graded.length - 1]!.day,
        followUp,
      });
    }
  }
  return { rows, excluded };
}
