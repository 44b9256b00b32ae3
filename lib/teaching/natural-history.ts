import type { Patient } from '../data/types';

export interface CourseShare {
  from: number;
  to: number;
  /** Patients with a graded visit in [from, to). */
  n: number;
  /** Of them, the share whose last visit in the period was grade I (complete recovery). */
  complete: number;
  /** ... grade II or better. */
  acceptable: number;
}

export const NATURAL_HISTORY_EDGES = [0, 14, 30, 60, 90, 120, 180, 240, 301] as const;

/**
 * The loaded cohort's recovery course: per period, among the patients graded in it, the share
 * at grade I and at grade II or better (each patient's last visit in the period). Patients who
 * recover often stop coming, so late periods over-represent slow recoveries; the view says so.
 */
export function cohortCourse(patients: readonly Patient[], edges: readonly number[] = NATURAL_HISTORY_EDGES): CourseShare[] {
  const out: CourseShare[] = [];
  for (let b = 0; b + 1 < edges.length; b++) {
    const from = edges[b]!, to = edges[b + 1]!;
    let n = 0, complete = 0, acceptable = 0;
    for (const p of patients) {
      const inBin = p.visits.filter((v) => v.grade !== null && v.day >= from && v.day < to).sort((a, c) => a.day - c.day);
      const last = inBin[inBin.length - 1];
      if (!last) continue;
      n++;
      if (last.grade! <= 1) complete++;
      if (last.grade! <= 2) acceptable++;
    }
    out.push({ from, to, n, complete: n ? complete / n : NaN, acceptable: n ? acceptable / n : NaN });
  }
  return out;
}
