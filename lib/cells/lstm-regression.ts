import { z } from 'zod';
import { ciExcludesEstimate, ciExcludesEstimateSentence } from '../stats/ci-flag';
import { fitLinearBaseline, locfBaseline } from '../ml/lstm/baselines';
import { lstmOverridesSchema, resolveLstmParams, type LstmParams } from '../ml/lstm/params';
import { divergedPrediction, evaluateRegression, type RegressionEvaluation } from '../ml/lstm/regression-evaluation';
import { buildSequences, fitSequenceScaler, isBuiltInStatic, lstmKey, MODEL_FEATURES, STATIC_FEATURES, type ModelName, type SequenceOptions, type SequenceScaler } from '../ml/lstm/sequences';
import type { EpochLog, TrainResult } from '../ml/lstm/train';
import type { TrainedLstm } from '../ml/lstm/trained-lstm';
import { defineCell, type Artifact } from '../notebook/define-cell';
import { CancelledError, InputError } from '../notebook/errors';
import type { LstmModel } from '../ml/lstm/model';
import { bootstrapIndices } from '../stats/bootstrap';
import { clusterBootstrapIndices } from '../stats/cluster-bootstrap';
import { regressionMetrics } from '../stats/metrics';
import { straddlingWarning, type ValidationWarning } from '../validation/warnings';
import { tableArtifact } from '../tables/table-artifact';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import { DERIVED_NAME_PATTERN, featureLabelOf, type DerivedFeatureDefinition } from '../features/derived';
import { plural } from '../report/phrases';
import { formatP } from '../tables/format';
import { lastWindows, type RegressionSample } from '../windows/windowing';
import type { LstmSplitOutput } from './lstm-split';
import type { WindowsOutput } from './windowing';

/** Derived features an LSTM may take besides the built-in static features. */
export const MAX_DERIVED_STATIC = 32;
const MAX_STATIC_INPUTS = STATIC_FEATURES.length + MAX_DERIVED_STATIC;

const lstmRegressionFields = z.object({
  /** All development subjects, or the persistent-FNP subset (the paper's batch/patience overrides apply). */
  subset: z.enum(['all', 'persistent']).default('all'),
  /** M1 = delayed Tx + diabetes, M2 = delayed Tx + hypertension, M3 = diabetes + hypertension; each with sex and age. */
  model: z.enum(['M1', 'M2', 'M3']).default('M1'),
  /**
   * Static features fed to the network: any subset of sex, age, delayed treatment, diabetes and
   * hypertension (the feature-set explorer), and derived features by name (a derived-feature
   * step between the windowing step and this one defines them). Absent: the model's own (M1–M3).
   *
   * A derived feature is per window, a static feature per sequence: a regression sample's
   * sequence is its window's three visits (the last one the present visit) and the visit to
   * predict, so the sequence gets the value of its window, computed from the patient's visits up
   * to the window's present visit, i.e. the sequence's last known step. That is what is known when
   * the prediction is made; the visit to predict and every later visit are never read.
   */
  staticFeatures: z
    .array(z.union([z.enum(STATIC_FEATURES), z.string().regex(DERIVED_NAME_PATTERN, 'a built-in static feature or the name of a derived feature (lower-case letters, digits and underscores)')]))
    .max(MAX_STATIC_INPUTS, `at most ${MAX_STATIC_INPUTS} features: the ${STATIC_FEATURES.length} built-in static features and up to ${MAX_DERIVED_STATIC} derived ones, each once`)
    .superRefine((features, ctx) => {
      const seen = new Set<string>();
      const twice = [...new Set(features.filter((f) => seen.size === seen.add(f).size))];
      if (twice.length) ctx.addIssue({ code: 'custom', message: `each feature once: ${twice.map((f) => `"${f}"`).join(', ')} ${twice.length === 1 ? 'is' : 'are'} listed more than once` });
    })
    .optional(),
  /** Percentile bootstrap resamples of each evaluation set (shared by the LSTM and both baselines). */
  bootstrapResamples: z.number().int().min(10).max(20_000, 'at most 20000 resamples: each one copies every evaluation row, twice (rows and patients)').default(1000),
  /**
   * Which bootstrap heads the tables and the manifest's CIs: `samples` (rows resampled, the
   * paper) or `patients` (patients resampled with all their rows). Both are computed.
   */
  ciMethod: z.enum(['samples', 'patients']).default('samples'),
  /**
   * Networks trained from different random initializations and shuffles (seed 1 is the
   * single run's). Tables report seed 1 with its CIs and the mean and spread over seeds.
   */
  seeds: z.number().int().min(1).max(20).default(1),
  /** Fig. 6: predict each validation patient's course from its present day to this day since onset. */
  courseEndDay: z.number().int().positive().max(1000, 'at most 1000 days: the course is drawn day by day').default(300),
  /** Days between the drawn course's points. */
  courseStepDays: z.number().int().positive().max(1000, 'at most 1000 days: the longest course drawn').default(1),
  /** Network and training settings; any field left out takes the paper's (and the subset's) default. */
  lstm: lstmOverridesSchema.default({}),
});

