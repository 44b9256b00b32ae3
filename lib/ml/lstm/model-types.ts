import type * as tf from '@tensorflow/tfjs';

/**
 * What every LSTM engine provides (`model.ts` builds them): the layers reference, the fused
 * tfjs ops and the WebAssembly kernel. A module of its own so the engines depend on it and not
 * on each other.
 */
export type LstmEngine = 'layers' | 'fused' | 'wasm';

export interface LstmModelConfig {
  steps: number;
  channels: number;
  units: readonly number[];
  dropout: number;
  batchNormMomentum?: number;
  batchNormEpsilon?: number;
  engine?: LstmEngine;
}

/** Adam's constants (the rate is passed per step). */
export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * An engine that trains without tfjs's autodiff: a whole training step (forward, backward,
 * Adam) on plain arrays. The training loop uses it instead of a tfjs optimizer when present.
 */
export interface BatchTrainer {
  /** Starts a fresh Adam state with these constants. */
  resetOptimizer(settings: AdamSettings): void;
  /** One step on `size` rows of x [size, steps, channels] and y [size]; returns the batch MSE before the update. */
  trainBatch(x: Float32Array, y: Float32Array, size: number, lr: number): number;
  /** Inference-mode outputs for `n` rows of x. */
  predict(x: Float32Array, n: number): Float32Array;
}

export interface LstmModel {
  readonly engine: LstmEngine;
  readonly config: LstmModelConfig;
  /** Output [batch, 1] for x [batch, steps, channels]; `training` = dropout on, batch statistics (moving averages updated). */
  apply(x: tf.Tensor, training: boolean): tf.Tensor;
  /** What a tfjs optimizer updates (empty for an engine with its own `trainer`). */
  readonly trainableVariables: tf.Variable[];
  /** Copies of every weight (moving statistics included); the caller disposes them. */
  getWeights(): tf.Tensor[];
  /** Values in `getWeights` order. */
  setWeights(weights: readonly tf.Tensor[]): void;
  /** Present when the engine runs whole training steps itself. */
  readonly trainer?: BatchTrainer;
  dispose(): void;
}

export interface LayersLstmModel extends LstmModel {
  readonly engine: 'layers';
  readonly net: tf.Sequential;
}
