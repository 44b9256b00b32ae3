import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../stats/random';
import { batchNormInitialWeights, denseInitialWeights, lstmInitialWeights, type WeightArray } from './initial-weights';
import { instantiateLstmKernel, type LstmKernel } from './kernel/load-kernel';
import type { AdamSettings, LstmModel, LstmModelConfig } from './model-types';

/**
 * The paper's network on the WebAssembly kernel (`kernel/lstm_kernel.c`): every weight, gradient,
 * Adam moment and activation lives in the kernel's memory, and a training batch is one call
 * (forward, backward through time, BatchNorm and dropout, Adam). tfjs only carries tensors
 * across the `LstmModel` interface (`apply`, `getWeights`, `setWeights`); training and
 * prediction go through `trainer` on plain arrays.
 *
 * Same initial weights as the other engines (same RNG forks), and the same dropout masks: the
 * kernel runs lib/stats/random.ts's generator from each layer's `dropout-k` fork seed.
 *
 * @example
 *   const model = buildWasmLstmModel({ steps: 4, channels: 7, units: [64, 32, 16], dropout: 0.2 }, rng.fork('model'));
 *   model.trainer.resetOptimizer({ learningRate: 0.005, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
 *   const loss = model.trainer.trainBatch(x, y, 128, 0.005);
 */
export interface WasmLstmModel extends LstmModel {
  readonly engine: 'wasm';
  readonly trainer: NonNullable<LstmModel['trainer']>;
  /** The kernel itself, for tests (gradients on given dropout masks). */
  readonly kernel: LstmKernel;
  /** Forward and backward on `size` rows with the dropout masks in `masks` (one per layer, row-major), no update: loss and a copy of the gradient vector. */
  gradients(x: Float32Array, y: Float32Array, size: number, masks?: readonly Float32Array[]): { loss: number; grads: Float32Array };
}

/** Rows the kernel's activation buffers hold at first; they grow to the largest batch seen. */
const INITIAL_CAPACITY = 512;

export function buildWasmLstmModel(config: LstmModelConfig, rng: Rng): WasmLstmModel {
  const { steps, channels, units, dropout, batchNormMomentum = 0.99, batchNormEpsilon = 1e-3 } = config;
  if (units.length > 6) throw new Error(`wasm LSTM engine: at most 6 layers, got ${units.length}`);
  const k = instantiateLstmKernel();
  const u = [...units, 0, 0, 0, 0, 0, 0].slice(0, 6) as [number, number, number, number, number, number];
  const count = k.setup(units.length, steps, channels, ...u, INITIAL_CAPACITY);
  if (count < 0) throw new Error(`wasm LSTM engine: the kernel could not lay out ${units.join('-')} units (code ${count})`);
  const width = steps * channels;
  let adam: AdamSettings = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
  const configure = () => k.configure(1 - dropout, batchNormMomentum, batchNormEpsilon, adam.beta1, adam.beta2, adam.epsilon);
  configure();
  units.forEach((_, layer) => k.seed_dropout(layer, rng.fork(`dropout-${layer}`).seed));

  // Weight shapes in the layers model's order: trainable ones, then the moving statistics.
  const shapes: number[][] = [];
  let inputDim = channels;
  for (const n of units) {
    shapes.push([inputDim, 4 * n], [n, 4 * n], [4 * n], [n], [n]);
    inputDim = n;
  }
  shapes.push([inputDim, 1], [1]);
  const trainableCount = shapes.length;
  for (const n of units) shapes.push([n], [n]);
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const f32 = (ptr: number, n: number) => new Float32Array(k.memory.buffer, ptr, n);
  // Views are made per call: growing the kernel's memory detaches the old buffer.
  const weightViews = (): Float32Array[] => {
    const views: Float32Array[] = [];
    let p = k.params_ptr(), s = k.stats_ptr();
    sizes.forEach((n, i) => {
      if (i < trainableCount) {
        views.push(f32(p, n));
        p += 4 * n;
      } else {
        views.push(f32(s, n));
        s += 4 * n;
      }
    });
    return views;
  };

  const initRng = rng.fork('init');
  const initial: WeightArray[] = [];
  inputDim = channels;
  units.forEach((n, layer) => {
    initial.push(...lstmInitialWeights(inputDim, n, initRng.fork(`lstm-${layer}`)), ...batchNormInitialWeights(n).slice(0, 2));
    inputDim = n;
  });
  initial.push(...denseInitialWeights(inputDim, 1, initRng.fork('dense')));
  units.forEach((n) => initial.push(...batchNormInitialWeights(n).slice(2)));
  weightViews().forEach((v, i) => v.set(initial[i]!.values));

  const ensureCapacity = (rows: number) => {
    if (rows > k.capacity() && k.set_capacity(rows) < 0) throw new Error(`wasm LSTM engine: out of memory for a batch of ${rows} rows`);
  };
  const load = (x: Float32Array, y: Float32Array | null, size: number) => {
    ensureCapacity(size);
    f32(k.x_ptr(), size * width).set(x.subarray(0, size * width));
    if (y) f32(k.y_ptr(), size).set(y.subarray(0, size));
  };
  const predict = (x: Float32Array, n: number): Float32Array => {
    const out = new Float32Array(n);
    const chunk = Math.max(k.capacity(), 1);
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      load(x.subarray(start * width, (start + size) * width), null, size);
      k.infer(size);
      out.set(f32(k.out_ptr(), size), start);
    }
    return out;
  };
  const trainer = {
    resetOptimizer: (settings: AdamSettings) => {
      adam = settings;
      configure();
      k.reset_adam();
    },
    trainBatch: (x: Float32Array, y: Float32Array, size: number, lr: number) => {
      load(x, y, size);
      return k.train_step(size, lr);
    },
    predict,
  };

  return {
    engine: 'wasm',
    config: { ...config, units: [...units], engine: 'wasm' },
    kernel: k,
    trainer,
    trainableVariables: [],
    apply: (x, training) => {
      const [n] = x.shape as [number];
      const values = x.dataSync() as Float32Array;
      if (!training) return tf.tensor2d(predict(values, n), [n, 1]);
      // Training mode over the whole input at once (batch statistics of all its rows).
      load(values, null, n);
      k.forward_training(n);
      return tf.tensor2d(f32(k.out_ptr(), n).slice(), [n, 1]);
    },
    gradients: (x, y, size, masks) => {
      load(x, y, size);
      if (masks) masks.forEach((m, layer) => f32(k.mask_ptr(layer), m.length).set(m));
      const loss = k.forward_backward(size, masks ? 1 : 0);
      return { loss, grads: f32(k.grads_ptr(), k.param_count()).slice() };
    },
    getWeights: () => weightViews().map((v, i) => tf.tensor(v.slice(), shapes[i]!)),
    setWeights: (ws) => {
      if (ws.length !== shapes.length) throw new Error(`setWeights: ${ws.length} tensors for ${shapes.length} weights`);
      const views = weightViews();
      ws.forEach((w, i) => {
        if (w.size !== sizes[i]) throw new Error(`setWeights: weight ${i} has ${w.size} values, expected ${sizes[i]} (shape ${shapes[i]!.join('×')})`);
        views[i]!.set(w.dataSync());
      });
    },
    // The kernel's memory goes with the instance when the model is no longer referenced.
    dispose: () => {},
  };
}
