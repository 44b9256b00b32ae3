import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../stats/random';
import { batchNormInitialWeights, denseInitialWeights, lstmInitialWeights, type WeightArray } from './initial-weights';
import type { LstmModel, LstmModelConfig } from './model-types';

/**
 * The same network as the layers model with far fewer tensor ops per batch (564 kernels per
 * training batch of the paper's network instead of 1,744; an epoch is dominated by the count of
 * small ops and, on tfjs-wasm, by matmuls with transpose flags, which run on a scalar loop):
 *
 * - each LSTM layer is one `tf.customGrad` op of (x, W, b, U): one input projection for all
 *   time steps, the recurrence untaped, and a hand-written back-propagation through time with
 *   everything that does not depend on the step order vectorized over the steps (7 ops per
 *   step) and only flag-free matmuls (explicit transposes);
 * - BatchNorm in training mode is one `tf.customGrad` op with the closed-form gradient;
 * - the optimizer (`flatAdam`) updates all parameters in one vector.
 *
 * Slower than the layers engine on tfjs's pure-JS `cpu` backend, whose non-contiguous slices
 * (per-step unstack, gate split) are slow; use it on wasm/webgl.
 *
 * Weight order (`getWeights`) is that of the layers model: trainable weights layer by layer
 * (LSTM kernel, recurrent kernel, bias; BN gamma, beta; Dense kernel, bias), then the BN moving
 * means and variances. Initial weights and dropout masks come from the same RNG forks.
 */
interface LstmLayerVars {
  kernel: tf.Variable;
  recurrent: tf.Variable;
  bias: tf.Variable;
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
  dropoutRng: Rng;
}

type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

// tidy: the initial-value tensor is freed, the variable (never tracked by tidy) stays.
const variable = (w: WeightArray, trainable = true) => tf.tidy(() => tf.variable(tf.tensor(w.values, w.shape), trainable));

export function buildFusedLstmModel(config: LstmModelConfig, rng: Rng): LstmModel {
  const { channels, units, dropout, batchNormMomentum = 0.99, batchNormEpsilon = 1e-3 } = config;
  const initRng = rng.fork('init');
  let inputDim = channels;
  const layers: LstmLayerVars[] = units.map((u, k) => {
    const [kernel, recurrent, bias] = lstmInitialWeights(inputDim, u, initRng.fork(`lstm-${k}`)).map((w) => variable(w));
    const [gamma, beta, movingMean, movingVariance] = batchNormInitialWeights(u).map((w, j) => variable(w, j < 2));
    inputDim = u;
    return { kernel: kernel!, recurrent: recurrent!, bias: bias!, gamma: gamma!, beta: beta!, movingMean: movingMean!, movingVariance: movingVariance!, dropoutRng: rng.fork(`dropout-${k}`) };
  });
  const [denseKernel, denseBias] = denseInitialWeights(inputDim, 1, initRng.fork('dense')).map((w) => variable(w)) as [tf.Variable, tf.Variable];
  const trainableVariables = [...layers.flatMap((l) => [l.kernel, l.recurrent, l.bias, l.gamma, l.beta]), denseKernel, denseBias];
  const all = [...trainableVariables, ...layers.flatMap((l) => [l.movingMean, l.movingVariance])];
  const layerOps = [lstmLayerOp(true), lstmLayerOp(false)] as const;

  const apply = (x: tf.Tensor, training: boolean): tf.Tensor =>
    tf.tidy(() => {
      let h = x;
      layers.forEach((l, k) => {
        const isLast = k === layers.length - 1;
        h = training ? layerOps[isLast ? 1 : 0](h, l.kernel, l.bias, l.recurrent) : lstmForward(project(h, l.kernel, l.bias), l.recurrent, !isLast).value;
        if (training && dropout > 0) h = tf.mul(h, dropoutMask(h.shape, dropout, l.dropoutRng));
        h = training
          ? batchNormTraining(h, l.gamma, l.beta, batchNormEpsilon, (mean, variance) => {
              // Keras/tfjs moving averages: m ← m − (m − batch) × (1 − momentum).
              l.movingMean.assign(tf.sub(l.movingMean, tf.mul(tf.sub(l.movingMean, mean), 1 - batchNormMomentum)));
              l.movingVariance.assign(tf.sub(l.movingVariance, tf.mul(tf.sub(l.movingVariance, variance), 1 - batchNormMomentum)));
            })
          : tf.batchNorm(h, l.movingMean, l.movingVariance, l.beta, l.gamma, batchNormEpsilon);
      });
      return tf.fused.matMul({ a: h as tf.Tensor2D, b: denseKernel, bias: denseBias });
    });

  return {
    engine: 'fused',
    config: { ...config, units: [...units], engine: 'fused' },
    apply,
    trainableVariables,
    getWeights: () => all.map((v) => v.clone()),
    setWeights: (ws) => {
      if (ws.length !== all.length) throw new Error(`setWeights: ${ws.length} tensors for ${all.length} weights`);
      all.forEach((v, i) => v.assign(ws[i]!));
    },
    dispose: () => all.forEach((v) => v.dispose()),
  };
}

