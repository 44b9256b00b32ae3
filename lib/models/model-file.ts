/**
 * Every trained window-level model as a file (issue #25, item 1): the SVM of the classification
 * evaluation (its scaler, features, Platt sigmoid and, only on request, its support vectors), the
 * logistic-regression baseline and each LSTM. One versioned schema (docs/model-file.schema.json,
 * written by scripts/write-model-schema.ts from the zod schema below); the teaching prognosis
 * model keeps its own file (lib/prognosis/model-file.ts, docs/prognosis-model.schema.json), and
 * `readModelFile` reads either.
 *
 * A file records where it came from (notebook, cell, the cell's parameters, the training data's
 * SHA-256, workbench version, the run's date) and how windows are built from a visits file (the
 * inclusion and windowing settings of the notebook that trained it), so `npm run predict` builds
 * the very windows the notebook built, through the same lib code (`modelWindows`).
 */
import { z } from 'zod';
import { exclusionReasonLabel, includeCohort, inclusionParamsSchema } from '../cohort';
import { FEATURES, type FeatureEntry } from '../features/dictionary';
import { derivedFeatureDefinitionSchema, derivedNameProblem, evaluateDerived, windowKey, type DerivedFeatureDefinition } from '../features/derived';
import { ExpressionError, parseExpression } from '../features/expression';
import type { BaselineModelsOutput } from '../cells/baseline-models';
import type { ClassificationEvalOutput } from '../cells/classification-eval';
import type { LstmRegressionOutput } from '../cells/lstm-regression';
import { CLASSIFICATION_FEATURES } from '../cells/svm-split';
import { windowingCellParamsSchema } from '../cells/windowing';
import type { Patient } from '../data/types';
import { STATIC_FEATURES } from '../ml/lstm/sequences';
import type { TrainedLstm } from '../ml/lstm/trained-lstm';
import type { TrainedSvm } from '../ml/svm/trained-svm';
import { PROGNOSIS_MODEL_SCHEMA, parsePrognosisModel, type PrognosisModel } from '../prognosis/model-file';
import { windowPatients, type ClassificationSample, type RegressionSample } from '../windows/windowing';
import { windowCaseMixSchema, type WindowCaseMix } from './window-case-mix';

export const MODEL_FILE_SCHEMA = 'facial-palsy-workbench/model' as const;
export const MODEL_FILE_VERSION = 1 as const;

const modelUpdateSchema = z.object({ method: z.enum(['intercept', 'logistic']), intercept: z.number(), slope: z.number(), dataSha256: z.string(), patients: z.number().int(), note: z.string() });
const featureEntrySchema = z.object({ name: z.string(), label: z.string(), definition: z.string(), unit: z.string().optional() });
const scalerSchema = z.object({ mean: z.array(z.number()), scale: z.array(z.number()), isConstant: z.array(z.boolean()) });

const common = {
  schema: z.literal(MODEL_FILE_SCHEMA),
  version: z.literal(MODEL_FILE_VERSION),
  /** false: the file documents the model but cannot predict (an SVM written without its support vectors). */
  predicts: z.boolean(),
  /** Which windows the model was trained on: every patient's, or the persistent-palsy subset's. */
  subset: z.enum(['all', 'persistent']),
  outcome: z.string(),
  /** The model's input features, in the order of its coefficients, with their dictionary entries. */
  features: z.array(featureEntrySchema),
  /**
   * The user-defined (derived) features among `features`: name, label, description and the
   * expression that computes each from a window's visits up to its present day; absent when the
   * model uses built-in features only.
   */
  derived: z.array(derivedFeatureDefinitionSchema).optional(),
  provenance: z.object({
    notebookId: z.string(),
    cellId: z.string(),
    cellKind: z.string(),
    /** The cell's parameters as the run resolved them. */
    parameters: z.record(z.string(), z.unknown()),
    /** The notebook seed (every random stream is forked from it). */
    seed: z.number(),
    /** SHA-256 of the training data file. */
    dataSha256: z.string(),
  }),
  /** How windows are built from a visits file: the inclusion and windowing steps' parameters of the training notebook. */
  windows: z.object({ inclusion: z.record(z.string(), z.unknown()), windowing: z.record(z.string(), z.unknown()) }),
  /** Summary of the training windows (aggregates only), for the case mix of an external validation; absent in files written before it. */
  development: windowCaseMixSchema.optional(),
  /** What was changed after the fit (recalibration on external data), on which data; absent for a model as fitted. */
  updates: z.array(modelUpdateSchema).optional(),
  /** The run's date (the manifest's created_at) and the workbench version, as in the prognosis model file. */
  createdAt: z.string().nullable().optional(),
  workbench: z.string().optional(),
};

