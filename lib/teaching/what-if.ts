import type { Patient } from '../data/types';
import { svmDecision, type TrainedSvm } from '../ml/svm/trained-svm';
import type { SequenceSample } from '../ml/lstm/sequences';
import type { WindowCore } from '../windows/windowing';
import { halfWidthAt, type ConformalBands } from './conformal';
import { classifierRow, DELAYED_AFTER_DAY, presentWindow, type EnteredVisit } from './patient-window';
import { plattInterval, plattProbability, type SigmoidWithCovariance } from './platt-interval';
import { rangeFlags, type ReferenceRanges } from './reference-ranges';

export interface WhatIfInputs {
  age: number;
  sex: 'F' | 'M';
  diabetes: boolean;
  hypertension: boolean;
  /** Day since onset the steroid was started. */
  treatmentDay: number;
  visits: EnteredVisit[];
}

/** What the what-if needs from the trained models and their calibration (all plain data). */
export interface WhatIfModels {
  svm: TrainedSvm;
  platt: SigmoidWithCovariance;
  bands: ConformalBands;
  followUpDay: number;
  ranges: ReferenceRanges;
  /** Predicts grades for samples (the trained LSTM, rebuilt once per call). */
  predictGrades: (samples: readonly SequenceSample[]) => Float32Array | number[];
}

export interface Sensitivity {
  input: string;
  change: string;
  probability: number;
  deltaProbability: number;
  grade90: number;
  deltaGrade90: number;
}

export interface Neighbour {
  patient_id: string;
  distance: number;
  window: { present_day: number; SAG2: number; SAG3: number; age: number };
  course: { day: number; grade: number }[];
  recovered: boolean;
}

export interface WhatIfResult {
  window: WindowCore;
  delayed: boolean;
  followUpDay: number;
  decision: number;
  probability: number;
  interval: { low: number; high: number };
  course: { day: number; predicted: number; low: number; high: number }[];
  grade90: number;
  sensitivity: Sensitivity[];
  flags: string[];
}

export const THREE_MONTHS = 90;
export const COURSE_END = 300;
export const COURSE_STEP = 5;

/** Static features of the entered patient, coded as the windowing step codes them. */
export function staticsOf(p: WhatIfInputs) {
  return { sex: p.sex === 'M' ? 1 : 0, age: p.age, hypertension: p.hypertension ? 1 : 0, diabetes: p.diabetes ? 1 : 0, delayed_treatment: p.treatmentDay > DELAYED_AFTER_DAY ? 1 : 0 };
}

export function windowOf(p: WhatIfInputs): WindowCore {
  return presentWindow('what-if', staticsOf(p), p.visits);
}

/** Oriented decision value (positive = recovered) of a window, SAD4 at the fixed follow-up day. */
export function recoveryScore(svm: TrainedSvm, window: WindowCore, followUpDay: number): number {
  const f = svmDecision(svm, [classifierRow(window, followUpDay - window.present_day, svm.features)])[0]!;
  return svm.model.labels[0] === 1 ? f : -f;
}

export function courseDays(presentDay: number): number[] {
  const days: number[] = [];
  for (let d = presentDay; d <= COURSE_END; d += COURSE_STEP) days.push(d);
  if (days[days.length - 1] !== COURSE_END) days.push(COURSE_END);
  return days;
}

/** The one-step changes whose effect the view lists (each a changed copy of the inputs). */
export function oneStepChanges(p: WhatIfInputs): { input: string; change: string; inputs: WhatIfInputs }[] {
  const roman = (g: number) => (Number.isInteger(g) ? ['', 'I', 'II', 'III', 'IV', 'V', 'VI'][g]! : `${['', 'I', 'II', 'III', 'IV', 'V'][Math.floor(g)]}–${['', 'I', 'II', 'III', 'IV', 'V', 'VI'][Math.ceil(g)]}`);
  const out: { input: string; change: string; inputs: WhatIfInputs }[] = [];
  p.visits.forEach((v, k) => {
    for (const step of [1, -1]) {
      const g = v.grade + step;
      if (g < 1 || g > 6) continue;
      const visits = p.visits.map((w, j) => (j === k ? { ...w, grade: g } : w));
      out.push({ input: `Grade on day ${v.day}`, change: `${roman(v.grade)} → ${roman(g)}`, inputs: { ...p, visits } });
    }
  });
  for (const step of [10, -10]) {
    const age = p.age + step;
    if (age >= 0 && age <= 110) out.push({ input: 'Age', change: `${p.age} → ${age} years`, inputs: { ...p, age } });
  }
  out.push({ input: 'Sex', change: p.sex === 'M' ? 'male → female' : 'female → male', inputs: { ...p, sex: p.sex === 'M' ? 'F' : 'M' } });
  out.push({ input: 'Diabetes', change: p.diabetes ? 'yes → no' : 'no → yes', inputs: { ...p, diabetes: !p.diabetes } });
  out.push({ input: 'Hypertension', change: p.hypertension ? 'yes → no' : 'no → yes', inputs: { ...p, hypertension: !p.hypertension } });
  const delayed = p.treatmentDay > DELAYED_AFTER_DAY;
  const day = delayed ? 2 : DELAYED_AFTER_DAY + 7;
  out.push({ input: 'Steroid start', change: `day ${p.treatmentDay} → day ${day} (${delayed ? 'on time' : 'delayed'})`, inputs: { ...p, treatmentDay: day } });
  return out;
}

