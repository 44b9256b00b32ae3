import type { Patient } from '../data/types';
import type { TruthRow } from './simulate-cohort';

/** The columns the simulator writes, in order (PIPELINE.md section 0). */
export const SIMULATED_COLUMNS = [
  'patient_id',
  'sex',
  'age',
  'diabetes',
  'hypertension',
  'onset_date',
  'treatment_start_date',
  'visit_date',
  'hb_grade',
] as const;

const bool = (x: boolean | null) => (x === null ? '' : x ? '1' : '0');

/**
 * The canonical input CSV: one row per visit, patient-level columns repeated, sorted by patient
 * then visit date, `\n` line endings and a final newline. Unknown values are empty fields;
 * `treatment_start_date` comes from `patient.treatmentStartDate` (empty when absent).
 *
 * @example
 *   toCsv(simulateCohort({}, 1, 10).patients);
 */
export function toCsv(patients: readonly Patient[]): string {
  const lines: string[] = [SIMULATED_COLUMNS.join(',')];
  const sorted = [...patients].sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  for (const p of sorted) {
    const patientCols = [
      p.patientId,
      p.sex ?? '',
      p.age === null ? '' : String(p.age),
      bool(p.diabetes),
      bool(p.hypertension),
      p.onsetDate,
      p.treatmentStartDate ?? '',
    ].join(',');
    const visits = [...p.visits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const v of visits) lines.push(`${patientCols},${v.date},${v.gradeText}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Columns of the truth file, in order. */
export const TRUTH_COLUMNS = [
  'patient_id',
  'latent_class',
  'slow_prob',
  'first_visit_day',
  'treatment_day',
  'presentation_grade',
  'worsening',
  'worsens_after_first_visit',
  'peak_grade',
  'peak_day',
  'recovery_onset_day',
  'tau',
  'final_grade',
  'synkinesis',
  'latent_grade_day300',
  'first_recovered_day',
] as const;

/**
 * The latent truth, one row per patient, numbers at fixed precision (so the file is stable).
 *
 * @example
 *   truthToCsv(simulateCohort({}, 1, 10).truth);
 */
export function truthToCsv(truth: readonly TruthRow[]): string {
  const f = (x: number, digits: number) => x.toFixed(digits);
  const lines: string[] = [TRUTH_COLUMNS.join(',')];
  for (const t of truth) {
    lines.push(
      [
        t.patientId,
        t.latentClass,
        f(t.slowProb, 4),
        String(t.firstVisitDay),
        String(t.treatmentDay),
        f(t.presentationGrade, 1),
        f(t.worsening, 1),
        t.worsensAfterFirstVisit ? '1' : '0',
        f(t.peakGrade, 1),
        f(t.peakDay, 2),
        f(t.recoveryOnsetDay, 2),
        f(t.tau, 2),
        f(t.finalGrade, 3),
        t.hasSynkinesis ? '1' : '0',
        f(t.latentGradeDay300, 3),
        t.firstRecoveredDay === null ? '' : String(t.firstRecoveredDay),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
