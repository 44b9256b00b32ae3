/**
 * The prognosis model as a file a user can take away (`DIR/models/prognosis.json`) and apply
 * with `npm run predict`: everything needed to predict, with a versioned schema so that a later
 * workbench can refuse or read an older file knowingly.
 */
import { z } from 'zod';
import { gradeLabel } from '../figures/theme';
import type { Rng } from '../stats/random';
import { bootstrapFits } from './bootstrap';
import { caseMix, lastRows } from './case-mix';
import { FEATURES } from './features';
import { fitPrognosis, HORIZON_GRID } from './fit';
import { DELAY_CAP_DAYS, EARLY_WINDOW_DAYS, FIT_LANDMARK_DAYS, RECOVERY_GRADE, type LandmarkHistory, type LandmarkRow } from './landmark-rows';

export const PROGNOSIS_MODEL_SCHEMA = 'facial-palsy-workbench/prognosis-model';
export const PROGNOSIS_MODEL_VERSION = 1;

const distribution = z.array(z.object({ grade: z.number(), p: z.number() }));
const range = z.tuple([z.number(), z.number()]);

export const prognosisModelSchema = z.object({
  schema: z.literal(PROGNOSIS_MODEL_SCHEMA),
  version: z.literal(PROGNOSIS_MODEL_VERSION),
  outcome: z.string(),
  horizonDay: z.number().int(),
  landmarkRule: z.string(),
  earlyWindowDays: z.number(),
  recoveryGrade: z.number(),
  features: z.array(z.object({ name: z.string(), encoding: z.string(), sign: z.enum(['free', 'nonpositive']) })),
  fit: z.object({
    horizons: z.array(z.number()),
    intercepts: z.array(z.number()),
    rawIntercepts: z.array(z.number()),
    coefficients: z.array(z.number()),
    fixedAtZero: z.array(z.string()),
    interceptsPooled: z.array(z.number()),
    censoringShift: z.object({ early: z.number(), late: z.number() }),
    recoveredGrades: distribution,
    notRecoveredDrop: z.record(z.string(), distribution),
    counts: z.object({ patients: z.number(), landmarkRows: z.number(), stackedRows: z.number(), recoveries: z.number() }),
  }),
  bootstrap: z.object({
    resamples: z.number().int(),
    failed: z.number().int(),
    level: z.number(),
    sets: z.array(z.object({ intercepts: z.array(z.number()), coefficients: z.array(z.number()) })),
  }),
  development: z.object({
    patients: z.number().int(),
    dataSha256: z.string(),
    ranges: z.object({ age: range, steroidDay: range, landmarkDay: range, grade: range }),
    /** The development patients at the point of use (absent in files written before it was added). */
    caseMix: z
      .object({
        patients: z.number(),
        age: z.object({ mean: z.number(), sd: z.number() }),
        male: z.number(),
        diabetes: z.number(),
        hypertension: z.number(),
        steroidDay: z.number(),
        landmarkDay: z.number(),
        presentGrade: z.record(z.string(), z.number()),
        recoveredByHorizon: z.number().nullable(),
        horizonDay: z.number(),
      })
      .optional(),
  }),
  /** What was changed after the fit (external recalibration), on which data; absent for a model as fitted. */
  updates: z
    .array(z.object({ method: z.enum(['intercept', 'logistic']), intercept: z.number(), slope: z.number(), dataSha256: z.string(), patients: z.number(), note: z.string() }))
    .optional(),
  parameters: z.record(z.string(), z.unknown()),
  /** Written by `npm run reproduce`: when, and by which workbench version. */
  createdAt: z.string().nullable().optional(),
  workbench: z.string().optional(),
});
export type PrognosisModel = z.infer<typeof prognosisModelSchema>;

/** The file's JSON Schema (draft 2020-12), for readers outside the workbench: docs/prognosis-model.schema.json. */
export function prognosisModelJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(prognosisModelSchema, { io: 'input' }),
    title: 'Prognosis model file (facial-palsy-workbench/prognosis-model, version 1)',
    description:
      'A landmark model of P(recovery to House–Brackmann grade ≤ II recorded at a follow-up visit by day horizonDay), from what is known at the last graded visit by day earlyWindowDays. chance = sigmoid(fit.intercepts[j] + Σ fit.coefficients[k] · feature_k) at horizon fit.horizons[j], features as named and encoded in `features`; intervals from the bootstrap sets. Carries no patient rows: ranges and the case-mix summary only.',
  };
}