/** Keras dropout mask: keep with probability 1 − rate, kept values scaled by 1 / (1 − rate). */
function dropoutMask(shape: number[], rate: number, rng: Rng): tf.Tensor {
  const keep = 1 - rate;
  const mask = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < keep ? 1 / keep : 0;
  return tf.tensor(mask, shape);
}

interface LstmForward {
  value: tf.Tensor;
  /** Gate activations [B, T, 4, u] (i, f, g, o). */
  gates: tf.Tensor;
  /** Cell states [B, T, u]. */
  cells: tf.Tensor;
  /** Hidden states [B, T, u]. */
  hidden: tf.Tensor;
}

/** The recurrence on projected inputs xp [B, T, 4u] (bias included) with recurrent kernel U [u, 4u]. */
function lstmForward(xp: tf.Tensor, U: tf.Tensor, returnSequences: boolean): LstmForward {
  const [b, steps, four] = xp.shape as [number, number, number];
  const u = four / 4;
  const xs = tf.unstack(xp, 1);
  let h: tf.Tensor | null = null;
  let c: tf.Tensor | null = null;
  const hs: tf.Tensor[] = [];
  const gates: tf.Tensor[] = [];
  const cs: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const z: tf.Tensor = h ? tf.add(xs[t]!, tf.matMul(h, U)) : xs[t]!;
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const i = tf.sigmoid(zi), f = tf.sigmoid(zf), g = tf.tanh(zg), o = tf.sigmoid(zo);
    c = c ? tf.add(tf.mul(f, c), tf.mul(i, g)) : tf.mul(i, g);
    h = tf.mul(o, tf.tanh(c));
    hs.push(h);
    gates.push(i, f, g, o);
    cs.push(c);
  }
  const hidden = tf.stack(hs, 1);
  return {
    value: returnSequences ? hidden : h!,
    gates: tf.reshape(tf.concat(gates, 1), [b, steps, 4, u]),
    cells: tf.reshape(tf.concat(cs, 1), [b, steps, u]),
    hidden,
  };
}

/** x [B, T, C] · W [C, 4u] + b for every step at once: [B, T, 4u]. */
function project(x: tf.Tensor, W: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const [b, t, c] = x.shape as [number, number, number];
  return tf.reshape(tf.fused.matMul({ a: tf.reshape(x, [b * t, c]), b: W, bias }), [b, t, -1]);
}

/**
 * A whole LSTM layer as one differentiable op of (x, W, b, U). Every matmul of the backward
 * pass takes explicitly transposed operands: tfjs-wasm runs a matmul with a transpose flag on a
 * slow scalar loop (about 10× slower), and only flag-free ones on XNNPACK.
 */
function lstmLayerOp(returnSequences: boolean): (x: tf.Tensor, W: tf.Tensor, bias: tf.Tensor, U: tf.Tensor) => tf.Tensor {
  return tf.customGrad(((x: tf.Tensor, W: tf.Tensor, bias: tf.Tensor, U: tf.Tensor, save: tf.GradSaveFunc) => {
    const fwd = lstmForward(project(x, W, bias), U, returnSequences);
    save([x, W, U, fwd.gates, fwd.cells, fwd.hidden]);
    return {
      value: fwd.value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => lstmBackward(dy, saved, returnSequences),
    };
  }) as unknown as CustomGradientFunc) as unknown as (x: tf.Tensor, W: tf.Tensor, bias: tf.Tensor, U: tf.Tensor) => tf.Tensor;
}

/**
 * Back-propagation through time. With A the gate activations and D = (1 − A)(A + m) their
 * derivatives (m = 1 on the tanh gate: 1 − g², else s(1 − s)), the gradient of step t's
 * pre-activation is dz_t = [dc, dc, dc, dh] ⊙ [g, c_{t−1}, i, tanh c] ⊙ D_t, where
 * dh = dy_t + dz_{t+1}·Uᵀ and dc = dh ⊙ o ⊙ (1 − tanh² c) + dc_{t+1} ⊙ f_{t+1}. Then
 * dx = dZ·Wᵀ, dW = xᵀ·dZ, db = Σ dZ, dU = Σ_t h_{t−1}ᵀ·dz_t.
 */
