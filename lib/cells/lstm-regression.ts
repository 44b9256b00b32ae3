import { z } from 'zod';
import { fitLinearBaseline, locfBaseline } from '../ml/lstm/baselines';
import { lstmOverridesSchema, resolveLstmParams, type LstmParams } from '../ml/lstm/params';
import { evaluateRegression, type RegressionEvaluation } from '../ml/lstm/regression-evaluation';
import { buildSequences, fitSequenceScaler, MODEL_FEATURES, STATIC_FEATURES, type ModelName, type SequenceOptions, type SequenceScaler, type StaticFeature } from '../ml/lstm/sequences';
import type { EpochLog, TrainResult } from '../ml/lstm/train';
import type { TrainedLstm } from '../ml/lstm/trained-lstm';
import { defineCell, type Artifact } from '../notebook/define-cell';
import { CancelledError } from '../notebook/errors';
import { bootstrapIndices } from '../stats/bootstrap';
import { tableArtifact } from '../tables/table-artifact';
import { featureList } from '../features/dictionary';
import { plural } from '../report/phrases';
import { formatP } from '../tables/format';
import { lastWindows, type RegressionSample } from '../windows/windowing';
import type { LstmSplitOutput } from './lstm-split';
import type { WindowsOutput } from './windowing';

const lstmRegressionFields = z.object({
  /** All development subjects, or the persistent-FNP subset (the paper's batch/patience overrides apply). */
  subset: z.enum(['all', 'persistent']).default('all'),
  /** M1 = delayed Tx + diabetes, M2 = delayed Tx + hypertension, M3 = diabetes + hypertension; each with sex and age. */
  model: z.enum(['M1', 'M2', 'M3']).default('M1'),
  /**
   * Static features fed to the network: any subset of sex, age, delayed treatment, diabetes and
   * hypertension (the feature-set explorer). Absent: the model's own (M1–M3).
   */
  staticFeatures: z.array(z.enum(STATIC_FEATURES)).optional(),
  /** Percentile bootstrap resamples of each evaluation set (shared by the LSTM and both baselines). */
  bootstrapResamples: z.number().int().min(10).max(100_000).default(1000),
  /** Fig. 6: predict each validation patient's course from its present day to this day since onset. */
  courseEndDay: z.number().int().positive().default(300),
  courseStepDays: z.number().int().positive().default(1),
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
  staticFeatures: STATIC_FEATURES.filter((f) => (p.staticFeatures ?? MODEL_FEATURES[p.model]).includes(f)),
  lstm: resolveLstmParams(p.subset, p.lstm),
}));
export type LstmRegressionParams = z.output<typeof lstmRegressionParamsSchema>;