/**
 * The what-if patient: the calibrated probability of recovery to grade II or better with its
 * interval, the predicted course to day 300 with the conformal band, the effect of one-step
 * changes, and the out-of-range flags. All predictions come from the trained models as they
 * are (no refit); the LSTM is asked once for every row.
 */
export function computeWhatIf(inputs: WhatIfInputs, models: WhatIfModels): WhatIfResult {
  const window = windowOf(inputs);
  const days = courseDays(window.present_day);
  const changes = oneStepChanges(inputs);
  const changeWindows = changes.map((c) => windowOf(c.inputs));
  const rows: SequenceSample[] = [
    ...days.map((d) => ({ ...window, SAD4: d - window.present_day })),
    { ...window, SAD4: THREE_MONTHS - window.present_day },
    ...changeWindows.map((w) => ({ ...w, SAD4: THREE_MONTHS - w.present_day })),
  ];
  const grades = Array.from(models.predictGrades(rows));
  const course = days.map((day, i) => {
    const h = halfWidthAt(models.bands, day - window.present_day);
    const predicted = grades[i]!;
    return { day, predicted, low: Math.max(1, predicted - h), high: Math.min(6, predicted + h) };
  });
  const grade90 = grades[days.length]!;
  const decision = recoveryScore(models.svm, window, models.followUpDay);
  const probability = plattProbability(models.platt, decision);
  const sensitivity = changes
    .map((c, k) => {
      const p = plattProbability(models.platt, recoveryScore(models.svm, changeWindows[k]!, models.followUpDay));
      const g = grades[days.length + 1 + k]!;
      return { input: c.input, change: c.change, probability: p, deltaProbability: p - probability, grade90: g, deltaGrade90: g - grade90 };
    })
    .sort((a, b) => Math.abs(b.deltaProbability) - Math.abs(a.deltaProbability) || Math.abs(b.deltaGrade90) - Math.abs(a.deltaGrade90));
  const firstVisit = Math.min(...inputs.visits.map((v) => v.day));
  const flags = rangeFlags(models.ranges, window, firstVisit);
  if (models.followUpDay - window.present_day <= 0) flags.push('The latest visit is after the follow-up day the classifier assumes.');
  return { window, delayed: window.delayed_treatment === 1, followUpDay: models.followUpDay, decision, probability, interval: plattInterval(models.platt, decision), course, grade90, sensitivity, flags };
}

/**
 * The most similar windows of the loaded cohort (one per patient): Euclidean distance on the
 * classifier's standardized features, leaving out SAD4 (the outcome visit's timing, unknown for a
 * new patient) and features constant in training. Each comes with the patient's graded visits.
 */
export function nearestWindows(window: WindowCore, pool: readonly WindowCore[], svm: TrainedSvm, patients: ReadonlyMap<string, Patient>, outcome: ReadonlyMap<string, boolean>, k = 5, lateDays = COURSE_END): Neighbour[] {
  const used = svm.features.map((f, j) => [f, j] as const).filter(([f, j]) => f !== 'SAD4' && !svm.scaler.isConstant[j]);
  const z = (w: WindowCore) => used.map(([f, j]) => ((w as unknown as Record<string, number>)[f]! - svm.scaler.mean[j]!) / svm.scaler.scale[j]!);
  const target = z(window);
  const best = new Map<string, { w: WindowCore; d: number }>();
  for (const w of pool) {
    const v = z(w);
    let d = 0;
    for (let j = 0; j < v.length; j++) d += (v[j]! - target[j]!) ** 2;
    const prev = best.get(w.patient_id);
    if (!prev || d < prev.d) best.set(w.patient_id, { w, d });
  }
  return [...best.values()]
    .sort((a, b) => a.d - b.d || (a.w.patient_id < b.w.patient_id ? -1 : 1))
    .slice(0, k)
    .map(({ w, d }) => ({
      patient_id: w.patient_id,
      distance: Math.sqrt(d),
      window: { present_day: w.present_day, SAG2: w.SAG2, SAG3: w.SAG3, age: w.age },
      course: (patients.get(w.patient_id)?.visits ?? []).filter((v) => v.grade !== null && v.day >= 0 && v.day <= lateDays).map((v) => ({ day: v.day, grade: v.grade! })),
      recovered: outcome.get(w.patient_id) ?? false,
    }));
}