/** Reads a model file's JSON, with a message that says what is wrong with it. */
export function parsePrognosisModel(json: unknown): PrognosisModel {
  const head = json as { schema?: unknown; version?: unknown } | null;
  if (head?.schema !== PROGNOSIS_MODEL_SCHEMA) throw new Error(`not a prognosis model file (schema is ${JSON.stringify(head?.schema)}, expected "${PROGNOSIS_MODEL_SCHEMA}")`);
  if (head.version !== PROGNOSIS_MODEL_VERSION) throw new Error(`prognosis model file version ${JSON.stringify(head.version)} is not supported (this workbench reads version ${PROGNOSIS_MODEL_VERSION})`);
  const parsed = prognosisModelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`prognosis model file: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const m = parsed.data;
  if (m.fit.coefficients.length !== m.features.length || m.fit.intercepts.length !== m.fit.horizons.length) throw new Error('prognosis model file: coefficient counts do not match the features and horizons');
  if (!m.fit.horizons.includes(m.horizonDay)) throw new Error(`prognosis model file: horizon day ${m.horizonDay} is not one of the fitted horizons (${m.fit.horizons.join(', ')})`);
  return m;
}

export interface BuildModelOptions {
  horizonDay: number;
  bootstrapResamples: number;
  rng: Rng;
  dataSha256: string;
  parameters: Record<string, unknown>;
}

export function buildPrognosisModel(rows: readonly LandmarkRow[], o: BuildModelOptions): PrognosisModel {
  if (!(HORIZON_GRID as readonly number[]).includes(o.horizonDay)) throw new Error(`horizon ${o.horizonDay} days is not one of the model's horizons (${HORIZON_GRID.join(', ')})`);
  const fit = fitPrognosis(rows);
  const boot = bootstrapFits(rows, o.bootstrapResamples, o.rng);
  const span = (xs: number[]): [number, number] => [Math.min(...xs), Math.max(...xs)];
  return {
    schema: PROGNOSIS_MODEL_SCHEMA,
    version: PROGNOSIS_MODEL_VERSION,
    outcome: `recovery to House–Brackmann grade ≤ II recorded at a follow-up visit by day ${o.horizonDay} after onset`,
    horizonDay: o.horizonDay,
    landmarkRule: `the last graded visit on or before day ${EARLY_WINDOW_DAYS}; the fit uses each patient's history up to days ${FIT_LANDMARK_DAYS.join(', ')} (each distinct history once), from patients not yet recovered then`,
    earlyWindowDays: EARLY_WINDOW_DAYS,
    recoveryGrade: RECOVERY_GRADE,
    features: FEATURES.map((f) => ({ ...f })),
    fit,
    bootstrap: { resamples: boot.resamples, failed: boot.failed, level: 0.95, sets: boot.sets },
    development: {
      patients: fit.counts.patients,
      dataSha256: o.dataSha256,
      ranges: {
        age: span(rows.map((r) => r.history.age)),
        steroidDay: span(rows.map((r) => Math.min(r.history.steroidDay, DELAY_CAP_DAYS))),
        landmarkDay: span(rows.map((r) => r.landmarkDay)),
        grade: span(rows.flatMap((r) => r.history.visits.map((v) => v.grade))),
      },
      caseMix: caseMix(lastRows(rows), o.horizonDay, fit.censoringShift),
    },
    parameters: o.parameters,
  };
}

/** Inputs outside the development data, each naming the input, its value and the range. */
export function outOfRange(model: Pick<PrognosisModel, 'development'>, h: LandmarkHistory): string[] {
  const r = model.development.ranges;
  const flags: string[] = [];
  const out = (name: string, value: number, [lo, hi]: [number, number], unit: string) => {
    if (value < lo || value > hi) flags.push(`${name} ${value}${unit} is outside the development data (${lo}–${hi}${unit})`);
  };
  out('age', h.age, r.age, ' years');
  if (h.steroidDay <= DELAY_CAP_DAYS) out('steroid start', h.steroidDay, r.steroidDay, ' days after onset');
  else flags.push(`steroid start ${h.steroidDay} days after onset: the model counts any start after day ${DELAY_CAP_DAYS} as day ${DELAY_CAP_DAYS}`);
  out('landmark visit day', h.visits[h.visits.length - 1]!.day, r.landmarkDay, '');
  h.visits.forEach((v) => {
    if (v.grade < r.grade[0] || v.grade > r.grade[1]) flags.push(`grade ${gradeLabel(v.grade)} on day ${v.day} is outside the development data (grades ${gradeLabel(r.grade[0])} to ${gradeLabel(r.grade[1])})`);
  });
  const present = h.visits[h.visits.length - 1]!.grade;
  if (present >= 6) flags.push('grade VI at the landmark: too few such patients in any development cohort for a reliable chance');
  return flags;
}
