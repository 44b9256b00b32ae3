import type { Patient, Visit } from '@/lib/data/types';
import { addDays } from '@/lib/data/calendar';

/** [day after onset, grade (null = ungraded)] */
export type VisitSpec = readonly [number, number | null];

/**
 * A hand-made patient: complete, eligible demographics unless overridden, visits given as
 * days after onset.
 */
export function makePatient(id: string, visits: readonly VisitSpec[], overrides: Partial<Omit<Patient, 'visits'>> = {}): Patient {
  const onsetDate = overrides.onsetDate ?? '2020-03-01';
  const vs: Visit[] = visits.map(([day, grade], i) => ({
    row: i + 2,
    date: addDays(onsetDate, day),
    day,
    grade,
    gradeText: grade === null ? '' : String(grade),
  }));
  return {
    patientId: id,
    sex: 'F',
    age: 50,
    diabetes: false,
    hypertension: false,
    delayedTreatment: false,
    ...overrides,
    onsetDate,
    visits: vs,
  };
}

/** Visits that pass every step: two early (days 2 and 10), one late (day 60), recovered only late. */
export const ELIGIBLE: readonly VisitSpec[] = [
  [2, 4],
  [10, 3],
  [60, 2],
];