function lstmBackward(dy: tf.Tensor, saved: tf.Tensor[], returnSequences: boolean): tf.Tensor[] {
  const [x, W, U, A, C, H] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const [b, steps, , u] = A.shape as [number, number, number, number];
  const channels = x.shape[2]!;
  const [I, F, G, O] = tf.unstack(A, 2) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const TC = tf.tanh(C);
  const dcFromDh = tf.unstack(tf.mul(O, tf.sub(1, tf.square(TC))), 1);
  const previousC = steps > 1 ? tf.concat([tf.zeros([b, 1, u]), tf.slice(C, [0, 0, 0], [b, steps - 1, u])], 1) : tf.zeros([b, 1, u]);
  const isTanhGate = tf.tensor([0, 0, 1, 0], [1, 1, 4, 1]);
  const D = tf.mul(tf.sub(1, A), tf.add(A, isTanhGate));
  const M = tf.stack([G, previousC, I, TC], 2);
  const MD = tf.unstack(tf.reshape(tf.mul(M, D), [b, steps, 4 * u]), 1);
  const forget = tf.unstack(F, 1);
  const dys = returnSequences ? tf.unstack(dy, 1) : null;
  const UT = tf.transpose(U);
  const dz: tf.Tensor[] = new Array(steps);
  let dhNext: tf.Tensor | null = null;
  let dcNext: tf.Tensor | null = null;
  for (let t = steps - 1; t >= 0; t--) {
    const dyT = dys ? dys[t]! : t === steps - 1 ? dy : null;
    const dh: tf.Tensor = dyT && dhNext ? tf.add(dyT, dhNext) : (dyT ?? dhNext)!;
    const dcLocal = tf.mul(dh, dcFromDh[t]!);
    const dc: tf.Tensor = dcNext ? tf.add(dcLocal, dcNext) : dcLocal;
    dz[t] = tf.mul(tf.concat([dc, dc, dc, dh], 1), MD[t]!);
    if (t > 0) {
      dcNext = tf.mul(dc, forget[t]!);
      dhNext = tf.matMul(dz[t]!, UT);
    }
  }
  const dZ = tf.reshape(tf.stack(dz, 1), [b * steps, 4 * u]);
  const x2 = tf.reshape(x, [b * steps, channels]);
  const dx = tf.reshape(tf.matMul(dZ, tf.transpose(W)), [b, steps, channels]);
  const dW = tf.matMul(tf.transpose(x2), dZ);
  const dBias = tf.sum(dZ, 0);
  const dU =
    steps > 1
      ? tf.matMul(
          tf.transpose(tf.reshape(tf.slice(H, [0, 0, 0], [b, steps - 1, u]), [-1, u])),
          tf.reshape(tf.slice(tf.reshape(dZ, [b, steps, 4 * u]), [0, 1, 0], [b, steps - 1, 4 * u]), [-1, 4 * u]),
        )
      : tf.zerosLike(U);
  return [dx, dW, dBias, dU];
}

/**
 * Training-mode BatchNorm over the last axis (batch statistics, biased variance as Keras/tfjs),
 * one op of (x, gamma, beta) with the closed-form gradient
 * dx = γ·rstd·(dy − mean(dy) − x̂·mean(dy·x̂)).
 */
function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number, onStats: (mean: tf.Tensor, variance: tf.Tensor) => void): tf.Tensor {
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, bt: tf.Tensor, save: tf.GradSaveFunc) => {
    const axes = xIn.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(xIn, axes);
    onStats(mean, variance);
    const rstd = tf.rsqrt(tf.add(variance, epsilon));
    const xhat = tf.mul(tf.sub(xIn, mean), rstd);
    save([xhat, tf.mul(g, rstd)]);
    return {
      value: tf.add(tf.mul(xhat, g), bt),
      gradFunc: (dy: tf.Tensor, [xh, scale]: tf.Tensor[]) => {
        const n = xh!.size / xh!.shape[xh!.shape.length - 1]!;
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, xh!), axes);
        const dx = tf.mul(scale!, tf.sub(tf.sub(dy, tf.div(dBeta, n)), tf.mul(xh!, tf.div(dGamma, n))));
        return [dx, dGamma, dBeta];
      },
    };
  }) as unknown as CustomGradientFunc) as unknown as (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor;
  return op(x, gamma, beta);
}