export const svmModelFileSchema = z.object({
  ...common,
  kind: z.literal('svm'),
  engine: z.string(),
  C: z.number(),
  gamma: z.number(),
  scaler: scalerSchema,
  /** P(recovered) = 1 / (1 + exp(A·f + B)) on the signed decision value f (positive = recovered). */
  platt: z.object({ A: z.number(), B: z.number() }),
  threshold: z.object({ signedDecision: z.number(), rule: z.string() }),
  /** [label on the positive side of libsvm's decision, the other label]. */
  labels: z.tuple([z.number(), z.number()]),
  /** Training rows (standardized): present only when the user chose to include them. */
  supportVectors: z.object({ vectors: z.array(z.array(z.number())), coef: z.array(z.number()), rho: z.number() }).optional(),
});

export const logisticModelFileSchema = z.object({
  ...common,
  kind: z.literal('logistic'),
  scaler: scalerSchema,
  /** On the standardized features: intercept, then one per feature; null where the feature was aliased (left out). */
  intercept: z.number(),
  coefficients: z.array(z.number().nullable()),
  fit: z.object({ method: z.enum(['maximum likelihood', 'ridge']), penalty: z.number() }),
});

const lstmScalerSchema = z.object({
  scaling: z.enum(['zscore', 'none']),
  dayMean: z.number(),
  daySd: z.number(),
  ageMean: z.number(),
  ageSd: z.number(),
  /** Training mean and SD of each derived static feature (zscore scaling only). */
  derived: z.array(z.object({ name: z.string(), mean: z.number(), sd: z.number() })).optional(),
});
export const lstmModelFileSchema = z.object({
  ...common,
  kind: z.literal('lstm'),
  /** Which network of the cell: the reported predictions are seed 1's. */
  seed: z.number().int(),
  /** The tfjs backend the network was trained and evaluated on (`predict` uses it: the layers and fused engines compute through it). */
  backend: z.string().optional(),
  config: z.object({
    steps: z.number().int(),
    channels: z.number().int(),
    units: z.array(z.number().int()),
    dropout: z.number(),
    batchNormMomentum: z.number().optional(),
    batchNormEpsilon: z.number().optional(),
    engine: z.enum(['layers', 'fused', 'wasm']).optional(),
  }),
  encoding: z.object({ layout: z.enum(['sequence+static', 'sequence-only']), staticFeatures: z.array(z.string()), scaler: lstmScalerSchema.optional() }),
  /** In the network's getWeights order; float32 values. */
  weights: z.array(z.object({ shape: z.array(z.number().int()), values: z.array(z.number()) })),
});

export const windowModelFileSchema = z.discriminatedUnion('kind', [svmModelFileSchema, logisticModelFileSchema, lstmModelFileSchema]);
export type SvmModelFile = z.infer<typeof svmModelFileSchema>;
export type LogisticModelFile = z.infer<typeof logisticModelFileSchema>;
export type LstmModelFile = z.infer<typeof lstmModelFileSchema>;
export type WindowModelFile = z.infer<typeof windowModelFileSchema>;
export type AnyModelFile = WindowModelFile | ({ kind: 'prognosis' } & { model: PrognosisModel });

/** The file's JSON Schema (draft 2020-12): docs/model-file.schema.json. */
export function modelFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(windowModelFileSchema, { io: 'input' }),
    title: `Model file (${MODEL_FILE_SCHEMA}, version ${MODEL_FILE_VERSION}): svm, logistic or lstm`,
    description:
      'A trained window-level model of the workbench. Windows are built from a visits file with `windows` (inclusion and windowing parameters of the training notebook). svm: probability of recovery = 1 / (1 + exp(platt.A · f + platt.B)), f = −(Σ coef_s · exp(−gamma ‖x − sv_s‖²) − rho) when labels[0] is 0 (+ otherwise), x the features standardized with `scaler` (constant features 0); without `supportVectors` (training rows, written only on request) the file cannot predict (`predicts: false`). logistic: probability of recovery = sigmoid(intercept + Σ coefficients[k] · x_k), null coefficients left out. lstm: the network of `config` with `weights`, inputs encoded as `encoding` says; predicts the House–Brackmann grade at a later visit. The prognosis model has its own file: docs/prognosis-model.schema.json.',
  };
}

