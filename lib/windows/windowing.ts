import { z } from 'zod';
import type { Patient } from '../data/types';

/** Parameters of the windowing step (PIPELINE.md step 3). */
export const windowingParamsSchema = z.object({
  /** `anchored`: (pre-onset normal, e_j, e_j+1); `sliding`: consecutive triplets of [anchor, e_1..e_m]. */
  mode: z.enum(['anchored', 'sliding']).default('anchored'),
  /** Classification outcome: the last late visit, or the best (lowest grade; earliest on ties). */
  outcome: z.enum(['last', 'best']).default('last'),
  /** Early visits: day since onset in [0, earlyDays]. */
  earlyDays: z.number().int().positive().default(30),
  /** Late visits: day since onset in (earlyDays, lateDays]. */
  lateDays: z.number().int().positive().default(300),
  /** Recovered = outcome grade <= this (House–Brackmann II). */
  recoveryThreshold: z.number().default(2),
});
export type WindowingParams = z.infer<typeof windowingParamsSchema>;

/** Static features of a sample; sex is 1 for male. */
export interface StaticFeatures {
  sex: number;
  age: number;
  hypertension: number;
  diabetes: number;
  delayed_treatment: number;
}

/** One window of three visits, re-centred on its present (third) visit. */
export interface WindowCore extends StaticFeatures {
  patient_id: string;
  /** 1-based index of the window within the patient. */
  window: number;
  /** Day since onset of the present visit (d_{i+2}). */
  present_day: number;
  SAD1: number;
  SAD2: number;
  SAD3: number;
  SAG1: number;
  SAG2: number;
  SAG3: number;
}

/** Classification sample: a window and its outcome visit. */
export interface ClassificationSample extends WindowCore {
  SAD4: number;
  /** Grade at the outcome visit. */
  outcome_grade: number;
  /** 1 = recovered (outcome grade <= threshold). */
  label: number;
}

/** Regression sample: a window and one late visit k; target SAG4. */
export interface RegressionSample extends WindowCore {
  SAD4: number;
  SAG4: number;
}

export interface WindowingResult<Extra = unknown> {
  classification: (ClassificationSample & Extra)[];
  regression: (RegressionSample & Extra)[];
  /** Patients that gave no window, with the reason (every input patient is either windowed or listed here). */
  skipped: { patient_id: string; reason: string }[];
}

/** The virtual visit prepended to every patient: the day before onset, grade I (normal). */
export const ANCHOR = { day: -1, grade: 1 } as const;

export interface DayGrade {
  day: number;
  grade: number;
}

/**
 * Builds classification and regression samples from patients (PIPELINE.md step 3).
 *
 * Early visits are graded visits with 0 <= day <= earlyDays (a visit on day 30 is early), late
 * visits those with earlyDays < day <= lateDays (a visit on day 300 is late). In `anchored`
 * mode each pair of consecutive early visits forms a window with the pre-onset anchor, so
 * SAG1 is always 1 (a zero-variance feature) and SAD1 = -1 - present day.
 *
 * @example
 *   windowPatients(patients, windowingParamsSchema.parse({})).classification.length
 */
export function windowPatients(patients: readonly Patient[], params: WindowingParams): WindowingResult;
/**
 * The same samples, each with a `persistent` flag (1/0) from `persistentOf(patient_id)` set as
 * it is made: a large cohort's samples are built once, not built and then copied with a flag.
 */