/**
 * The schema resolves every default before the parameters are hashed: the model's static
 * features (in canonical order) and the whole LSTM block (paper defaults, then the subset's
 * overrides, then the user's values). So the cache key sees the settings a run really uses, and
 * a changed default can never serve a stale result.
 */
export const lstmRegressionParamsSchema = lstmRegressionFields.transform((p) => ({
  ...p,
  // Built-in features in canonical order (so a list of built-ins hashes as before), then derived ones as listed.
  staticFeatures: [...STATIC_FEATURES.filter((f) => (p.staticFeatures ?? MODEL_FEATURES[p.model]).includes(f)), ...(p.staticFeatures ?? []).filter((f) => !isBuiltInStatic(f))] as string[],
  lstm: resolveLstmParams(p.subset, p.lstm),
}));
export type LstmRegressionParams = z.output<typeof lstmRegressionParamsSchema>;

type Interval = [number, number];
type MethodIntervals = { rmse: Interval; mse: Interval; mae: Interval };

/**
 * One evaluation set: the LSTM (seed 1) and both baselines on the same rows and bootstrap
 * resamples; the CIs of `lstm`/`baseline_*` are those of `ciMethod`, both kinds in `ci`.
 */
export interface SetEvaluation {
  n: number;
  patients: number;
  lstm: RegressionEvaluation;
  baseline_locf: RegressionEvaluation;
  baseline_linear: RegressionEvaluation;
  ciMethod: 'samples' | 'patients';
  ci: Record<'samples' | 'patients', Record<'lstm' | 'baseline_locf' | 'baseline_linear', MethodIntervals>>;
}

/** One seed's training and test/validation errors. */
export interface SeedRun {
  seed: number;
  epochs_run: number;
  best_epoch: number;
  test_mae: number;
  test_rmse: number;
  validation_mae: number | null;
  validation_rmse: number | null;
}

export interface Spread {
  mean: number;
  /** Sample SD over seeds (NaN for one seed). */
  sd: number;
  min: number;
  max: number;
}

export type SeedSummary = Record<'test_mae' | 'test_rmse' | 'validation_mae' | 'validation_rmse', Spread | null>;

/** Mean, SD, min and max over seeds of each error (null when the set is absent). */
export function seedSummary(runs: readonly SeedRun[]): SeedSummary {
  const spread = (key: keyof SeedSummary): Spread | null => {
    const xs = runs.map((r) => r[key]);
    if (xs.some((x) => x === null)) return null;
    const v = xs as number[];
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : NaN;
    return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
  };
  return { test_mae: spread('test_mae'), test_rmse: spread('test_rmse'), validation_mae: spread('validation_mae'), validation_rmse: spread('validation_rmse') };
}

/** A type alias (not an interface) so rows pass as plain records to the table writer. */
export type PredictionRow = {
  patient_id: string;
  window: number;
  present_day: number;
  /** Day since onset of the predicted visit. */
  day: number;
  actual: number;
  predicted: number;
  locf: number;
  linear: number;
};

export interface PredictedCourse {
  patient_id: string;
  window: number;
  present_day: number;
  points: { day: number; predicted: number }[];
  /** The patient's late visits (days since onset, grades) for the same window. */
  actual: { day: number; grade: number }[];
  /** The window's own visits (days since onset, grades; the pre-onset anchor has day −1). */
  early?: { day: number; grade: number }[];
}