export function featureEntries(names: readonly string[], derived: readonly DerivedFeatureDefinition[] = []): z.infer<typeof featureEntrySchema>[] {
  return names.map((name) => {
    const d = derived.find((x) => x.name === name);
    if (d) return { name, label: d.label, definition: d.description || `Derived feature: ${d.expression}` };
    const e = (FEATURES as Record<string, FeatureEntry>)[name];
    return { name, label: e?.label ?? name, definition: e?.definition ?? '', ...(e?.unit ? { unit: e.unit } : {}) };
  });
}

/** Where a model came from: filled by the CLI from the run, by the page from its notebook. */
export interface ModelProvenance {
  notebookId: string;
  cellId: string;
  cellKind: string;
  parameters: Record<string, unknown>;
  seed: number;
  dataSha256: string;
  /** The inclusion and windowing parameters (resolved) of the steps that built the training windows. */
  windows: { inclusion: Record<string, unknown>; windowing: Record<string, unknown> };
  createdAt?: string | null;
  workbench?: string;
  /** Summary of the training windows (lib/models/window-case-mix), when the run can give it. */
  development?: WindowCaseMix;
  /** Definitions of the derived features the windows carry (the file keeps those among its features). */
  derived?: readonly DerivedFeatureDefinition[];
}

const base = (p: ModelProvenance, subset: 'all' | 'persistent', outcome: string, features: readonly string[], predicts: boolean) => {
  const derived = features.flatMap((f) => (p.derived ?? []).filter((d) => d.name === f).map((d) => ({ name: d.name, label: d.label, description: d.description, expression: d.expression })));
  return {
    schema: MODEL_FILE_SCHEMA,
    version: MODEL_FILE_VERSION,
    predicts,
    subset,
    outcome,
    features: featureEntries(features, derived),
    ...(derived.length ? { derived } : {}),
    provenance: { notebookId: p.notebookId, cellId: p.cellId, cellKind: p.cellKind, parameters: p.parameters, seed: p.seed, dataSha256: p.dataSha256 },
    windows: p.windows,
    ...(p.development ? { development: p.development } : {}),
    ...(p.createdAt !== undefined ? { createdAt: p.createdAt } : {}),
    ...(p.workbench !== undefined ? { workbench: p.workbench } : {}),
  };
};

function recoveryOutcome(p: ModelProvenance): string {
  const inc = inclusionParamsSchema.parse(p.windows.inclusion);
  const w = windowingCellParamsSchema.parse(p.windows.windowing);
  return `recovery (label 1): House–Brackmann grade ≤ ${inc.recoveryThreshold} at the ${w.outcome} graded visit on days (${inc.earlyDays}, ${inc.lateDays}] after onset, predicted from a window of three graded visits on days 0–${inc.earlyDays} (${w.mode} windows)`;
}

/** The SVM of a classification-evaluation cell as a file; support vectors (training rows) only when asked for. */
export function svmModelFile(out: ClassificationEvalOutput, subset: 'all' | 'persistent', p: ModelProvenance, o: { includeSupportVectors: boolean }): SvmModelFile {
  const e = out[subset];
  const m: TrainedSvm = e.model;
  if (!m.probability) throw new Error('the SVM has no Platt sigmoid');
  return {
    kind: 'svm',
    ...base(p, subset, recoveryOutcome(p), m.features, o.includeSupportVectors),
    engine: m.engine,
    C: m.model.C,
    gamma: m.model.gamma,
    scaler: { mean: [...m.scaler.mean], scale: [...m.scaler.scale], isConstant: [...m.scaler.isConstant] },
    platt: { A: m.probability.A, B: m.probability.B },
    threshold: { signedDecision: 0, rule: 'recovery is predicted where the signed decision value is > 0 (Platt probability ≥ the sigmoid at 0); the probability is the reported prediction' },
    labels: [m.model.labels[0], m.model.labels[1]],
    ...(o.includeSupportVectors ? { supportVectors: { vectors: m.model.supportVectors.map((v) => Array.from(v)), coef: Array.from(m.model.coef), rho: m.model.rho } } : {}),
  };
}

