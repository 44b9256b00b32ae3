import { ANCHOR, windowCore, type StaticFeatures, type WindowCore } from '../windows/windowing';

/** One entered visit: day since onset and House–Brackmann grade (half grades allowed). */
export interface EnteredVisit {
  day: number;
  grade: number;
}

/** Steroid started after this day counts as delayed treatment (the cohort's definition). */
export const DELAYED_AFTER_DAY = 7;

/**
 * The present window of a patient whose early visits are known, built as the windowing step
 * builds its anchored windows (PIPELINE step 3): the pre-onset normal grade, then the last two
 * early visits, re-centred on the last one. The what-if patient and the quiz cases go through
 * this one function; its features come from `windowCore`, the windowing step's own, and a unit
 * test checks the result against `windowPatients`.
 */
export function presentWindow(patientId: string, statics: StaticFeatures, visits: readonly EnteredVisit[]): WindowCore {
  if (visits.length < 2) throw new Error(`presentWindow: needs at least two early visits, got ${visits.length}`);
  const sorted = [...visits].sort((a, b) => a.day - b.day);
  const b = sorted[sorted.length - 2]!;
  const present = sorted[sorted.length - 1]!;
  return windowCore(patientId, sorted.length - 1, statics, [ANCHOR, b, present]);
}

/** The classifier's raw feature row for a window (values in `features` order; SAD4 given). */
export function classifierRow(window: WindowCore, sad4: number, features: readonly string[]): number[] {
  const values: Record<string, number> = { ...window, SAD4: sad4 } as unknown as Record<string, number>;
  return features.map((f) => {
    const v = values[f];
    if (typeof v !== 'number') throw new Error(`classifierRow: the window has no feature "${f}"`);
    return v;
  });
}
