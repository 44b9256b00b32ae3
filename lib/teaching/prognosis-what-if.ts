/**
 * The what-if patient on the prognosis model: a described patient becomes a landmark history
 * (the entered visits, the last one the landmark), and the model file gives the chance of
 * recovery by its horizon with the bootstrap interval, the course of the best grade recorded
 * by each day, the out-of-range flags and what one change of input does. The same
 * `predictHistory` is what `npm run predict` calls, so the page and the CLI agree by
 * construction (a unit test checks it on a patient built both ways).
 */
import { gradeLabel } from '../figures/theme';
import { chanceBy, isRecoveredIn, predictHistory, RECOVERY_GRADE, type LandmarkHistory, type PatientPrediction, type PrognosisModel } from '../prognosis';

export interface WhatIfPatient {
  age: number;
  sex: 'F' | 'M';
  diabetes: boolean;
  hypertension: boolean;
  /** Day since onset the steroid was started. */
  treatmentDay: number;
  visits: { day: number; grade: number }[];
}

export interface Sensitivity {
  input: string;
  change: string;
  chance: number;
  delta: number;
}

export type WhatIfPrediction =
  | { kind: 'predicted'; history: LandmarkHistory; prediction: PatientPrediction; sensitivity: Sensitivity[] }
  | { kind: 'not-predicted'; history: LandmarkHistory; reason: string };

export function historyOf(p: WhatIfPatient): LandmarkHistory {
  return {
    visits: [...p.visits].sort((a, b) => a.day - b.day),
    age: p.age,
    male: p.sex === 'M',
    diabetes: p.diabetes,
    hypertension: p.hypertension,
    steroidDay: p.treatmentDay,
  };
}

/** The one-input changes whose effect the page lists (each a changed copy of the patient). */
export function oneStepChanges(p: WhatIfPatient): { input: string; change: string; patient: WhatIfPatient }[] {
  const out: { input: string; change: string; patient: WhatIfPatient }[] = [];
  p.visits.forEach((v, k) => {
    for (const step of [1, -1]) {
      const g = v.grade + step;
      if (g < 1 || g > 6) continue;
      out.push({ input: `Grade on day ${v.day}`, change: `${gradeLabel(v.grade)} → ${gradeLabel(g)}`, patient: { ...p, visits: p.visits.map((w, j) => (j === k ? { ...w, grade: g } : w)) } });
    }
  });
  for (const step of [10, -10]) {
    const age = p.age + step;
    if (age >= 0 && age <= 110) out.push({ input: 'Age', change: `${p.age} → ${age} years`, patient: { ...p, age } });
  }
  out.push({ input: 'Sex', change: p.sex === 'M' ? 'male → female' : 'female → male', patient: { ...p, sex: p.sex === 'M' ? 'F' : 'M' } });
  out.push({ input: 'Diabetes', change: p.diabetes ? 'yes → no' : 'no → yes', patient: { ...p, diabetes: !p.diabetes } });
  out.push({ input: 'Hypertension', change: p.hypertension ? 'yes → no' : 'no → yes', patient: { ...p, hypertension: !p.hypertension } });
  // Within the guideline's 72 hours (day ≤ 3) against a week later, and back.
  const day = p.treatmentDay <= 3 ? 10 : 2;
  out.push({ input: 'Steroid start', change: `day ${p.treatmentDay} → day ${day}`, patient: { ...p, treatmentDay: day } });
  return out;
}

/** The prediction for a described patient, or why the model does not apply. */
export function predictWhatIf(model: PrognosisModel, p: WhatIfPatient): WhatIfPrediction {
  const history = historyOf(p);
  if (isRecoveredIn(history)) {
    const at = history.visits.slice(1).find((v) => v.grade <= RECOVERY_GRADE)!;
    return { kind: 'not-predicted', history, reason: `grade ${gradeLabel(at.grade)} on day ${at.day} is already a recovery (grade ≤ ${gradeLabel(RECOVERY_GRADE)} at a follow-up visit): the model predicts for patients not yet recovered` };
  }
  const prediction = predictHistory(model, history);
  const sensitivity = oneStepChanges(p)
    .map((c) => {
      const h = historyOf(c.patient);
      // A change that turns a visit into a recovery leaves the model's domain: not listed.
      if (isRecoveredIn(h)) return null;
      const chance = chanceBy(model.fit, h, model.horizonDay);
      return { input: c.input, change: c.change, chance, delta: chance - prediction.chance };
    })
    .filter((s): s is Sensitivity => s !== null)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.input < b.input ? -1 : 1));
  return { kind: 'predicted', history, prediction, sensitivity };
}

/** "by 6 months (day 180)": the horizon in every sentence and caption. */
export function horizonText(day: number): string {
  const months = day / 30;
  if (Number.isInteger(months)) return `by ${months} month${months === 1 ? '' : 's'} (day ${day})`;
  if (day % 7 === 0) return `by ${day / 7} weeks (day ${day})`;
  return `by day ${day}`;
}

/** A chance as patients out of 100 (the icon array's filled icons). */
export function outOf100(p: number): number {
  return Math.round(p * 100);
}

/** "27 out of 100", or "fewer than 1" / "more than 99" where rounding would say 0 or 100. */
export function outOf100Text(p: number): string {
  const n = outOf100(p);
  if (n === 0 && p > 0) return 'fewer than 1 out of 100';
  if (n === 100 && p < 1) return 'more than 99 out of 100';
  return `${n} out of 100`;
}