/** The logistic-regression baseline (on the SVM's standardized features); null when it was not estimable. */
export function logisticModelFile(out: BaselineModelsOutput, subset: 'all' | 'persistent', scaler: { mean: readonly number[]; scale: readonly number[]; isConstant: readonly boolean[] }, features: readonly string[], p: ModelProvenance): LogisticModelFile | null {
  const fit = out[subset].fits.lr;
  if (fit.method === 'not estimable' || fit.coefficients.length !== features.length + 1) return null;
  const num = (x: number) => (Number.isNaN(x) ? null : x);
  return {
    kind: 'logistic',
    ...base(p, subset, recoveryOutcome(p), features, true),
    scaler: { mean: [...scaler.mean], scale: [...scaler.scale], isConstant: [...scaler.isConstant] },
    intercept: fit.coefficients[0]!.estimate,
    coefficients: fit.coefficients.slice(1).map((c) => num(c.estimate)),
    fit: { method: fit.method, penalty: fit.penalty },
  };
}

/** The network of an LSTM regression cell (seed 1's: the cell reports seed 1's predictions). */
export function lstmModelFile(out: LstmRegressionOutput, p: ModelProvenance): LstmModelFile {
  const t = out.trained;
  const inc = inclusionParamsSchema.parse(p.windows.inclusion);
  return {
    kind: 'lstm',
    ...base(p, out.subset, `House–Brackmann grade at a later graded visit on days (${inc.earlyDays}, ${inc.lateDays}] after onset (SAG4, regression), from a window of three graded visits and the days to that visit (SAD4)`, t.encoding.staticFeatures, true),
    seed: 1,
    backend: out.backend,
    config: { ...t.config, units: [...t.config.units] },
    encoding: { layout: t.encoding.layout, staticFeatures: [...t.encoding.staticFeatures], ...(t.encoding.scaler ? { scaler: { ...t.encoding.scaler, ...(t.encoding.scaler.derived ? { derived: t.encoding.scaler.derived.map((d) => ({ ...d })) } : {}) } } : {}) },
    weights: t.weights.map((w) => ({ shape: [...w.shape], values: Array.from(w.values) })),
  };
}

/** The network as the lib predicts with it (float32 weights, exactly as saved). */
export function trainedLstmOf(f: LstmModelFile): TrainedLstm {
  return {
    config: { ...f.config, units: [...f.config.units] },
    weights: f.weights.map((w) => ({ shape: [...w.shape], values: Float32Array.from(w.values) })),
    encoding: { layout: f.encoding.layout, staticFeatures: [...f.encoding.staticFeatures], ...(f.encoding.scaler ? { scaler: f.encoding.scaler } : {}) },
  };
}

/** The SVM as the lib predicts with it; throws when the file carries no support vectors. */
export function trainedSvmOf(f: SvmModelFile): TrainedSvm {
  if (!f.supportVectors) throw new Error(SVM_CANNOT_PREDICT);
  return {
    engine: f.engine,
    features: f.features.map((x) => x.name),
    scaler: f.scaler,
    model: { C: f.C, gamma: f.gamma, supportVectors: f.supportVectors.vectors.map((v) => Float64Array.from(v)), coef: Float64Array.from(f.supportVectors.coef), rho: f.supportVectors.rho, labels: f.labels, supportIndices: [] },
    probability: f.platt,
  };
}

export const SVM_CANNOT_PREDICT =
  'this SVM file was written without its support vectors (they are training rows), so it cannot predict: write it again with them (npm run reproduce … --include-patient-rows, or the page’s “with support vectors” choice)';

/** Features the windows of a visits file supply, per kind. */
const SUPPLIED: Record<WindowModelFile['kind'], readonly string[]> = { svm: CLASSIFICATION_FEATURES, logistic: CLASSIFICATION_FEATURES, lstm: STATIC_FEATURES };

