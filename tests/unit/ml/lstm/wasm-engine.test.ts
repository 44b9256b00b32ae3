import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LSTM_KERNEL_BYTES, LSTM_KERNEL_SOURCE_SHA256 } from '@/lib/ml/lstm/kernel/lstm-kernel-wasm';
import { decodeBase64, lstmKernelBytes } from '@/lib/ml/lstm/kernel/load-kernel';
import { buildLstmModel, type LstmEngine, type LstmModel } from '@/lib/ml/lstm/model';
import { LSTM_PAPER_DEFAULTS, type LstmParams } from '@/lib/ml/lstm/params';
import { predictSequences } from '@/lib/ml/lstm/predict';
import { buildSequences, fitSequenceScaler, MODEL_FEATURES } from '@/lib/ml/lstm/sequences';
import { trainLstm, type TrainResult } from '@/lib/ml/lstm/train';
import type { WasmLstmModel } from '@/lib/ml/lstm/wasm-model';
import { createRng } from '@/lib/stats/random';
import { syntheticWindows, useCpuBackend } from './fixtures';

interface GradientFixture {
  batch: number;
  steps: number;
  channels: number;
  units: number[];
  dropout: number;
  x: number[];
  y: number[];
  masks: number[][];
  weights: number[][];
  movingStats: number[][];
  loss: number;
  grads: number[][];
  inference: number[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/reference/lstm_gradients.json', import.meta.url), 'utf8')) as GradientFixture;

const samples = syntheticWindows(60, 0, 13).regression;
const data = buildSequences(samples, { layout: 'sequence+static', staticFeatures: MODEL_FEATURES.M1, scaler: fitSequenceScaler(samples) });
const tiny: LstmParams = { ...LSTM_PAPER_DEFAULTS, units: [8, 6, 4], batchSize: 16, maxEpochs: 3 };

const build = (engine: LstmEngine, seed: number, units = tiny.units, channels = data.channels.length) =>
  buildLstmModel({ steps: 4, channels, units, dropout: tiny.dropout, engine }, createRng(seed).fork('model'));

async function train(model: LstmModel, seed: number, params: Partial<LstmParams> = {}): Promise<TrainResult> {
  const run = trainLstm(model, data, { params: { ...tiny, ...params }, rng: createRng(seed).fork('train') });
  for (;;) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}

/** |a − b| ≤ abs + rel·|b| for every element; returns the worst excess ratio (≤ 1 passes). */
function worst(a: ArrayLike<number>, b: ArrayLike<number>, abs: number, rel: number): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / (abs + rel * Math.abs(b[i]!)));
  return w;
}

beforeAll(async () => {
  await useCpuBackend();
});

describe('lstm wasm kernel', () => {
  it('is the build of the committed C source (rebuild with node scripts/build-lstm-kernel.mjs after editing it)', () => {
    const source = readFileSync(new URL('../../../../lib/ml/lstm/kernel/lstm_kernel.c', import.meta.url));
    expect(createHash('sha256').update(source).digest('hex')).toBe(LSTM_KERNEL_SOURCE_SHA256);
    const bytes = lstmKernelBytes();
    expect(bytes.length).toBe(LSTM_KERNEL_BYTES);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });

  it('decodes base64 like Node does', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', '\u00ff\u0000\u0080 binary']) {
      const b64 = Buffer.from(text, 'latin1').toString('base64');
      expect(Array.from(decodeBase64(b64))).toEqual(Array.from(Buffer.from(text, 'latin1')));
    }
  });
});