/** One evaluation set: the LSTM and both baselines on the same rows and bootstrap resamples. */
export interface SetEvaluation {
  n: number;
  lstm: RegressionEvaluation;
  baseline_locf: RegressionEvaluation;
  baseline_linear: RegressionEvaluation;
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
  staticFeatures: StaticFeature[];
  channels: string[];
  /** Resolved network/training settings (paper defaults, subset overrides, user overrides). */
  params: LstmParams;
  backend: string;
  split: { mode: 'samples' | 'grouped'; seed: number; train: number; test: number; straddlingPatients: number };
  scaler: SequenceScaler;
  /** The trained network (weights and input encoding): downstream cells predict with it, never retrain. */
  trained: TrainedLstm;
  training: Omit<TrainResult, 'history'> & { history: Omit<EpochLog, 'bestEpoch'>[] };
  evaluation: { test: SetEvaluation; validation: SetEvaluation | null };
  /** Which temporal-validation rows were evaluated (the validation set has no persistent flag). */
  validationScope: string;
  linear: { features: string[]; coefficients: number[]; intercept: number; constant: string[] };
  testPredictions: PredictionRow[];
  validationPredictions: PredictionRow[];
  courses: PredictedCourse[];
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
 * `lstm.<subset>.<model>.<test|validation>.<rmse|mse|mae>` = `{value, ci_low, ci_high}`,
 * `…<test|validation>.p_value`, `…<test|validation>.n`, the same under
 * `…<test|validation>.baseline_locf.*` and `…baseline_linear.*`, and
 * `lstm.<subset>.<model>.epochs_run` / `.best_epoch` / `.engine`. The validation block is absent when the
 * cohort has no temporal validation samples.
 */
export const lstmRegression = defineCell<{ windows: WindowsOutput; split: LstmSplitOutput }, LstmRegressionParams, LstmRegressionOutput>({
  kind: 'lstm-regression',
  // 3: the split became its own cell (lstm-split) and the parameters are fully resolved.
  version: 3,
  title: 'LSTM regression of the future grade',
  description: 'Trains the paper’s 3-layer LSTM on visit sequences to predict a later House–Brackmann grade, and compares it with carried-forward and linear baselines on the test part and the temporal validation set.',
  describe: (p) =>
    `Trains an LSTM (${p.lstm.units.join('-')} units, at most ${p.lstm.maxEpochs} epochs, batch ${p.lstm.batchSize}) on the training part of ${p.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'} (the split step’s) with ${featureList(p.staticFeatures)}, to predict a later House–Brackmann grade, and compares it with carried-forward and linear baselines (95% CIs from ${plural(p.bootstrapResamples, 'bootstrap resample')}).`,
  inputs: { windows: ['windowing'], split: ['lstm-split'] },
  params: lstmRegressionParamsSchema,
  featureSet: { param: 'staticFeatures', family: 'lstm' },
  evaluates: 'lstm',
  heavy: true,
  async *run(inputs, params, ctx) {
    const { rng, signal } = ctx;
    const all: Sample[] = inputs.windows.regression;
    const validation: Sample[] = inputs.windows.validation;
    const lstmParams = params.lstm;
    const staticFeatures = params.staticFeatures;
    const split = inputs.split[params.subset];
    const train = split.train.map((i) => all[i]!);
    const test = split.test.map((i) => all[i]!);
    const scaler = fitSequenceScaler(train, lstmParams.scaling);
    const encoding: SequenceOptions = { layout: lstmParams.layout, staticFeatures, scaler };
    const trainSeq = buildSequences(train, encoding);

    yield { fraction: 0.01, message: 'Loading TensorFlow.js' };
    const [tf, lstm] = await Promise.all([import('@tensorflow/tfjs'), import('../ml/lstm/index')]);
    await tf.ready();
    if (signal.aborted) throw new CancelledError();

    const model = lstm.buildLstmModel(
      { steps: trainSeq.steps, channels: trainSeq.channels.length, units: lstmParams.units, dropout: lstmParams.dropout, batchNormMomentum: lstmParams.batchNormMomentum, batchNormEpsilon: lstmParams.batchNormEpsilon, engine: lstmParams.engine },
      rng.fork('model'),
    );
    const training = lstm.trainLstm(model, trainSeq, { params: lstmParams, rng: rng.fork('train'), signal });
    try {
      let result: TrainResult;
      let lastReport = 0;
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
          fraction: 0.02 + TRAIN_SHARE * (log.epoch / lstmParams.maxEpochs),
          message: `Epoch ${log.epoch}: loss ${log.loss.toFixed(4)}, validation loss ${log.valLoss.toFixed(4)} (best epoch ${log.bestEpoch})`,
          metrics: { epoch: log.epoch, loss: log.loss, valLoss: log.valLoss, lr: log.lr },
        };
      }
      yield { fraction: 0.93, message: 'Evaluating' };

      const predict = (samples: readonly Sample[]) => Array.from(lstm.predictSamples(model, samples, encoding));
      const linear = fitLinearBaseline(train, staticFeatures);
      const predictionRows = (samples: readonly Sample[]): PredictionRow[] => {
        const yHat = predict(samples);
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
      const evaluateSet = (preds: PredictionRow[], label: string): SetEvaluation => {
        const idx = bootstrapIndices(preds.length, params.bootstrapResamples, rng.fork(`bootstrap-${label}`));
        const actual = preds.map((p) => p.actual);
        return {
          n: preds.length,
          lstm: evaluateRegression(actual, preds.map((p) => p.predicted), idx),
          baseline_locf: evaluateRegression(actual, preds.map((p) => p.locf), idx),
          baseline_linear: evaluateRegression(actual, preds.map((p) => p.linear), idx),
        };
      };
      const testPredictions = predictionRows(test);
      const validationPredictions = predictionRows(validation);

      const courses: PredictedCourse[] = [];
      for (const w of lastWindows(validation)) {
        if (signal.aborted) throw new CancelledError();
        const days: number[] = [];
        for (let d = w.present_day; d <= params.courseEndDay; d += params.courseStepDays) days.push(d);
        courses.push({
          patient_id: w.patient_id,
          window: w.window,
          present_day: w.present_day,
          points: lstm.predictCourse(model, w, days, encoding),
          actual: validation.filter((s) => s.patient_id === w.patient_id && s.window === w.window).map((s) => ({ day: s.present_day + s.SAD4, grade: s.SAG4 })),
          early: [
            { day: w.present_day + w.SAD1, grade: w.SAG1 },
            { day: w.present_day + w.SAD2, grade: w.SAG2 },
            { day: w.present_day + w.SAD3, grade: w.SAG3 },
          ],
        });
      }

      return {
        subset: params.subset,
        model: params.model,
        staticFeatures,
        channels: trainSeq.channels,
        params: lstmParams,
        backend: tf.getBackend(),
        split: { mode: inputs.split.mode, seed: inputs.split.seed, train: split.train.length, test: split.test.length, straddlingPatients: split.straddlingPatients },
        scaler,
        trained: lstm.exportLstm(model, encoding),
        training: { ...result, history: result.history.map(({ epoch, loss, valLoss, lr }) => ({ epoch, loss, valLoss, lr })) },
        evaluation: {
          test: evaluateSet(testPredictions, 'test'),
          validation: validationPredictions.length ? evaluateSet(validationPredictions, 'validation') : null,
        },
        validationScope: `all ${new Set(validation.map((s) => s.patient_id)).size} temporal-validation patients (the validation set is not split by persistence)`,
        linear: { features: linear.features, coefficients: Array.from(linear.coefficients), intercept: linear.intercept, constant: linear.constant },
        testPredictions,
        validationPredictions,
        courses,
      };
    } finally {
      // Frees the optimizer and snapshots when the run stops early (cancel, error).
      await training.return(undefined as unknown as TrainResult);
      model.dispose();
    }
  },
  headline: (out, params) => {
    const block = (e: SetEvaluation) => ({
      n: e.n,
      ...metricBlock(e.lstm),
      baseline_locf: metricBlock(e.baseline_locf),
      baseline_linear: metricBlock(e.baseline_linear),
    });
    return {
      lstm: {
        [out.subset]: {
          [out.model]: {
            test: block(out.evaluation.test),
            ...(out.evaluation.validation ? { validation: block(out.evaluation.validation) } : {}),
            epochs_run: out.training.epochsRun,
            best_epoch: out.training.bestEpoch,
            engine: params.lstm.engine,
          },
        },
      },
    };
  },
  artifacts: (out, params) => lstmArtifacts(out, params),
});

