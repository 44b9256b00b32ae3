import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { halfWidthAt } from '../teaching/conformal';
import { visitsOf } from '../teaching/held-out';
import { presentWindow } from '../teaching/patient-window';
import { plattInterval, plattProbability } from '../teaching/platt-interval';
import { recoveryScore, THREE_MONTHS } from '../teaching/what-if';
import type { StaticFeatures } from '../windows/windowing';
import type { ClassificationEvalOutput } from './classification-eval';
import type { CohortInclusionOutput } from './cohort-inclusion';
import type { LoadedCohort } from './load-cohort';
import type { LstmRegressionOutput } from './lstm-regression';
import type { TeachingCalibrationOutput } from './teaching-calibration';

export const guessFirstParamsSchema = z.object({
  /** Which draw of the seeded stream picks the case ("new case" adds one). */
  draw: z.number().int().min(0).default(0),
  /** The teacher's pick: a held-out patient id; empty = drawn. */
  caseId: z.string().default(''),
});
export type GuessFirstParams = z.infer<typeof guessFirstParamsSchema>;

export interface QuizCase {
  patient_id: string;
  sex: 'F' | 'M';
  age: number;
  diabetes: boolean;
  hypertension: boolean;
  delayed: boolean;
  early: { day: number; grade: number }[];
  model: { probability: number; interval: { low: number; high: number }; grade90: number; band90: { low: number; high: number } };
  actual: {
    late: { day: number; grade: number }[];
    /** Last late visit at grade II or better (the notebook's outcome). */
    recovered: 0 | 1;
    outcomeDay: number;
    outcomeGrade: number;
    /** The late visit closest to day 90 (within days 60–120), if any. */
    grade90: { day: number; grade: number } | null;
  };
}

export interface GuessFirstOutput {
  /** Every patient the quiz may offer: held out from both models, with early and late visits. */
  pool: string[];
  case: QuizCase;
  picked: 'drawn' | 'teacher';
}

/**
 * Guess first: one held-out patient's early visits; the view hides the model and the outcome
 * until the class commits a guess. Only patients neither model trained on are ever offered (the
 * pool comes from teaching-calibration's held-out list); "new case" draws from the seeded stream.
 */
export const guessFirst = defineCell<
  { data: LoadedCohort; cohort: CohortInclusionOutput; evaluate: ClassificationEvalOutput; lstm: LstmRegressionOutput; calibration: TeachingCalibrationOutput },
  GuessFirstParams,
  GuessFirstOutput
>({
  kind: 'guess-first',
  version: 1,
  title: 'Guess first',
  description: 'A held-out patient’s first visits: commit a guess, then see the model’s prediction and what really happened.',
  inputs: { data: ['load-cohort'], cohort: ['cohort-inclusion'], evaluate: ['classification-eval'], lstm: ['lstm-regression'], calibration: ['teaching-calibration'] },
  params: guessFirstParamsSchema,
  heavy: false,
  async *run(inputs, params, ctx) {
    const { earlyDays, lateDays, recoveryThreshold } = inputs.cohort.cohort.params;
    const byId = new Map(inputs.data.patients.map((p) => [p.patientId, p]));
    const pool = inputs.calibration.heldOut.patients.filter((id) => {
      const p = byId.get(id);
      if (!p || p.sex === null || p.age === null || p.diabetes === null || p.hypertension === null) return false;
      const v = visitsOf(p, earlyDays, lateDays);
      return v.early.length >= 2 && v.late.length >= 1;
    });
    if (pool.length === 0) throw new InputError('No held-out patient has two early and one late graded visit: there is no quiz case to offer.');
    let id: string;
    if (params.caseId) {
      if (!pool.includes(params.caseId)) throw new InputError(`Case “${params.caseId}” is not among the ${pool.length} held-out patients the quiz may show (a patient the models trained on is never offered).`);
      id = params.caseId;
    } else {
      id = pool[ctx.rng.fork(`draw:${params.draw}`).int(pool.length)]!;
    }
    const p = byId.get(id)!;
    const v = visitsOf(p, earlyDays, lateDays);
    const statics: StaticFeatures = { sex: p.sex === 'M' ? 1 : 0, age: p.age!, hypertension: p.hypertension ? 1 : 0, diabetes: p.diabetes ? 1 : 0, delayed_treatment: p.delayedTreatment ? 1 : 0 };
    const window = presentWindow(id, statics, v.early);
    const cal = inputs.calibration;
    const f = recoveryScore(inputs.evaluate.all.model, window, cal.followUpDay);
    const { predictWithTrainedLstm } = await import('../ml/lstm/trained-lstm');
    const grade90 = predictWithTrainedLstm(inputs.lstm.trained, [{ ...window, SAD4: THREE_MONTHS - window.present_day }])[0]!;
    const h = halfWidthAt(cal.conformal, THREE_MONTHS - window.present_day);
    const outcome = v.late[v.late.length - 1]!;
    const near = v.late.filter((x) => x.day >= 60 && x.day <= 120).sort((a, b) => Math.abs(a.day - THREE_MONTHS) - Math.abs(b.day - THREE_MONTHS))[0] ?? null;
    return {
      pool,
      picked: params.caseId ? 'teacher' : 'drawn',
      case: {
        patient_id: id,
        sex: p.sex!,
        age: p.age!,
        diabetes: p.diabetes!,
        hypertension: p.hypertension!,
        delayed: p.delayedTreatment === true,
        early: v.early,
        model: { probability: plattProbability(cal.platt, f), interval: plattInterval(cal.platt, f), grade90, band90: { low: Math.max(1, grade90 - h), high: Math.min(6, grade90 + h) } },
        actual: { late: v.late, recovered: outcome.grade <= recoveryThreshold ? 1 : 0, outcomeDay: outcome.day, outcomeGrade: outcome.grade, grade90: near },
      },
    };
  },
});
