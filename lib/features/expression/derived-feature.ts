/**
 * Evaluates a user's derived-feature expression once per window.
 *
 * Leakage guard: each window's context holds only the patient's graded visits with
 * day <= present_day. Later visits, and therefore the outcome visit, are cut off here, before
 * the expression runs, and evaluateExpression re-checks it; a function asked for a later day
 * fails instead of answering.
 *
 * Nothing is dropped silently: a window whose value is not finite (missing patient, a value not
 * available, a division by zero, a refused look into the future) keeps NaN/±Infinity in
 * `values` and gets one entry in `problems`, so a caller can refuse to train on the feature.
 */
import type { Patient } from '../../data/types';
import type { StaticFeatures, WindowCore } from '../../windows/windowing';
import { evaluateExpression, explainNonFinite } from './evaluate';
import type { ExpressionContext } from './functions';
import { parseExpression, type Expression } from './parse';

/** What deriveFeature reads from a window: its identity, its present day and its statics. */
export type DerivedFeatureWindow = Pick<WindowCore, 'patient_id' | 'window' | 'present_day' | keyof StaticFeatures>;

export interface DerivedFeatureProblem {
  patient_id: string;
  window: number;
  present_day: number;
  /** The value kept in `values`, as text ("NaN", "Infinity", "-Infinity"). */
  value: string;
  reason: string;
  kind: 'non-finite' | 'evaluation-error' | 'missing-patient' | 'window-mismatch';
}

export interface DerivedFeatureResult {
  /** One value per window, in the order of `windows`. */
  values: Float64Array;
  problems: DerivedFeatureProblem[];
}

/**
 * The context of one window: the window's statics and the patient's graded visits up to the
 * present day, sorted by day (stable, so same-day visits keep their source order).
 */
export function windowContext(patient: Patient, w: DerivedFeatureWindow): ExpressionContext {
  const visits = patient.visits
    .filter((v): v is typeof v & { grade: number } => v.grade !== null && Number.isFinite(v.grade) && v.day <= w.present_day)
    .map((v) => ({ day: v.day, grade: v.grade }))
    .sort((a, b) => a.day - b.day);
  return {
    statics: { age: w.age, sex: w.sex, diabetes: w.diabetes, hypertension: w.hypertension, delayed_treatment: w.delayed_treatment },
    visits,
    presentDay: w.present_day,
  };
}

/** Evaluates `expression` (text or parsed; text that does not parse throws ExpressionError) per window. */
export function deriveFeature(expression: Expression | string, patients: readonly Patient[], windows: readonly DerivedFeatureWindow[]): DerivedFeatureResult {
  const expr = typeof expression === 'string' ? parseExpression(expression) : expression;
  const byId = new Map<string, Patient[]>();
  for (const p of patients) {
    const same = byId.get(p.patientId);
    if (same) same.push(p);
    else byId.set(p.patientId, [p]);
  }

  const values = new Float64Array(windows.length);
  const problems: DerivedFeatureProblem[] = [];
  windows.forEach((w, i) => {
    const report = (kind: DerivedFeatureProblem['kind'], reason: string) =>
      problems.push({ patient_id: w.patient_id, window: w.window, present_day: w.present_day, value: String(values[i]), reason, kind });
    values[i] = NaN;
    const found = byId.get(w.patient_id) ?? [];
    if (found.length !== 1) {
      report('missing-patient', found.length === 0 ? `no patient "${w.patient_id}" in the cohort` : `patient id "${w.patient_id}" appears ${found.length} times in the cohort`);
      return;
    }
    if (!Number.isFinite(w.present_day)) {
      report('window-mismatch', `the window's present day (${w.present_day}) is not a number`);
      return;
    }
    const ctx = windowContext(found[0]!, w);
    // Windows are built on a graded present visit; without one, windows and patients come from
    // different data and last_grade would silently be an older grade.
    if (ctx.visits.at(-1)?.day !== w.present_day) {
      report('window-mismatch', `patient "${w.patient_id}" has no graded visit on the present day ${w.present_day}; the windows do not match these patients`);
      return;
    }
    try {
      values[i] = evaluateExpression(expr, ctx);
    } catch (e) {
      report('evaluation-error', e instanceof Error ? e.message : String(e));
      return;
    }
    if (!Number.isFinite(values[i]!)) report('non-finite', explainNonFinite(expr, ctx));
  });
  return { values, problems };
}
