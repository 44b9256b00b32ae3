import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLstmModel, type LstmEngine, type LstmModel } from '@/lib/ml/lstm/model';
import { LSTM_PAPER_DEFAULTS, type LstmParams } from '@/lib/ml/lstm/params';
import { predictCourse, predictSequences } from '@/lib/ml/lstm/predict';
import { buildSequences, fitSequenceScaler, MODEL_FEATURES, type SequenceOptions } from '@/lib/ml/lstm/sequences';
import { trainLstm, validationSplit, type EpochLog, type TrainResult } from '@/lib/ml/lstm/train';
import { createRng } from '@/lib/stats/random';
import { syntheticWindows, useCpuBackend } from './fixtures';

const samples = syntheticWindows(40, 0, 11).regression;
const encoding: SequenceOptions = { layout: 'sequence+static', staticFeatures: MODEL_FEATURES.M1, scaler: fitSequenceScaler(samples) };
const data = buildSequences(samples, encoding);
const tiny: LstmParams = { ...LSTM_PAPER_DEFAULTS, units: [8, 4], batchSize: 16, maxEpochs: 4 };

function tinyModel(seed: number, engine: LstmEngine = 'layers'): LstmModel {
  return buildLstmModel({ steps: 4, channels: data.channels.length, units: tiny.units, dropout: tiny.dropout, engine }, createRng(seed).fork('model'));
}

async function train(model: LstmModel, seed: number, params: Partial<LstmParams> = {}, signal?: AbortSignal, onEpoch?: (log: EpochLog) => void): Promise<TrainResult> {
  const run = trainLstm(model, data, { params: { ...tiny, ...params }, rng: createRng(seed).fork('train'), signal });
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
    onEpoch?.(step.value);
  }
}

beforeAll(async () => {
  await useCpuBackend();
});

describe('lstm model and training (tfjs cpu)', () => {
  it('predicts one grade per sample and a course point per requested day', async () => {
    const model = tinyModel(1);
    try {
      expect(tf.tidy(() => model.apply(tf.zeros([3, 4, data.channels.length]), false).shape)).toEqual([3, 1]);
      const yHat = predictSequences(model, data);
      expect(yHat.length).toBe(data.n);
      expect(yHat.every(Number.isFinite)).toBe(true);
      const w = samples[0]!;
      const course = predictCourse(model, w, [w.present_day, 100, 300], encoding);
      expect(course.map((p) => p.day)).toEqual([w.present_day, 100, 300]);
      // The course at day d is the prediction for the same window with SAD4 = d − present day.
      const direct = predictSequences(model, buildSequences([{ ...w, SAD4: 100 - w.present_day }], encoding));
      expect(course[1]!.predicted).toBe(direct[0]);
    } finally {
      model.dispose();
    }
  });

  it('is deterministic: same seed and backend give bit-equal predictions and losses', async () => {
    const runOnce = async () => {
      const model = tinyModel(5);
      try {
        const result = await train(model, 5);
        return { losses: result.history.map((h) => [h.loss, h.valLoss]), yHat: Array.from(predictSequences(model, data)) };
      } finally {
        model.dispose();
      }
    };
    const a = await runOnce();
    const b = await runOnce();
    expect(b).toEqual(a);
    const other = tinyModel(6);
    const c = Array.from(predictSequences(other, data));
    other.dispose();
    expect(c).not.toEqual(a.yHat);
  });

  it.each(['layers', 'fused', 'wasm'] as const)('frees every tensor (%s engine): training then disposing the model leaves the tensor count unchanged', async (engine) => {
    const before = tf.memory().numTensors;
    const model = tinyModel(2, engine);
    await train(model, 2, { maxEpochs: 3 });
    predictSequences(model, data);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fused engine: same start, same dropout draws and the same losses as the layers reference (to float rounding)', async () => {
    const results = [];
    for (const engine of ['layers', 'fused'] as const) {
      const model = tinyModel(7, engine);
      try {
        const shapes = model.getWeights().map((w) => {
          const shape = w.shape;
          w.dispose();
          return shape;
        });
        expect(shapes).toEqual([[7, 32], [8, 32], [32], [8], [8], [8, 16], [4, 16], [16], [4], [4], [4, 1], [1], [8], [8], [4], [4]]);
        const initial = Array.from(predictSequences(model, data));
        const result = await train(model, 7, { maxEpochs: 3 });
        results.push({ initial, losses: result.history.flatMap((h) => [h.loss, h.valLoss]), final: Array.from(predictSequences(model, data)) });
      } finally {
        model.dispose();
      }
    }
    const [layers, fused] = results as [(typeof results)[0], (typeof results)[0]];
    layers.initial.forEach((v, i) => expect(fused.initial[i]).toBeCloseTo(v, 5));
    layers.losses.forEach((v, i) => expect(Math.abs(fused.losses[i]! - v) / v).toBeLessThan(1e-4));
    layers.final.forEach((v, i) => expect(fused.final[i]).toBeCloseTo(v, 3));
  });

  it('fused engine is deterministic too', async () => {
    const once = async () => {
      const model = tinyModel(8, 'fused');
      try {
        await train(model, 8, { maxEpochs: 2 });
        return Array.from(predictSequences(model, data));
      } finally {
        model.dispose();
      }
    };
    expect(await once()).toEqual(await once());
  });

  it('stops early with the best weights restored, and halves the rate on a plateau', async () => {
    const model = tinyModel(3);
    try {
      // A huge learning rate makes the validation loss bounce: the plateau and early stopping trigger fast.
      const result = await train(model, 3, { maxEpochs: 40, learningRate: 0.3, earlyStoppingPatience: 4, plateauPatience: 2, plateauMinDelta: 0 });
      const { history, bestEpoch, epochsRun } = result;
      expect(result.stoppedEarly).toBe(true);
      expect(epochsRun).toBe(bestEpoch + 4);
      expect(history[bestEpoch - 1]!.valLoss).toBe(Math.min(...history.map((h) => h.valLoss)));
      expect(history.some((h) => h.lr < 0.3)).toBe(true);
      // The model now holds the best epoch's weights: its validation loss is the best one.
      const split = validationSplit(data.n, tiny.validationFraction, tiny.validationMode, createRng(3).fork('train').fork('validation-split'));
      const yHat = predictSequences(model, data);
      const mse = split.holdout.reduce((s, i) => s + (yHat[i]! - data.y[i]!) ** 2, 0) / split.holdout.length;
      expect(mse).toBeCloseTo(result.bestValLoss, 5);
    } finally {
      model.dispose();
    }
  });

  it('cancels mid-training with a CancelledError and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const model = tinyModel(4);
    const controller = new AbortController();
    const epochs: number[] = [];
    const error = await train(model, 4, { maxEpochs: 50 }, controller.signal, (log) => {
      epochs.push(log.epoch);
      if (log.epoch === 2) controller.abort();
    }).catch((e: unknown) => e);
    model.dispose();
    expect((error as Error).name).toBe('CancelledError');
    expect(epochs).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('holds out Keras’s validation share: n − floor(0.9 n) rows', () => {
    const s = validationSplit(41, 0.1, 'last', createRng(1));
    expect(s.holdout).toEqual([36, 37, 38, 39, 40]);
    expect(s.fit.length).toBe(36);
    const r = validationSplit(41, 0.1, 'random', createRng(1));
    expect(r.holdout.length).toBe(5);
    expect(new Set([...r.fit, ...r.holdout]).size).toBe(41);
  });
});