/** Reads a window-level model file: schema, version and features checked, with a message naming what is wrong. */
export function parseWindowModelFile(json: unknown): WindowModelFile {
  const head = json as { schema?: unknown; version?: unknown; kind?: unknown } | null;
  if (head === null || typeof head !== 'object' || Array.isArray(head)) throw new Error('not a model file (the JSON is not an object)');
  if (head.schema !== MODEL_FILE_SCHEMA) throw new Error(`not a model file (schema is ${JSON.stringify(head.schema)}, expected "${MODEL_FILE_SCHEMA}" or "${PROGNOSIS_MODEL_SCHEMA}")`);
  if (typeof head.version === 'number' && head.version > MODEL_FILE_VERSION) throw new Error(`model file version ${head.version} is from a newer workbench (this one reads version ${MODEL_FILE_VERSION}): update the workbench to read it`);
  if (head.version !== MODEL_FILE_VERSION) throw new Error(`model file version ${JSON.stringify(head.version)} is not supported (this workbench reads version ${MODEL_FILE_VERSION})`);
  const parsed = windowModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`model file (${String(head.kind)}) fails its schema at ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const m = parsed.data;
  const names = m.features.map((f) => f.name);
  const derived = m.derived ?? [];
  for (const [i, d] of derived.entries()) {
    const problem = derivedNameProblem(d.name);
    if (problem) throw new Error(`model file: derived feature ${problem}`);
    if (derived.findIndex((x) => x.name === d.name) !== i) throw new Error(`model file: derived feature "${d.name}" is defined twice`);
    try {
      parseExpression(d.expression);
    } catch (e) {
      if (e instanceof ExpressionError) throw new Error(`model file: the expression of derived feature "${d.name}" does not parse: ${e.format()}`);
      throw e;
    }
  }
  const supplied = [...SUPPLIED[m.kind], ...derived.map((d) => d.name)];
  const unknown = names.filter((n) => !supplied.includes(n));
  if (unknown.length) throw new Error(`model file names features a visits file cannot supply: ${unknown.map((n) => `"${n}"`).join(', ')} (the windows supply ${supplied.join(', ')}; a feature of your own needs its definition in \`derived\`)`);
  const d = names.length;
  if (m.kind !== 'lstm' && (m.scaler.mean.length !== d || m.scaler.scale.length !== d || m.scaler.isConstant.length !== d)) throw new Error(`model file: the scaler has ${m.scaler.mean.length} features, the feature list ${d}`);
  if (m.kind === 'logistic' && m.coefficients.length !== d) throw new Error(`model file: ${m.coefficients.length} coefficients for ${d} features`);
  if (m.kind === 'svm') {
    if (m.predicts !== !!m.supportVectors) throw new Error(`model file: predicts is ${m.predicts} but the support vectors are ${m.supportVectors ? 'present' : 'absent'}`);
    const sv = m.supportVectors;
    if (sv && (sv.coef.length !== sv.vectors.length || sv.vectors.some((v) => v.length !== d))) throw new Error(`model file: the support vectors do not match the ${d} features or their coefficients`);
  }
  if (m.kind === 'lstm') {
    if (m.encoding.staticFeatures.join('|') !== names.join('|')) throw new Error('model file: the features differ from the encoding’s static features');
    if (m.weights.some((w) => w.values.length !== w.shape.reduce((a, b) => a * b, 1))) throw new Error('model file: a weight array does not match its shape');
    const scaled = m.encoding.scaler?.derived ?? [];
    const stray = scaled.find((x) => !derived.some((d) => d.name === x.name));
    if (stray) throw new Error(`model file: the scaler standardizes "${stray.name}", which is not a derived feature of the file`);
  }
  return m;
}

/** Reads any model file the workbench writes: a window-level model or the prognosis model. */
export function readModelFile(json: unknown): AnyModelFile {
  const head = json as { schema?: unknown } | null;
  if (head && typeof head === 'object' && head.schema === PROGNOSIS_MODEL_SCHEMA) return { kind: 'prognosis', model: parsePrognosisModel(json) };
  return parseWindowModelFile(json);
}

