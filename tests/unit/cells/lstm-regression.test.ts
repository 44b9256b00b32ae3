import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lstmRegression, lstmRegressionParamsSchema } from '@/lib/cells/lstm-regression';
import type { Progress } from '@/lib/notebook/define-cell';
import { lstmSplit, lstmSplitParamsSchema, type LstmSplitOutput } from '@/lib/cells/lstm-split';
import { createRng } from '@/lib/stats/random';
import { syntheticWindows, useCpuBackend } from '../ml/lstm/fixtures';

const windows = syntheticWindows(60, 8, 21);
let split: LstmSplitOutput;

async function finish<T>(gen: AsyncGenerator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

async function runCell(raw: unknown, signal = new AbortController().signal, onProgress?: (p: Progress) => void) {
  const params = lstmRegressionParamsSchema.parse(raw);
  const gen = lstmRegression.run({ windows, split }, params, { rng: createRng(9).fork('lstm'), seed: 9, signal, env: {} });
  const progress: Progress[] = [];
  for (;;) {
    const step = await gen.next();
    if (step.done) return { output: step.value, progress, params };
    progress.push(step.value);
    onProgress?.(step.value);
  }
}

beforeAll(async () => {
  await useCpuBackend();
  split = await finish(lstmSplit.run({ windows }, lstmSplitParamsSchema.parse({}), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} }));
});

describe('lstm-regression cell', () => {
  const tiny = { lstm: { units: [6, 4], maxEpochs: 3, batchSize: 32 }, bootstrapResamples: 50, courseStepDays: 30 };

  it('trains with per-epoch progress and returns plain data with metrics for the LSTM and both baselines', async () => {
    const { output, progress, params } = await runCell({ ...tiny, model: 'M2' });
    const epochs = progress.filter((p) => p.metrics?.epoch !== undefined);
    expect(epochs.map((p) => p.metrics!.epoch)).toEqual([1, 2, 3]);
    expect(Object.keys(epochs[0]!.metrics!)).toEqual(['epoch', 'loss', 'valLoss', 'lr']);
    expect(JSON.parse(JSON.stringify(output))).toEqual(JSON.parse(JSON.stringify(structuredClone(output))));
    expect(output.channels).toEqual(['SAD', 'SAG', 'known', 'sex', 'age', 'delayed_treatment', 'hypertension']);
    expect(output.params.units).toEqual([6, 4]);
    expect(output.params.batchSize).toBe(32);
    expect(output.testPredictions.length).toBe(output.split.test);
    expect(output.validationPredictions.length).toBe(windows.validation.length);
    expect(output.courses.length).toBe(new Set(windows.validation.map((s) => s.patient_id)).size);
    expect(output.courses[0]!.points[0]!.day).toBe(output.courses[0]!.present_day);

    const headline = lstmRegression.headline!(output, params) as { lstm: Record<string, Record<string, Record<string, unknown>>> };
    const m2 = headline.lstm['all']!['M2']! as Record<string, Record<string, unknown>>;
    for (const set of ['test', 'validation']) {
      for (const metric of ['rmse', 'mse', 'mae']) {
        expect(Object.keys(m2[set]![metric] as object)).toEqual(['value', 'ci_low', 'ci_high']);
        expect(Object.keys((m2[set]!['baseline_locf'] as Record<string, object>)[metric]!)).toEqual(['value', 'ci_low', 'ci_high']);
        expect((m2[set]!['baseline_linear'] as Record<string, object>)[metric]).toBeDefined();
      }
      expect(typeof m2[set]!['p_value']).toBe('number');
    }
    expect(m2['epochs_run']).toBe(3);
    expect(m2['best_epoch']).toBe(output.training.bestEpoch);
    const names = lstmRegression.artifacts!(output, params, { windows, split }).map((a) => a.name);
    expect(names).toContain('lstm_all_M2_metrics');
  });

  it('takes any set of static features (the explorer); the M3 set given as features repeats model M3 exactly', async () => {
    const asModel = await runCell({ ...tiny, model: 'M3', lstm: { ...tiny.lstm, maxEpochs: 2 } });
    const asFeatures = await runCell({ ...tiny, model: 'M1', staticFeatures: ['hypertension', 'sex', 'diabetes', 'age'], lstm: { ...tiny.lstm, maxEpochs: 2 } });
    expect(asFeatures.output.staticFeatures).toEqual(['sex', 'age', 'diabetes', 'hypertension']);
    expect(asFeatures.output.evaluation).toEqual(asModel.output.evaluation);
    const none = await runCell({ ...tiny, staticFeatures: [], lstm: { ...tiny.lstm, maxEpochs: 1 } });
    expect(none.output.channels).toEqual(['SAD', 'SAG', 'known']);
    expect(none.output.linear.features).not.toContain('sex');
  });

  it('uses the persistent subset with the paper’s overrides', async () => {
    const { output } = await runCell({ ...tiny, subset: 'persistent', lstm: { units: [4], maxEpochs: 1 } });
    const persistentRows = windows.regression.filter((s) => s.persistent === 1).length;
    expect(output.split.train + output.split.test).toBe(persistentRows);
    expect(output.params).toMatchObject({ batchSize: 64, earlyStoppingPatience: 80, plateauPatience: 30 });
  });

  it('reports cancellation as a CancelledError, before and during training, and frees its tensors', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(runCell(tiny, controller.signal)).rejects.toMatchObject({ name: 'CancelledError' });

    const before = tf.memory().numTensors;
    const during = new AbortController();
    const epochs: unknown[] = [];
    const run = runCell({ ...tiny, lstm: { ...tiny.lstm, maxEpochs: 50 } }, during.signal, (p) => {
      if (p.metrics?.epoch !== undefined) epochs.push(p.metrics.epoch);
      if (p.metrics?.epoch === 2) during.abort();
    });
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
    expect(epochs).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resolves every default in the schema: the model’s features and the whole LSTM block', () => {
    const m1 = lstmRegressionParamsSchema.parse({ model: 'M1' });
    expect(m1.staticFeatures).toEqual(['sex', 'age', 'delayed_treatment', 'diabetes']);
    expect(m1.lstm).toMatchObject({ units: [64, 32, 16], batchSize: 128, maxEpochs: 500, engine: expect.any(String) });
    // The M1 features given explicitly, in any order, are the same parameters as M1's default.
    expect(lstmRegressionParamsSchema.parse({ model: 'M1', staticFeatures: ['diabetes', 'sex', 'delayed_treatment', 'age'] })).toEqual(m1);
    expect(lstmRegressionParamsSchema.parse({ subset: 'persistent' }).lstm).toMatchObject({ batchSize: 64, earlyStoppingPatience: 80 });
  });
});