export interface LstmRegressionOutput {
  subset: 'all' | 'persistent';
  model: ModelName;
  /** Built-in static features and derived features by name, in the order they enter the network. */
  staticFeatures: string[];
  /** Definitions of the derived features among `staticFeatures` (labels, model files); absent on outputs from before derived features. */
  derived?: DerivedFeatureDefinition[];
  channels: string[];
  /** Resolved network/training settings (paper defaults, subset overrides, user overrides). */
  params: LstmParams;
  backend: string;
  split: { mode: 'samples' | 'grouped'; seed: number; train: number; test: number; straddlingPatients: number };
  /** The early-stopping holdout: drawn over rows (the paper) or whole patients (grouped split). */
  holdout: { grouping: 'rows' | 'patients'; straddlingPatients: number };
  scaler: SequenceScaler;
  /** The trained network (weights and input encoding): downstream cells predict with it, never retrain. */
  trained: TrainedLstm;
  training: Omit<TrainResult, 'history'> & { history: Omit<EpochLog, 'bestEpoch'>[] };
  evaluation: { test: SetEvaluation; validation: SetEvaluation | null };
  /** Which temporal-validation rows were evaluated (for the persistent subset: the validation patients meeting its criterion). */
  validationScope: string;
  linear: { features: string[]; coefficients: number[]; intercept: number; constant: string[] };
  testPredictions: PredictionRow[];
  validationPredictions: PredictionRow[];
  seeds: { n: number; runs: SeedRun[]; summary: SeedSummary };
  /** Every seed's predictions of the test rows (seed × row, rows as in `testPredictions`). */
  seedTestPredictions: number[][];
  seedValidationPredictions: number[][];
  courses: PredictedCourse[];
  warnings: ValidationWarning[];
}

type Sample = RegressionSample & { persistent?: number };

/** The LSTM training yields about this share of the progress bar; the rest is setup and evaluation. */
const TRAIN_SHARE = 0.9;

/**
 * LSTM regression of the future grade (PIPELINE steps 8–10, Table 2, Suppl. Table 7, Figs. 5–6):
 * train the paper's network on the lstm-split cell's training part with progress per epoch, evaluate on the test part
 * and the temporal validation set next to two baselines (last grade carried forward, OLS), and
 * predict each validation patient's course. One cell per (subset, model).
 *
 * Headline (deep-merged into the manifest):
 * `lstm.<subset>.<model>.<test|validation>.<rmse|mse|mae>` = `{value, ci_low, ci_high}` (`<model>`: the
 * model's name, or `lstmKey`'s "M1_early_improvement" when its static features are not the model's),
 * `…<test|validation>.p_value`, `…<test|validation>.n`, the same under
 * `…<test|validation>.baseline_locf.*` and `…baseline_linear.*`, and
 * `lstm.<subset>.<model>.epochs_run` / `.best_epoch` / `.engine`. The validation block is absent when the
 * cohort has no temporal validation samples (or, for the persistent subset, none meeting its
 * criterion). CIs are those of `ciMethod` (`…<set>.ci_method`); both kinds under `…<set>.ci`.
 * `lstm.<subset>.<model>.seeds` = `{ n, test_mae, test_rmse, validation_mae, validation_rmse }`
 * (each `{ mean, sd, min, max }` over seeds) and `runs`; `…split` gives the split mode, its
 * straddling patients and the early-stopping holdout's; `warnings.lstm.<subset>.<model>`.
 */
