import * as tf from '@tensorflow/tfjs';
import type { AdamSettings } from './model-types';

/**
 * Adam for the training loop, in two implementations of the same update (the one tfjs and
 * PyTorch use: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), w ← w − lr · m̂ / (√v̂ + ε)):
 *
 * - `tfjsAdam`: tf.train.adam, a dozen ops per variable (the reference);
 * - `flatAdam`: the gradients of all variables concatenated into one vector, one update on it,
 *   split back: a fixed handful of ops whatever the number of variables.
 *
 * @example
 *   const opt = flatAdam(model.trainableVariables, { learningRate: 0.005, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
 *   const loss = opt.step(() => lossOf(batch));
 *   opt.dispose();
 */
export type { AdamSettings } from './model-types';

export interface StepOptimizer {
  /** One gradient step on the loss; returns the loss value. */
  step(loss: () => tf.Scalar): number;
  setLearningRate(lr: number): void;
  dispose(): void;
}

export function tfjsAdam(variables: tf.Variable[], s: AdamSettings): StepOptimizer {
  const optimizer = tf.train.adam(s.learningRate, s.beta1, s.beta2, s.epsilon);
  return {
    step: (loss) => tf.tidy(() => optimizer.minimize(loss, true, variables)!.dataSync()[0]!),
    setLearningRate: (lr) => {
      // tfjs reads this field on every update.
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
    },
    dispose: () => optimizer.dispose(),
  };
}

export function flatAdam(variables: tf.Variable[], s: AdamSettings): StepOptimizer {
  const sizes = variables.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  const m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  const v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  let lr = s.learningRate;
  let t = 0;
  return {
    step: (loss) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss, variables);
        const g = tf.concat(variables.map((x) => tf.reshape(grads[x.name]!, [-1])));
        t += 1;
        const mNew = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1));
        const vNew = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
        m.assign(mNew);
        v.assign(vNew);
        const bc1 = 1 - s.beta1 ** t;
        const bc2 = 1 - s.beta2 ** t;
        const update = tf.div(tf.mul(mNew, lr / bc1), tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(bc2)), s.epsilon));
        tf.split(update, sizes).forEach((u, i) => {
          const x = variables[i]!;
          x.assign(tf.sub(x, tf.reshape(u, x.shape)));
        });
        return value.dataSync()[0]!;
      }),
    setLearningRate: (next) => {
      lr = next;
    },
    dispose: () => {
      m.dispose();
      v.dispose();
    },
  };
}