describe('lstm wasm engine', () => {
  it('matches the float64 PyTorch twin: loss, every gradient and inference outputs (scripts/reference/torch_lstm_float64.py)', () => {
    const model = buildLstmModel(
      { steps: fixture.steps, channels: fixture.channels, units: fixture.units, dropout: fixture.dropout, engine: 'wasm' },
      createRng(1).fork('model'),
    ) as WasmLstmModel;
    const shapes = model.getWeights().map((w) => {
      const s = w.shape;
      w.dispose();
      return s;
    });
    const all = [...fixture.weights, ...fixture.movingStats];
    model.setWeights(all.map((w, i) => tf.tensor(w, shapes[i]!)));
    const x = Float32Array.from(fixture.x);
    const y = Float32Array.from(fixture.y);
    const { loss, grads } = model.gradients(x, y, fixture.batch, fixture.masks.map((m) => Float32Array.from(m)));
    // Tolerance: float32 arithmetic against float64, 3 layers × 4 steps of recurrence: every
    // gradient within 1e-6 of the largest one plus 1e-5 of its own size (measured: a tenth of that).
    expect(Math.abs(loss - fixture.loss) / fixture.loss).toBeLessThan(1e-6);
    const scale = Math.max(...fixture.grads.flat().map(Math.abs));
    expect(worst(grads, fixture.grads.flat(), 1e-6 * scale, 1e-5)).toBeLessThanOrEqual(1);
    // Inference uses the moving statistics the fixture set (the gradient call above updated
    // them, so set them again).
    model.setWeights(all.map((w, i) => tf.tensor(w, shapes[i]!)));
    expect(worst(model.trainer.predict(x, fixture.batch), fixture.inference, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
  });

  it('has the gradients of the layers model, same seeds and so the same dropout masks (tfjs variableGrads)', () => {
    const x = data.x.subarray(0, 40 * 4 * data.channels.length);
    const yv = data.y.subarray(0, 40);
    const layers = build('layers', 3);
    const wasm = build('wasm', 3) as WasmLstmModel;
    try {
      const ref = tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => tf.mean(tf.squaredDifference(layers.apply(tf.tensor3d(x, [40, 4, data.channels.length]), true), tf.tensor2d(yv, [40, 1]))) as tf.Scalar,
          layers.trainableVariables,
        );
        return tf.concat(layers.trainableVariables.map((v) => tf.reshape(grads[v.name]!, [-1]))).dataSync();
      });
      const { grads } = wasm.gradients(x, yv, 40);
      const scale = Math.max(...Array.from(ref, Math.abs));
      expect(worst(grads, ref, 1e-5 * scale, 1e-4)).toBeLessThanOrEqual(1);
    } finally {
      layers.dispose();
      wasm.dispose();
    }
  });

  it('trains like the layers engine: same initial predictions, losses of 5 epochs and final predictions (to float rounding)', async () => {
    const results = [];
    for (const engine of ['layers', 'wasm'] as const) {
      const model = build(engine, 7);
      try {
        const initial = Array.from(predictSequences(model, data));
        const result = await train(model, 7, { maxEpochs: 5 });
        results.push({ initial, losses: result.history.flatMap((h) => [h.loss, h.valLoss]), final: Array.from(predictSequences(model, data)) });
      } finally {
        model.dispose();
      }
    }
    const [layers, wasm] = results as [(typeof results)[0], (typeof results)[0]];
    expect(worst(wasm.initial, layers.initial, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
    expect(worst(wasm.losses, layers.losses, 0, 1e-4)).toBeLessThanOrEqual(1);
    expect(worst(wasm.final, layers.final, 1e-3, 1e-3)).toBeLessThanOrEqual(1);
  });

  it('is deterministic: same seed, bit-equal losses and predictions; another seed differs', async () => {
    const once = async (seed: number) => {
      const model = build('wasm', seed);
      const result = await train(model, seed, { maxEpochs: 2 });
      return { losses: result.history.map((h) => [h.loss, h.valLoss]), yHat: Array.from(predictSequences(model, data)) };
    };
    const a = await once(8);
    expect(await once(8)).toEqual(a);
    expect((await once(9)).yHat).not.toEqual(a.yHat);
  });

  it('takes batches and predictions larger than its first buffers (the paper network, 700 rows)', () => {
    const n = 700;
    const rng = createRng(4);
    const x = Float32Array.from({ length: n * 4 * 7 }, () => rng.normal());
    const y = Float32Array.from({ length: n }, () => 1 + rng.int(6));
    const wasm = build('wasm', 5, [64, 32, 16], 7) as WasmLstmModel;
    const layers = build('layers', 5, [64, 32, 16], 7);
    try {
      const ref = tf.tidy(() => layers.apply(tf.tensor3d(x, [n, 4, 7]), false).dataSync());
      expect(worst(wasm.trainer.predict(x, n), ref, 1e-5, 1e-5)).toBeLessThanOrEqual(1);
      wasm.trainer.resetOptimizer({ learningRate: 0.005, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      const loss = wasm.trainer.trainBatch(x, y, n, 0.005);
      expect(Number.isFinite(loss)).toBe(true);
      expect(wasm.kernel.capacity()).toBeGreaterThanOrEqual(n);
    } finally {
      wasm.dispose();
      layers.dispose();
    }
  });

  it('rejects weights of the wrong size with the weight named', () => {
    const model = build('wasm', 1);
    const ws = model.getWeights();
    ws[0]!.dispose();
    ws[0] = tf.zeros([3, 3]);
    expect(() => model.setWeights(ws)).toThrow(/weight 0 has 9 values, expected/);
    ws.forEach((w) => w.dispose());
  });
});