export const lstmRegression = defineCell<{ windows: WindowsOutput; split: LstmSplitOutput }, LstmRegressionParams, LstmRegressionOutput>({
  kind: 'lstm-regression',
  // 3: the split became its own cell (lstm-split) and the parameters are fully resolved.
  // 4: seeds, patient-level holdout with a grouped split, patient-clustered CIs, persistent validation rows.
  // 5: a diverged run (a NaN or infinite prediction) fails the step instead of being evaluated.
  version: 5,
  title: 'LSTM regression of the future grade',
  description: 'Trains the paper’s 3-layer LSTM on visit sequences to predict a later House–Brackmann grade, and compares it with carried-forward and linear baselines on the test part and the temporal validation set.',
  describe: (p) =>
    `Trains an LSTM (${p.lstm.units.join('-')} units, at most ${p.lstm.maxEpochs} epochs, batch ${p.lstm.batchSize}) on the training part of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} (the split step’s) with ${staticList(p.staticFeatures, [])}, to predict a later House–Brackmann grade, and compares it with carried-forward and linear baselines (95% CIs from ${plural(p.bootstrapResamples, 'bootstrap resample')}).`,
  inputs: { windows: ['windowing', 'derived-feature'], split: ['lstm-split'] },
  params: lstmRegressionParamsSchema,
  featureSet: { param: 'staticFeatures', family: 'lstm' },
  evaluates: 'lstm',
  heavy: true,
  windowModel: { kind: 'lstm', name: 'the LSTM networks' },
  modelFamily: 'lstm',
  async *run(inputs, params, ctx) {
    const { rng, signal } = ctx;
    const all: Sample[] = inputs.windows.regression;
    const validation: Sample[] = inputs.windows.validation;
    const lstmParams = params.lstm;
    const staticFeatures = params.staticFeatures;
    // Derived features by name: each sample carries its window's value (see `staticFeatures` in the schema).
    const derived = selectedStaticDerived(staticFeatures, inputs.windows.derived);
    const split = inputs.split[params.subset];
    const train = split.train.map((i) => all[i]!);
    const test = split.test.map((i) => all[i]!);
    const scaler = fitSequenceScaler(train, lstmParams.scaling, staticFeatures);
    const encoding: SequenceOptions = { layout: lstmParams.layout, staticFeatures, scaler };
    const trainSeq = buildSequences(train, encoding);

    yield { fraction: 0.01, message: 'Loading TensorFlow.js' };
    const [tf, lstm] = await Promise.all([import('@tensorflow/tfjs'), import('../ml/lstm/index')]);
    await tf.ready();
    if (signal.aborted) throw new CancelledError();

    const mode = inputs.split.mode;
    const trainPatients = train.map((s) => s.patient_id);
    // The persistent models' validation rows: validation patients meeting the persistent
    // criterion; all subjects' models use every validation row.
    const evalValidation = params.subset === 'all' ? validation : validation.filter((s) => s.persistent === 1);
    const validationPatients = new Set(evalValidation.map((s) => s.patient_id)).size;
    const validationScope =
      params.subset === 'all'
        ? `all ${validationPatients} temporal-validation patients`
        : evalValidation.length
          ? `the ${validationPatients} temporal-validation patients not recovered by the end of the early window (the persistent criterion)`
          : 'absent: no temporal-validation patient meets the persistent criterion';
    const linear = fitLinearBaseline(train, staticFeatures);
    const baselineRows = (samples: readonly Sample[], yHat: readonly number[]): PredictionRow[] => {
      const locf = locfBaseline(samples);
      const lin = linear.predict(samples);
      return samples.map((s, i) => ({
        patient_id: s.patient_id,
        window: s.window,
        present_day: s.present_day,
        day: s.present_day + s.SAD4,
        actual: s.SAG4,
        predicted: yHat[i]!,
        locf: locf[i]!,
        linear: lin[i]!,
      }));
    };

    /** One seed: a model initialized and trained from its own stream; seed 1 uses the cell's streams as a single run does. */
    async function* trainSeed(k: number) {
      const seedRng = k === 0 ? rng : rng.fork(`seed:${k + 1}`);
      const model = lstm.buildLstmModel(
        { steps: trainSeq.steps, channels: trainSeq.channels.length, units: lstmParams.units, dropout: lstmParams.dropout, batchNormMomentum: lstmParams.batchNormMomentum, batchNormEpsilon: lstmParams.batchNormEpsilon, engine: lstmParams.engine },
        seedRng.fork('model'),
      );
      const training = lstm.trainLstm(model, trainSeq, { params: lstmParams, rng: seedRng.fork('train'), signal, groups: trainPatients, groupedHoldout: mode === 'grouped' });
      let ok = false;
      let lastReport = 0;
      try {
        let result: TrainResult;
        for (;;) {
          const step = await training.next();
          if (step.done) {
            result = step.value;
            break;
          }
            const log = step.value;
          // An epoch takes tens of milliseconds with the wasm engine: a host may ask for at most one
          // report per interval (the first always), so the page is not re-rendered for each epoch.
          const now = Date.now();
          if (log.epoch > 1 && now - lastReport < (ctx.env.progressIntervalMs ?? 0)) continue;
          lastReport = now;
          yield {
            fraction: 0.02 + TRAIN_SHARE * ((k + log.epoch / lstmParams.maxEpochs) / params.seeds),
            message: `${params.seeds > 1 ? `Seed ${k + 1} of ${params.seeds}, e` : 'E'}poch ${log.epoch}: loss ${log.loss.toFixed(4)}, validation loss ${log.valLoss.toFixed(4)} (best epoch ${log.bestEpoch})`,
            metrics: { epoch: log.epoch, loss: log.loss, valLoss: log.valLoss, lr: log.lr, ...(params.seeds > 1 ? { seed: k + 1 } : {}) },
          };
        }
        ok = true;
        return { model, result };
      } finally {
        // Frees the optimizer and snapshots when the run stops early (cancel, error).
        await training.return(undefined as unknown as TrainResult);
        if (!ok) model.dispose();
      }
    }

    const seedRuns: SeedRun[] = [];
    const seedTestPredictions: number[][] = [];
    const seedValidationPredictions: number[][] = [];
    let first: { model: LstmModel; result: TrainResult } | null = null;
    try {
      for (let k = 0; k < params.seeds; k++) {
        const run = yield* trainSeed(k);
        const testHat = Array.from(lstm.predictSamples(run.model, test, encoding));
        const valHat = evalValidation.length ? Array.from(lstm.predictSamples(run.model, evalValidation, encoding)) : [];
        // A run that diverged (a learning rate too large for the data) predicts NaN or ±∞: a failure, never a result.
        const divergence = divergedPrediction([...testHat, ...valHat], { seed: k + 1, epochs: run.result.epochsRun, lastLoss: run.result.history.at(-1)?.loss, learningRate: lstmParams.learningRate });
        if (divergence) {
          if (run !== first) run.model.dispose();
          throw new Error(divergence);
        }
        seedTestPredictions.push(testHat);
        seedValidationPredictions.push(valHat);
        const errors = (samples: readonly Sample[], yHat: number[]) => (samples.length ? regressionMetrics(samples.map((s) => s.SAG4), yHat) : null);
        const t = errors(test, testHat)!, v = errors(evalValidation, valHat);
        seedRuns.push({ seed: k + 1, epochs_run: run.result.epochsRun, best_epoch: run.result.bestEpoch, test_mae: t.mae, test_rmse: t.rmse, validation_mae: v?.mae ?? null, validation_rmse: v?.rmse ?? null });
        if (k === 0) first = run;
        else run.model.dispose();
        if (signal.aborted) throw new CancelledError();
      }
      const { model, result } = first!;
      yield { fraction: 0.93, message: 'Evaluating' };

      const evaluateSet = (preds: PredictionRow[], label: string): SetEvaluation => {
        const patients = preds.map((p) => p.patient_id);
        const rows = bootstrapIndices(preds.length, params.bootstrapResamples, rng.fork(`bootstrap-${label}`));
        const clustered = clusterBootstrapIndices(patients, params.bootstrapResamples, rng.fork(`cluster-bootstrap-${label}`));
        const actual = preds.map((p) => p.actual);
        const methods = { lstm: preds.map((p) => p.predicted), baseline_locf: preds.map((p) => p.locf), baseline_linear: preds.map((p) => p.linear) };
        const bySamples = Object.fromEntries(Object.entries(methods).map(([k, yHat]) => [k, evaluateRegression(actual, yHat, rows)])) as Record<keyof typeof methods, RegressionEvaluation>;
        const byPatients = Object.fromEntries(Object.entries(methods).map(([k, yHat]) => [k, evaluateRegression(actual, yHat, clustered)])) as Record<keyof typeof methods, RegressionEvaluation>;
        const heading = params.ciMethod === 'patients' ? byPatients : bySamples;
        const intervals = (e: Record<keyof typeof methods, RegressionEvaluation>) =>
          Object.fromEntries(Object.entries(e).map(([k, m]) => [k, { rmse: [m.rmse.ci_low, m.rmse.ci_high], mse: [m.mse.ci_low, m.mse.ci_high], mae: [m.mae.ci_low, m.mae.ci_high] }])) as SetEvaluation['ci']['samples'];
        return {
          n: preds.length,
          patients: new Set(patients).size,
          ...heading,
          ciMethod: params.ciMethod,
          ci: { samples: intervals(bySamples), patients: intervals(byPatients) },
        };
      };
      const testPredictions = baselineRows(test, seedTestPredictions[0]!);
      const validationPredictions = baselineRows(evalValidation, seedValidationPredictions[0]!);

      const courses: PredictedCourse[] = [];
      for (const w of lastWindows(evalValidation)) {
        if (signal.aborted) throw new CancelledError();
        const days: number[] = [];
        for (let d = w.present_day; d <= params.courseEndDay; d += params.courseStepDays) days.push(d);
        courses.push({
          patient_id: w.patient_id,
          window: w.window,
          present_day: w.present_day,
          points: lstm.predictCourse(model, w, days, encoding),
          actual: evalValidation.filter((s) => s.patient_id === w.patient_id && s.window === w.window).map((s) => ({ day: s.present_day + s.SAD4, grade: s.SAG4 })),
          early: [
            { day: w.present_day + w.SAD1, grade: w.SAG1 },
            { day: w.present_day + w.SAD2, grade: w.SAG2 },
            { day: w.present_day + w.SAD3, grade: w.SAG3 },
          ],
        });
      }

      const where = `LSTM ${params.model}, ${params.subset === 'all' ? 'all subjects' : 'persistent subset'}`;
      const warnings: ValidationWarning[] = [
        ...straddlingWarning(split.straddlingPatients, new Set([...split.train, ...split.test].map((i) => all[i]!.patient_id)).size, `${where}, train/test`),
        ...straddlingWarning(result.holdoutStraddlingPatients ?? 0, new Set(trainPatients).size, `${where}, early-stopping holdout`, 'so the stopping epoch is chosen on rows whose patient is being fitted'),
      ];
      return {
        subset: params.subset,
        model: params.model,
        staticFeatures,
        derived,
        channels: trainSeq.channels,
        params: lstmParams,
        backend: tf.getBackend(),
        split: { mode, seed: inputs.split.seed, train: split.train.length, test: split.test.length, straddlingPatients: split.straddlingPatients },
        holdout: { grouping: mode === 'grouped' ? 'patients' : 'rows', straddlingPatients: result.holdoutStraddlingPatients ?? 0 },
        scaler,
        trained: lstm.exportLstm(model, encoding),
        training: { ...result, history: result.history.map(({ epoch, loss, valLoss, lr }) => ({ epoch, loss, valLoss, lr })) },
        evaluation: {
          test: evaluateSet(testPredictions, 'test'),
          validation: validationPredictions.length ? evaluateSet(validationPredictions, 'validation') : null,
        },
        validationScope,
        linear: { features: linear.features, coefficients: Array.from(linear.coefficients), intercept: linear.intercept, constant: linear.constant },
        testPredictions,
        validationPredictions,
        seeds: { n: params.seeds, runs: seedRuns, summary: seedSummary(seedRuns) },
        seedTestPredictions,
        seedValidationPredictions,
        courses,
        warnings,
      };
    } finally {
      first?.model.dispose();
    }
  },
  headline: (out, params) => {
    const block = (e: SetEvaluation) => ({
      n: e.n,
      patients: e.patients,
      ci_method: e.ciMethod,
      ...metricBlock(e.lstm),
      baseline_locf: metricBlock(e.baseline_locf),
      baseline_linear: metricBlock(e.baseline_linear),
      ci: e.ci,
    });
    return {
      lstm: {
        [out.subset]: {
          [lstmKey(out.model, out.staticFeatures)]: {
            test: block(out.evaluation.test),
            ...(out.evaluation.validation ? { validation: block(out.evaluation.validation) } : {}),
            epochs_run: out.training.epochsRun,
            best_epoch: out.training.bestEpoch,
            engine: params.lstm.engine,
            seeds: { n: out.seeds.n, ...out.seeds.summary, runs: out.seeds.runs },
            split: { mode: out.split.mode, straddling_patients: out.split.straddlingPatients, holdout: out.holdout.grouping, holdout_straddling_patients: out.holdout.straddlingPatients },
            validation_scope: out.validationScope,
          },
        },
      },
      warnings: { lstm: { [out.subset]: { [lstmKey(out.model, out.staticFeatures)]: out.warnings.map((w) => w.message) } } },
    };
  },
  artifacts: (out, params) => lstmArtifacts(out, params),
});

