import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../stats/random';

/**
 * Dropout whose masks come from our seeded RNG, a fresh mask on every training call.
 *
 * Why not `tf.layers.dropout({seed})`: tfjs re-seeds its generator with the same seed on every
 * call, so a seeded Dropout layer would drop the same units in every batch. Here the keep/drop
 * draws follow Keras (keep with probability 1 − rate, scale kept values by 1 / (1 − rate));
 * outside training the layer is the identity.
 *
 * @example
 *   net.add(new SeededDropout({ rate: 0.2, rng: rng.fork('dropout-0') }));
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  private readonly rng: Rng;

  constructor(args: { rate: number; rng: Rng; name?: string }) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`SeededDropout: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.rng = args.rng;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return x;
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = this.rng.uniform() < keep ? scale : 0;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
