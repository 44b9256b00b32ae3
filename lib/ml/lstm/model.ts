import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../stats/random';
import { buildFusedLstmModel } from './fused-model';
import type { LayersLstmModel, LstmModel, LstmModelConfig } from './model-types';
import { buildWasmLstmModel } from './wasm-model';
import { batchNormInitialWeights, denseInitialWeights, lstmInitialWeights, type WeightArray } from './initial-weights';
import { SeededDropout } from './seeded-dropout';

/**
 * The paper's network (PIPELINE step 8): LSTM(u₁, sequences) → Dropout → BatchNorm → … →
 * LSTM(u_k, last state) → Dropout → BatchNorm → Dense(1). Gates as Keras/PyTorch (tanh,
 * `recurrentActivation: 'sigmoid'`; tfjs's default would be hardSigmoid), forget-gate bias 1
 * (Keras `unit_forget_bias`); initial weights and dropout masks from our RNG.
 *
 * Three engines with the same weights, the same RNG draws and the same math:
 * - `layers` (the reference): a tfjs layers model, tfjs's Adam;
 * - `fused` (`fused-model.ts`): hand-written LSTM and BatchNorm ops with their own
 *   gradients (`tf.customGrad`), an Adam step on all parameters at once; about a quarter of
 *   the tensor ops per batch;
 * - `wasm` (`wasm-model.ts`): the whole network, its backward pass and Adam in one WebAssembly
 *   SIMD kernel, a training batch per call.
 * Tests check that the engines agree (tests/unit/ml/lstm/).
 *
 * @example
 *   const model = buildLstmModel({ steps: 4, channels: 7, units: [64, 32, 16], dropout: 0.2 }, rng.fork('model'));
 *   // ... train, predict ...
 *   model.dispose();
 */
export type { LstmEngine, LstmModelConfig, LstmModel, LayersLstmModel, BatchTrainer } from './model-types';

export function buildLstmModel(config: LstmModelConfig, rng: Rng): LstmModel {
  if (config.units.length === 0) throw new Error('buildLstmModel: at least one LSTM layer');
  const engine = config.engine ?? 'layers';
  if (engine === 'wasm') return buildWasmLstmModel(config, rng);
  return engine === 'fused' ? buildFusedLstmModel(config, rng) : buildLayersLstmModel(config, rng);
}

export function buildLayersLstmModel(config: LstmModelConfig, rng: Rng): LayersLstmModel {
  const { steps, channels, units, dropout, batchNormMomentum = 0.99, batchNormEpsilon = 1e-3 } = config;
  const initRng = rng.fork('init');
  const net = tf.sequential();
  const weights: WeightArray[][] = [];
  let inputDim = channels;
  units.forEach((u, k) => {
    net.add(
      tf.layers.lstm({
        units: u,
        returnSequences: k < units.length - 1,
        activation: 'tanh',
        recurrentActivation: 'sigmoid',
        // Initial weights (forget-gate bias 1 included) are set below from our RNG; zeros keep
        // tfjs from running its own initializers (and its unitForgetBias initializer leaks tensors).
        kernelInitializer: 'zeros',
        recurrentInitializer: 'zeros',
        biasInitializer: 'zeros',
        ...(k === 0 ? { inputShape: [steps, channels] } : {}),
      }),
    );
    weights.push(lstmInitialWeights(inputDim, u, initRng.fork(`lstm-${k}`)));
    net.add(new SeededDropout({ rate: dropout, rng: rng.fork(`dropout-${k}`) }));
    weights.push([]);
    net.add(tf.layers.batchNormalization({ axis: -1, momentum: batchNormMomentum, epsilon: batchNormEpsilon }));
    weights.push(batchNormInitialWeights(u));
    inputDim = u;
  });
  net.add(tf.layers.dense({ units: 1, kernelInitializer: 'zeros' }));
  weights.push(denseInitialWeights(inputDim, 1, initRng.fork('dense')));
  tf.tidy(() => {
    net.layers.forEach((layer, i) => {
      const w = weights[i]!;
      if (w.length) layer.setWeights(w.map((a) => tf.tensor(a.values, a.shape)));
    });
  });
  return {
    engine: 'layers',
    net,
    config: { ...config, units: [...units], engine: 'layers' },
    apply: (x, training) => net.apply(x, { training }) as tf.Tensor,
    trainableVariables: net.trainableWeights.map((w) => w.read() as tf.Variable),
    getWeights: () => net.getWeights().map((w) => w.clone()),
    setWeights: (ws) => net.setWeights([...ws]),
    dispose: () => {
      net.dispose();
    },
  };
}