// Each metric's CI flagged when the percentile interval excludes its own estimate (lib/stats/ci-flag).
const flagged = <M extends { value: number; ci_low: number; ci_high: number }>(m: M) => ({ ...m, ci_excludes_estimate: ciExcludesEstimate(m.value, m.ci_low, m.ci_high) });
const metricBlock = (e: RegressionEvaluation) => ({ rmse: flagged(e.rmse), mse: flagged(e.mse), mae: flagged(e.mae), p_value: e.p_value });

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function lstmArtifacts(out: LstmRegressionOutput, params: LstmRegressionParams): Artifact[] {
  const prefix = `lstm_${out.subset}_${lstmKey(out.model, out.staticFeatures)}`;
  const methods = [
    ['lstm', 'LSTM'],
    ['baseline_locf', 'Last grade carried forward'],
    ['baseline_linear', 'Linear regression'],
  ] as const;
  const sets = [
    ['test', out.evaluation.test],
    ['validation', out.evaluation.validation],
  ] as const;
  const other = out.evaluation.test.ciMethod === 'samples' ? 'patients' : 'samples';
  const spread = (x: Spread | null) => (x ? `${fmt(x.mean)} ± ${fmt(x.sd)} (${fmt(x.min)}–${fmt(x.max)})` : '');
  const metricRows = sets.flatMap(([set, e]) =>
    e
      ? [
          ...methods.map(([key, label]) => {
            const m = e[key];
            const ci = (x: RegressionEvaluation['mae']) => `${fmt(x.value)} (${fmt(x.ci_low)} to ${fmt(x.ci_high)})`;
            const [lo, hi] = e.ci[other][key].mae;
            return { set: set === 'test' ? 'Test part' : 'Temporal validation', method: out.seeds.n > 1 && key === 'lstm' ? 'LSTM (seed 1)' : label, n: m.n, rmse: ci(m.rmse), mse: ci(m.mse), mae: ci(m.mae), [`mae_ci_${other}`]: `${fmt(lo)} to ${fmt(hi)}`, p_value: formatP(m.p_value) };
          }),
          ...(out.seeds.n > 1
            ? [{ set: set === 'test' ? 'Test part' : 'Temporal validation', method: `LSTM, ${out.seeds.n} seeds: mean ± SD (min–max)`, n: e.n, rmse: spread(out.seeds.summary[`${set}_rmse`]), mse: '', mae: spread(out.seeds.summary[`${set}_mae`]), [`mae_ci_${other}`]: '', p_value: '' }]
            : []),
        ]
      : [],
  );
  const predictionColumns = ['patient_id', 'window', 'present_day', 'day', 'actual', 'predicted', 'locf', 'linear'];
  const where = `LSTM regression (${out.subset === 'all' ? 'all subjects' : 'persistent palsy subset'}, ${out.model})`;
  return [
    tableArtifact(`${prefix}_metrics`, metricRows, ['set', 'method', 'n', 'rmse', 'mse', 'mae', `mae_ci_${other}`, 'p_value'], {
      caption: `LSTM regression (${out.subset === 'all' ? 'all subjects' : 'persistent palsy subset'}, ${out.model}: ${staticList(out.staticFeatures, out.derived)}${derivedNote(out.derived)}; ${out.split.train} training and ${out.split.test} test samples, seed ${out.split.seed}): errors in grades with bootstrap 95% CIs (${plural(params.bootstrapResamples, 'resample')}; ${out.evaluation.test.ciMethod === 'samples' ? 'rows' : 'patients'} resampled; mae_ci_${other}: ${other === 'samples' ? 'rows' : 'patients'} resampled), bias p: a paired t-test of actual against predicted grades, which tests systematic over- or under-prediction (a mean error different from 0), not the model's accuracy: a small p says the predictions are shifted, a large one does not say they are good; validation rows: ${out.validationScope}; split ${out.split.mode === 'grouped' ? 'by patient' : 'over samples'}, ${out.split.straddlingPatients} patients on both sides, early-stopping holdout over ${out.holdout.grouping}${ciExcludesEstimateSentence(sets.flatMap(([set, e]) => (e ? methods.flatMap(([key, label]) => (['rmse', 'mae'] as const).filter((k) => ciExcludesEstimate(e[key][k].value, e[key][k].ci_low, e[key][k].ci_high)).map((k) => `the ${k.toUpperCase()} of ${label} (${set === 'test' ? 'test part' : 'temporal validation'})`)) : [])))}`,
      headers: { set: 'Evaluation set', method: 'Method', n: 'n', rmse: 'RMSE (grades)', mse: 'MSE (grades²)', mae: 'MAE (grades)', [`mae_ci_${other}`]: `MAE 95% CI, ${other === 'samples' ? 'rows' : 'patients'} resampled`, p_value: 'Bias p (paired t)' },
    }),
    tableArtifact(`${prefix}_test_predictions`, out.testPredictions, predictionColumns, { caption: `${where}: every test-part prediction with both baselines, for re-analysis. ${FILE_IDS_NOTE}`, markdown: false, latex: false }),
    tableArtifact(`${prefix}_validation_predictions`, out.validationPredictions, predictionColumns, { caption: `${where}: every temporal-validation prediction with both baselines, for re-analysis. ${FILE_IDS_NOTE}`, markdown: false, latex: false }),
    tableArtifact(
      `${prefix}_courses`,
      out.courses.flatMap((c) => c.points.map((p) => ({ patient_id: c.patient_id, window: c.window, present_day: c.present_day, day: p.day, predicted: p.predicted }))),
      ['patient_id', 'window', 'present_day', 'day', 'predicted'],
      { caption: `${where}: the predicted recovery course of each temporal-validation patient's last window (the data of Fig. 6), for re-analysis. ${FILE_IDS_NOTE}`, markdown: false, latex: false },
    ),
    tableArtifact(`${prefix}_history`, out.training.history, ['epoch', 'loss', 'valLoss', 'lr'], { markdown: false, latex: false }),
  ];
}

