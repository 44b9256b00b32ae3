import type { Patient } from '../data/types';

/**
 * Patients the models never trained on: every patient of the loaded cohort (development and
 * temporal validation) minus anyone with a window in the SVM's training part or a sample in the
 * LSTM's training part. With the paper's window-level split a patient can sit on both sides; such
 * a patient is excluded here, so the quiz and the conformal calibration only ever see patients
 * that neither model has seen.
 */
export function heldOutPatients(candidates: readonly string[], svmTrainPatients: Iterable<string>, lstmTrainPatients: Iterable<string>): string[] {
  const trained = new Set<string>([...svmTrainPatients, ...lstmTrainPatients]);
  return [...new Set(candidates)].filter((id) => !trained.has(id)).sort();
}

/** The early (0..earlyDays) and late (earlyDays..lateDays] graded visits of a patient. */
export function visitsOf(p: Patient, earlyDays: number, lateDays: number) {
  const graded = p.visits.filter((v): v is typeof v & { grade: number } => v.grade !== null).map((v) => ({ day: v.day, grade: v.grade })).sort((a, b) => a.day - b.day);
  return {
    early: graded.filter((v) => v.day >= 0 && v.day <= earlyDays),
    late: graded.filter((v) => v.day > earlyDays && v.day <= lateDays),
    all: graded,
  };
}

/** Splits ids into two groups by a seeded permutation (calibration / check). */
export function splitIds(ids: readonly string[], share: number, permutation: readonly number[]): { first: string[]; second: string[] } {
  const k = Math.round(ids.length * share);
  const order = permutation.map((i) => ids[i]!);
  return { first: order.slice(0, k).sort(), second: order.slice(k).sort() };
}