/** The windows of a visits file, built as the training notebook built them (inclusion, then windowing), with the persistent flag. */
export function modelWindows(patients: readonly Patient[], f: Pick<WindowModelFile, 'windows'> & { derived?: readonly DerivedFeatureDefinition[] }): { classification: (ClassificationSample & { persistent: number })[]; regression: (RegressionSample & { persistent: number })[]; skipped: { patient_id: string; reason: string }[] } {
  const cohort = includeCohort(patients, inclusionParamsSchema.parse(f.windows.inclusion));
  const windowing = windowingCellParamsSchema.parse(f.windows.windowing);
  const { earlyDays, lateDays, recoveryThreshold } = cohort.params;
  const byId = new Map(patients.map((p) => [p.patientId, p]));
  // Development or temporal-validation patients alike: a new file is windowed whole; the persistent criterion is the same for both.
  const persistent = new Set([...cohort.ids.persistent, ...cohort.ids.validationPersistent]);
  const included = new Set(cohort.ids.included);
  const out = windowPatients(cohort.ids.included.map((id) => byId.get(id)!), { mode: windowing.mode, outcome: windowing.outcome, earlyDays, lateDays, recoveryThreshold }, (id) => (persistent.has(id) ? 1 : 0));
  const reasons = new Map(cohort.patients.map((s) => [s.patientId, s.reason]));
  // The reader's words for the reason (as the flow diagram says it), not its code.
  const reasonText = (id: string) => {
    const reason = reasons.get(id);
    return reason ? exclusionReasonLabel(reason, cohort.params) : 'excluded by the inclusion criteria';
  };
  const excluded = patients.filter((p) => !included.has(p.patientId)).map((p) => ({ patient_id: p.patientId, reason: `not included: ${reasonText(p.patientId)}` }));
  const skipped = [...excluded, ...out.skipped];
  const derived = f.derived ?? [];
  if (!derived.length) return { classification: out.classification, regression: out.regression, skipped };
  // The file's own features, computed on these visits by the notebook's evaluator; a window where one is not finite is not predicted.
  const { values, problems } = evaluateDerived(derived, patients, [...out.classification, ...out.regression]);
  // Per window; the reason leaves the patient id to its own column (validation reports count reasons over patients).
  const bad = new Map<string, { patient_id: string; reason: string }>();
  for (const d of derived) {
    for (const p of problems.get(d.name)!) {
      if (!bad.has(windowKey(p))) bad.set(windowKey(p), { patient_id: p.patient_id, reason: `window ${p.window} (present day ${p.present_day}) not predicted: derived feature "${d.name}" is ${p.value} (${p.reason})` });
    }
  }
  const add = <T extends { patient_id: string; window: number }>(rows: readonly T[]): T[] =>
    rows.filter((s) => !bad.has(windowKey(s))).map((s) => ({ ...s, ...Object.fromEntries(derived.map((d) => [d.name, values.get(d.name)!.get(windowKey(s))!])) }));
  return { classification: add(out.classification), regression: add(out.regression), skipped: [...skipped, ...bad.values()] };
}

/**
 * A classifier file recalibrated on new data: logit P_new = a + b · logit P_old, which stays in
 * the model's own form. SVM: P = 1 / (1 + exp(A·f + B)), so logit P = −(A·f + B) and the new
 * sigmoid is A' = b·A, B' = b·B − a. Logistic: intercept' = a + b·intercept, each coefficient
 * scaled by b. The file records the update and the data it was fitted on.
 */
export function recalibratedClassifier<F extends SvmModelFile | LogisticModelFile>(f: F, a: number, b: number, method: 'intercept' | 'logistic', data: { sha256: string; patients: number }): F {
  const note =
    method === 'intercept'
      ? `intercept recalibration: logit P = ${a.toFixed(4)} + logit P(model); the shape of the model unchanged`
      : `logistic recalibration: logit P = ${a.toFixed(4)} + ${b.toFixed(4)} · logit P(model)`;
  const update = { method, intercept: a, slope: b, dataSha256: data.sha256, patients: data.patients, note: `${note}; fitted on ${data.patients} patients (each at its last window)` };
  const updates = [...(f.updates ?? []), update];
  if (f.kind === 'svm') return { ...f, platt: { A: b * f.platt.A, B: b * f.platt.B - a }, updates };
  return { ...f, intercept: a + b * f.intercept, coefficients: f.coefficients.map((c) => (c === null ? null : b * c)), updates };
}
