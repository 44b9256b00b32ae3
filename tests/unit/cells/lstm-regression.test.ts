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
        // ci_excludes_estimate: the percentile CI does not contain the value (lib/stats/ci-flag).
        expect(Object.keys(m2[set]![metric] as object)).toEqual(['value', 'ci_low', 'ci_high', 'ci_excludes_estimate']);
        expect(Object.keys((m2[set]!['baseline_locf'] as Record<string, object>)[metric]!)).toEqual(['value', 'ci_low', 'ci_high', 'ci_excludes_estimate']);
        const b = m2[set]![metric] as { value: number; ci_low: number; ci_high: number; ci_excludes_estimate: boolean };
        expect(b.ci_excludes_estimate).toBe(b.value < b.ci_low || b.value > b.ci_high);
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

  it('uses the persistent subset with the paper’s overrides, validated on the validation patients meeting its criterion', async () => {
    const { output } = await runCell({ ...tiny, subset: 'persistent', lstm: { units: [4], maxEpochs: 1 } });
    const persistentRows = windows.regression.filter((s) => s.persistent === 1).length;
    expect(output.split.train + output.split.test).toBe(persistentRows);
    expect(output.params).toMatchObject({ batchSize: 64, earlyStoppingPatience: 80, plateauPatience: 30 });
    const persistentValidation = windows.validation.filter((s) => s.persistent === 1);
    expect(output.validationPredictions.map((p) => p.patient_id)).toEqual(persistentValidation.map((s) => s.patient_id));
    expect(output.validationPredictions.length).toBeLessThan(windows.validation.length);
    expect(output.validationScope).toMatch(new RegExp(`^the ${new Set(persistentValidation.map((s) => s.patient_id)).size} temporal-validation patients not recovered`));
    // No persistent validation patient: the validation block is absent and the label says so.
    const none = { ...windows, validation: windows.validation.map((s) => ({ ...s, persistent: 0 })) };
    const gen = lstmRegression.run({ windows: none, split }, lstmRegressionParamsSchema.parse({ ...tiny, subset: 'persistent', lstm: { units: [4], maxEpochs: 1 } }), { rng: createRng(9).fork('lstm'), seed: 9, signal: new AbortController().signal, env: {} });
    const out = await finish(gen);
    expect(out.evaluation.validation).toBeNull();
    expect(out.validationScope).toMatch(/^absent: no temporal-validation patient/);
  });

  it('trains several seeds: seed 1 is the single run, the others differ, mean and spread over seeds', async () => {
    const one = await runCell({ ...tiny, lstm: { ...tiny.lstm, maxEpochs: 2 } });
    const three = await runCell({ ...tiny, seeds: 3, lstm: { ...tiny.lstm, maxEpochs: 2 } });
    expect(three.output.evaluation).toEqual(one.output.evaluation);
    expect(three.output.seeds.runs.map((r) => r.seed)).toEqual([1, 2, 3]);
    const maes = three.output.seeds.runs.map((r) => r.test_mae);
    expect(new Set(maes).size).toBe(3);
    expect(maes[0]).toBeCloseTo(one.output.evaluation.test.lstm.mae.value, 12);
    const mean = maes.reduce((a, b) => a + b, 0) / 3;
    expect(three.output.seeds.summary.test_mae!.mean).toBeCloseTo(mean, 12);
    expect(three.output.seeds.summary.test_mae!.sd).toBeCloseTo(Math.sqrt(maes.reduce((a, b) => a + (b - mean) ** 2, 0) / 2), 12);
    expect(three.output.seedTestPredictions).toHaveLength(3);
    const headline = lstmRegression.headline!(three.output, three.params) as { lstm: { all: { M1: { seeds: { n: number; test_mae: { mean: number } } } } } };
    expect(headline.lstm.all.M1.seeds.n).toBe(3);
    const table = lstmRegression.artifacts!(three.output, three.params, { windows, split }).find((a) => a.name === 'lstm_all_M1_metrics')!;
    if (table.type !== 'table') throw new Error('expected a table');
    expect(table.csv).toContain('LSTM, 3 seeds: mean ± SD (min–max)');
  });

  it('gives patient-clustered CIs beside the row ones; ciMethod picks the heading one', async () => {
    const rows = await runCell({ ...tiny, lstm: { ...tiny.lstm, maxEpochs: 1 } });
    const patients = await runCell({ ...tiny, ciMethod: 'patients', lstm: { ...tiny.lstm, maxEpochs: 1 } });
    const t = rows.output.evaluation.test;
    expect(t.ci.samples.lstm.mae).toEqual([t.lstm.mae.ci_low, t.lstm.mae.ci_high]);
    expect(t.ci.patients.lstm.mae).not.toEqual(t.ci.samples.lstm.mae);
    const p = patients.output.evaluation.test;
    expect([p.lstm.mae.ci_low, p.lstm.mae.ci_high]).toEqual(t.ci.patients.lstm.mae);
    expect(p.lstm.mae.value).toBe(t.lstm.mae.value);
  });

  it('with a grouped split, holds out whole patients for early stopping; with the paper’s split it counts the patients on both sides', async () => {
    const grouped = await finish(lstmSplit.run({ windows }, lstmSplitParamsSchema.parse({ split: 'grouped' }), { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} }));
    const params = lstmRegressionParamsSchema.parse({ ...tiny, lstm: { ...tiny.lstm, maxEpochs: 1 } });
    const out = await finish(lstmRegression.run({ windows, split: grouped }, params, { rng: createRng(9).fork('lstm'), seed: 9, signal: new AbortController().signal, env: {} }));
    expect(out.split.straddlingPatients).toBe(0);
    expect(out.holdout).toEqual({ grouping: 'patients', straddlingPatients: 0 });
    expect(out.warnings).toEqual([]);
    const paper = await runCell({ ...tiny, lstm: { ...tiny.lstm, maxEpochs: 1 } });
    expect(paper.output.holdout.grouping).toBe('rows');
    expect(paper.output.holdout.straddlingPatients).toBeGreaterThan(0);
    expect(paper.output.warnings.map((w) => w.code)).toContain('straddling-patients');
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