const metricBlock = (e: RegressionEvaluation) => ({ rmse: e.rmse, mse: e.mse, mae: e.mae, p_value: e.p_value });

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function lstmArtifacts(out: LstmRegressionOutput, params: LstmRegressionParams): Artifact[] {
  const prefix = `lstm_${out.subset}_${out.model}`;
  const methods = [
    ['lstm', 'LSTM'],
    ['baseline_locf', 'Last grade carried forward'],
    ['baseline_linear', 'Linear regression'],
  ] as const;
  const sets = [
    ['test', out.evaluation.test],
    ['validation', out.evaluation.validation],
  ] as const;
  const metricRows = sets.flatMap(([set, e]) =>
    e
      ? methods.map(([key, label]) => {
          const m = e[key];
          const ci = (x: RegressionEvaluation['mae']) => `${fmt(x.value)} (${fmt(x.ci_low)}–${fmt(x.ci_high)})`;
          return { set: set === 'test' ? 'Test part' : 'Temporal validation', method: label, n: m.n, rmse: ci(m.rmse), mse: ci(m.mse), mae: ci(m.mae), p_value: formatP(m.p_value) };
        })
      : [],
  );
  const predictionColumns = ['patient_id', 'window', 'present_day', 'day', 'actual', 'predicted', 'locf', 'linear'];
  return [
    tableArtifact(`${prefix}_metrics`, metricRows, ['set', 'method', 'n', 'rmse', 'mse', 'mae', 'p_value'], {
      caption: `LSTM regression (${out.subset === 'all' ? 'all subjects' : 'persistent palsy subset'}, ${out.model}: ${featureList(out.staticFeatures)}; ${out.split.train} training and ${out.split.test} test samples, split ${out.split.mode === 'samples' ? 'at random over samples' : 'by patient'}, seed ${out.split.seed}): errors in grades with bootstrap 95% CIs (${plural(params.bootstrapResamples, 'resample')}), paired t-test p-value (actual vs predicted)`,
      headers: { set: 'Evaluation set', method: 'Method', n: 'n', rmse: 'RMSE (grades)', mse: 'MSE (grades²)', mae: 'MAE (grades)', p_value: 'p' },
    }),
    tableArtifact(`${prefix}_test_predictions`, out.testPredictions, predictionColumns, { markdown: false, latex: false }),
    tableArtifact(`${prefix}_validation_predictions`, out.validationPredictions, predictionColumns, { markdown: false, latex: false }),
    tableArtifact(
      `${prefix}_courses`,
      out.courses.flatMap((c) => c.points.map((p) => ({ patient_id: c.patient_id, window: c.window, present_day: c.present_day, day: p.day, predicted: p.predicted }))),
      ['patient_id', 'window', 'present_day', 'day', 'predicted'],
      { markdown: false, latex: false },
    ),
    tableArtifact(`${prefix}_history`, out.training.history, ['epoch', 'loss', 'valLoss', 'lr'], { markdown: false, latex: false }),
  ];
}
