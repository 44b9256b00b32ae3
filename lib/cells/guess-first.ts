import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { EARLY_WINDOW_DAYS, knownUntil, landmarkRows, predictPatient, type PatientPrediction } from '../prognosis';
import type { LoadedCohort } from './load-cohort';
import type { PrognosisOutput } from './prognosis-model';

export const guessFirstParamsSchema = z.object({
  /** Which draw of the seeded stream picks the case ("new case" adds one). */
  draw: z.number().int().min(0).default(0),
  /** The teacher's pick: a case number (1 = the first case of the pool); 0 = drawn. */
  caseNumber: z.number().int().min(0).default(0),
});
export type GuessFirstParams = z.infer<typeof guessFirstParamsSchema>;

export interface QuizCase {
  /** The case's pseudonym: its place in the pool ("Case 12"), never the file's patient id. */
  caseNumber: number;
  sex: 'F' | 'M';
  age: number;
  diabetes: boolean;
  hypertension: boolean;
  steroidDay: number;
  early: { day: number; grade: number }[];
  model: PatientPrediction;
  actual: {
    /** Recovery (grade ≤ II at a follow-up visit) recorded by the horizon. */
    recovered: 0 | 1;
    /** The last graded visit up to the horizon (the recovery visit when recovered), if any. */
    byHorizon: { day: number; grade: number } | null;
    /** Every graded visit after the landmark. */
    later: { day: number; grade: number }[];
  };
}

export interface GuessFirstOutput {
  /** How many held-out patients the quiz may offer (cases 1..poolSize). */
  poolSize: number;
  horizonDay: number;
  /** The level of the model's bootstrap interval. */
  bootstrapLevel: number;
  case: QuizCase;
  picked: 'drawn' | 'teacher';
}

/**
 * Guess first: one of the prognosis model's held-out patients (never in its fit) at the
 * day-30 landmark; the view hides the model and the outcome until the class commits a guess.
 * Only patients whose status at the horizon is known are offered: recovered by then, or still
 * seen unrecovered at or after it, so "what happened" is never a guess about a lost patient.
 */
export const guessFirst = defineCell<{ data: LoadedCohort; prognosis: PrognosisOutput }, GuessFirstParams, GuessFirstOutput>({
  kind: 'guess-first',
  version: 2,
  title: 'Guess first',
  description: 'A held-out patient’s first visits: commit a guess, then see the model’s prediction and what really happened.',
  inputs: { data: ['load-cohort'], prognosis: ['prognosis-model'] },
  params: guessFirstParamsSchema,
  heavy: false,
  paramsInView: true,
  async *run(inputs, params, ctx) {
    const { model } = inputs.prognosis;
    const H = model.horizonDay;
    const held = new Set(inputs.prognosis.heldOut);
    const patients = inputs.data.patients.filter((p) => held.has(p.patientId)).sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
    // Each held-out patient's day-30 landmark row: its follow-up says what happened.
    const lastRow = new Map(landmarkRows(patients).rows.map((r) => [r.patientId, r]));
    const pool = patients.filter((p) => {
      const r = lastRow.get(p.patientId);
      if (!r || !('prediction' in predictPatient(model, p))) return false;
      return (r.eventDay !== null && r.eventDay <= H) || knownUntil(r, { early: 0, late: 0 }) >= H;
    });
    if (pool.length === 0) throw new InputError(`No held-out patient has a prediction at day ${EARLY_WINDOW_DAYS} and a known status at day ${H}: there is no quiz case to offer.`);
    let index: number;
    if (params.caseNumber > 0) {
      if (params.caseNumber > pool.length) throw new InputError(`Case ${params.caseNumber} does not exist: the quiz has ${pool.length} held-out cases (a patient the model was fitted on is never offered).`);
      index = params.caseNumber - 1;
    } else {
      index = ctx.rng.fork(`draw:${params.draw}`).int(pool.length);
    }
    const p = pool[index]!;
    const r = lastRow.get(p.patientId)!;
    const prediction = (predictPatient(model, p) as { prediction: PatientPrediction }).prediction;
    const recovered = r.eventDay !== null && r.eventDay <= H;
    const byH = r.followUp.filter((v) => v.day <= H);
    const byHorizon = recovered ? { day: r.eventDay!, grade: r.eventGrade! } : (byH[byH.length - 1] ?? null);
    return {
      poolSize: pool.length,
      horizonDay: H,
      bootstrapLevel: model.bootstrap.level,
      picked: params.caseNumber > 0 ? 'teacher' : 'drawn',
      case: {
        caseNumber: index + 1,
        sex: p.sex!,
        age: p.age!,
        diabetes: p.diabetes!,
        hypertension: p.hypertension!,
        steroidDay: r.history.steroidDay,
        early: r.history.visits,
        model: prediction,
        actual: { recovered: recovered ? 1 : 0, byHorizon, later: r.followUp },
      },
    };
  },
});