export function windowPatients(patients: readonly Patient[], params: WindowingParams, persistentOf: (patientId: string) => number): WindowingResult<{ persistent: number }>;
export function windowPatients(patients: readonly Patient[], params: WindowingParams, persistentOf?: (patientId: string) => number): WindowingResult<{ persistent?: number }> {
  const classification: (ClassificationSample & { persistent?: number })[] = [];
  const regression: (RegressionSample & { persistent?: number })[] = [];
  const skipped: WindowingResult['skipped'] = [];

  for (const patient of patients) {
    const statics = staticFeatures(patient);
    if (typeof statics === 'string') {
      skipped.push({ patient_id: patient.patientId, reason: statics });
      continue;
    }
    const graded = patient.visits
      .filter((v): v is typeof v & { grade: number } => v.grade !== null)
      .map((v) => ({ day: v.day, grade: v.grade }))
      .sort((a, b) => a.day - b.day);
    const early = graded.filter((v) => v.day >= 0 && v.day <= params.earlyDays);
    const late = graded.filter((v) => v.day > params.earlyDays && v.day <= params.lateDays);
    if (early.length < 2) {
      skipped.push({ patient_id: patient.patientId, reason: `fewer than 2 graded visits within ${params.earlyDays} days (${early.length})` });
      continue;
    }
    if (late.length === 0) {
      skipped.push({ patient_id: patient.patientId, reason: `no graded visit in (${params.earlyDays}, ${params.lateDays}] days` });
      continue;
    }
    const triplets = buildTriplets(early, params.mode);
    const outcome = pickOutcome(late, params.outcome);
    const persistent = persistentOf?.(patient.patientId);
    triplets.forEach(([a, b, present], i) => {
      const core = windowCore(patient.patientId, i + 1, statics, [a, b, present]);
      const sample: ClassificationSample & { persistent?: number } = {
        ...core,
        SAD4: outcome.day - present.day,
        outcome_grade: outcome.grade,
        label: outcome.grade <= params.recoveryThreshold ? 1 : 0,
      };
      if (persistent === undefined) {
        classification.push(sample);
        for (const k of late) regression.push({ ...core, SAD4: k.day - present.day, SAG4: k.grade });
      } else {
        classification.push({ ...sample, persistent });
        for (const k of late) regression.push({ ...core, SAD4: k.day - present.day, SAG4: k.grade, persistent });
      }
    });
  }
  return { classification, regression, skipped };
}

function staticFeatures(p: Patient): StaticFeatures | string {
  if (p.sex === null) return 'sex unknown';
  if (p.age === null) return 'age unknown';
  if (p.diabetes === null) return 'diabetes unknown';
  if (p.hypertension === null) return 'hypertension unknown';
  // A missing value, never coded as "not delayed" (cohort inclusion excludes these patients).
  if (p.delayedTreatment === null) return 'delayed treatment unknown';
  return {
    sex: p.sex === 'M' ? 1 : 0,
    age: p.age,
    hypertension: p.hypertension ? 1 : 0,
    diabetes: p.diabetes ? 1 : 0,
    delayed_treatment: p.delayedTreatment ? 1 : 0,
  };
}

/**
 * One window's features from its triplet of visits (a, b, present), days re-centred on the
 * present visit. The windowing step and the teaching views' entered patients both build their
 * windows here, so the two cannot drift apart.
 */
export function windowCore(patientId: string, window: number, statics: StaticFeatures, [a, b, present]: readonly [DayGrade, DayGrade, DayGrade]): WindowCore {
  return {
    patient_id: patientId,
    window,
    present_day: present.day,
    ...statics,
    SAD1: a.day - present.day,
    SAD2: b.day - present.day,
    SAD3: 0,
    SAG1: a.grade,
    SAG2: b.grade,
    SAG3: present.grade,
  };
}

function buildTriplets(early: DayGrade[], mode: WindowingParams['mode']): [DayGrade, DayGrade, DayGrade][] {
  const out: [DayGrade, DayGrade, DayGrade][] = [];
  if (mode === 'anchored') {
    for (let j = 0; j + 1 < early.length; j++) out.push([ANCHOR, early[j]!, early[j + 1]!]);
  } else {
    const seq = [ANCHOR, ...early];
    for (let i = 0; i + 2 < seq.length; i++) out.push([seq[i]!, seq[i + 1]!, seq[i + 2]!]);
  }
  return out;
}

function pickOutcome(late: DayGrade[], rule: WindowingParams['outcome']): DayGrade {
  if (rule === 'last') return late[late.length - 1]!;
  return late.reduce((best, v) => (v.grade < best.grade ? v : best), late[0]!);
}

/** Last window of each patient (Fig. 6 starts the predicted course from it). */
export function lastWindows<T extends WindowCore>(samples: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const s of samples) {
    const prev = last.get(s.patient_id);
    if (!prev || s.window > prev.window) last.set(s.patient_id, s);
  }
  return [...last.values()];
}