/** Static features by their readers' labels (a derived feature's own label). */
export function staticList(features: readonly string[], derived: readonly DerivedFeatureDefinition[] | undefined): string {
  return features.length ? features.map((f) => featureLabelOf(f, derived)).join(', ') : 'no static feature';
}

/** The caption's sentence on where a derived feature's value comes from, or nothing. */
export function derivedNote(derived: readonly DerivedFeatureDefinition[] | undefined): string {
  if (!derived?.length) return '';
  const named = derived.map((d) => `${d.label} = ${d.expression}`).join('; ');
  return ` (derived: ${named}; each sequence takes the value of its window, computed from the visits up to the window's present visit, the sequence's last known visit)`;
}

/**
 * The definitions of the derived features among `staticFeatures`, in their order; an InputError
 * names a feature that is neither a built-in static feature nor defined by a derived-feature
 * step upstream, and lists what is available.
 */
export function selectedStaticDerived(staticFeatures: readonly string[], derived: readonly DerivedFeatureDefinition[] | undefined): DerivedFeatureDefinition[] {
  const defs = derived ?? [];
  const unknown = staticFeatures.filter((f) => !isBuiltInStatic(f) && !defs.some((d) => d.name === f));
  if (unknown.length) {
    const available = [...STATIC_FEATURES, ...defs.map((d) => d.name)];
    throw new InputError(
      `Unknown static feature${unknown.length === 1 ? '' : 's'} ${unknown.map((f) => `"${f}"`).join(', ')} for the LSTM: not a built-in static feature${defs.length ? ' nor a derived feature of the windows' : ', and the windows carry no derived feature (connect this step’s windows to a derived-feature step that defines it)'}. Available: ${available.join(', ')}.`,
    );
  }
  return staticFeatures.flatMap((f) => defs.filter((d) => d.name === f));
}