describe('lstm-split cell', () => {
  it('splits both subsets once, as indices into the regression samples', () => {
    const persistent = windows.regression.flatMap((s, i) => (s.persistent === 1 ? [i] : []));
    expect([...split.persistent.train, ...split.persistent.test].sort((a, b) => a - b)).toEqual(persistent);
    expect(split.all.train.length + split.all.test.length).toBe(windows.regression.length);
  });

  it('exports windows_regression.csv with the split it drew, whatever its seed', async () => {
    const other = await finish(lstmSplit.run({ windows }, lstmSplitParamsSchema.parse({ splitSeed: 7, testFraction: 0.3 }), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} }));
    const table = lstmSplit.artifacts!(other, lstmSplitParamsSchema.parse({ splitSeed: 7 }), { windows })[0]!;
    if (table.type !== 'table') throw new Error('expected a table');
    const lines = table.csv.trim().split('\n');
    const header = lines[0]!.split(',');
    const col = header.indexOf('split');
    const sides = lines.slice(1, 1 + windows.regression.length).map((l) => l.split(',')[col]);
    const expected = windows.regression.map((_, i) => (other.all.test.includes(i) ? 'test' : 'train'));
    expect(sides).toEqual(expected);
    expect(other.all.test).not.toEqual(split.all.test);
  });

  it('refuses a subset too small to split', async () => {
    const few = { ...windows, regression: windows.regression.slice(0, 5) };
    const gen = lstmSplit.run({ windows: few }, lstmSplitParamsSchema.parse({}), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} });
    await expect(gen.next()).rejects.toMatchObject({ name: 'InputError' });
  });
});
