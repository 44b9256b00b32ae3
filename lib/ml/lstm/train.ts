import { CancelledError } from '../../notebook/errors';
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../stats/random';
import { earlyStoppingStep, initialEarlyStopping } from './early-stopping';
import { initialPlateau, plateauStep } from './lr-plateau';
import type { LstmModel } from './model-types';
import { flatAdam, tfjsAdam } from './optimizer';
import type { LstmParams } from './params';
import { takeSequences, type Sequences } from './sequences';

/**
 * Custom training loop (not `model.fit`, whose shuffling uses Math.random): Adam on the MSE,
 * a held-out validation share, the training rows reshuffled every epoch with our RNG,
 * early stopping and the plateau schedule after every epoch (`early-stopping.ts`,
 * `lr-plateau.ts`), the best weights restored at the end. Yields one log per epoch; checks the
 * signal between batches and throws an `AbortError` when it fires. Every tensor it makes is
 * freed, on success and on abort.
 *
 * @example
 *   const run = trainLstm(model, trainSeq, { params, rng: rng.fork('train'), signal });
 *   for (let step = await run.next(); ; step = await run.next()) {
 *     if (step.done) { result = step.value; break; }
 *     console.log(step.value.epoch, step.value.valLoss);
 *   }
 */
export type TrainParams = Pick<
  LstmParams,
  | 'learningRate' | 'adamBeta1' | 'adamBeta2' | 'adamEpsilon' | 'validationFraction' | 'validationMode' | 'batchSize' | 'maxEpochs'
  | 'earlyStoppingPatience' | 'earlyStoppingMinDelta' | 'restoreBestWeights'
  | 'plateauFactor' | 'plateauPatience' | 'plateauMinLr' | 'plateauMinDelta' | 'plateauCooldown'
>;

export interface TrainOptions {
  params: TrainParams;
  rng: Rng;
  signal?: AbortSignal;
  /** Give the event loop a turn at least this often (ms), so a cancel message can arrive. */
  yieldEveryMs?: number;
}

export interface EpochLog {
  /** 1-based. */
  epoch: number;
  /** Mean training loss over the epoch's batches (training mode: dropout on, batch statistics). */
  loss: number;
  /** MSE on the held-out rows in inference mode. */
  valLoss: number;
  /** Learning rate used during this epoch. */
  lr: number;
  /** 1-based best epoch so far. */
  bestEpoch: number;
}

export interface TrainResult {
  epochsRun: number;
  /** 1-based epoch whose weights the model holds at the end (when restoreBestWeights). */
  bestEpoch: number;
  bestValLoss: number;
  stoppedEarly: boolean;
  history: EpochLog[];
  trainRows: number;
  validationRows: number;
}


const macrotask = () =>
  new Promise<void>((resolve) => (globalThis as unknown as { setTimeout: (f: () => void, ms: number) => unknown }).setTimeout(resolve, 0));

/** Keras's `validation_split`: the held-out count is n − floor(n × (1 − fraction)). */
export function validationSplit(n: number, fraction: number, mode: 'random' | 'last', rng: Rng): { fit: number[]; holdout: number[] } {
  const nFit = Math.floor(n * (1 - fraction));
  if (nFit < 1 || nFit >= n) throw new Error(`trainLstm: ${n} training rows cannot hold out a validation share of ${fraction}`);
  const order = mode === 'random' ? rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
  const asc = (a: number, b: number) => a - b;
  return { fit: order.slice(0, nFit).sort(asc), holdout: order.slice(nFit).sort(asc) };
}

export async function* trainLstm(model: LstmModel, data: Sequences, options: TrainOptions): AsyncGenerator<EpochLog, TrainResult, void> {
  const { params, rng, signal, yieldEveryMs = 100 } = options;
  const c = data.channels.length;
  const width = data.steps * c;
  const split = validationSplit(data.n, params.validationFraction, params.validationMode, rng.fork('validation-split'));
  const fit = takeSequences(data, split.fit);
  const holdout = takeSequences(data, split.holdout);
  const shuffleRng = rng.fork('shuffle');

  // The reference engine keeps tfjs's Adam; the fused one updates all parameters at once.
  // An engine with its own trainer (wasm) runs whole steps; the fused one updates all
  // parameters at once; the reference keeps tfjs's Adam.
  const adam = { learningRate: params.learningRate, beta1: params.adamBeta1, beta2: params.adamBeta2, epsilon: params.adamEpsilon };
  const trainer = model.trainer;
  trainer?.resetOptimizer(adam);
  const optimizer = trainer ? null : (model.engine === 'fused' ? flatAdam : tfjsAdam)(model.trainableVariables, adam);
  const xVal = trainer ? null : tf.tensor3d(holdout.x, [holdout.n, data.steps, c]);
  const yVal = trainer ? null : tf.tensor2d(holdout.y, [holdout.n, 1]);
  const validationLoss = (): number => {
    if (!trainer) return tf.tidy(() => tf.mean(tf.squaredDifference(model.apply(xVal!, false), yVal!)).dataSync()[0]!);
    const yHat = trainer.predict(holdout.x, holdout.n);
    // float32 accumulation, as tfjs's mean.
    let sum = 0;
    for (let i = 0; i < holdout.n; i++) sum = Math.fround(sum + Math.fround((yHat[i]! - holdout.y[i]!) ** 2));
    return Math.fround(sum / holdout.n);
  };
  let best: tf.Tensor[] | null = null;
  const disposeBest = () => {
    best?.forEach((t) => t.dispose());
    best = null;
  };

  let stopping = initialEarlyStopping();
  let plateau = initialPlateau(params.learningRate);
  const history: EpochLog[] = [];
  let lastBreak = performance.now();
  const batchX = new Float32Array(Math.min(params.batchSize, fit.n) * width);
  const batchY = new Float32Array(Math.min(params.batchSize, fit.n));

  try {
    for (let epoch = 0; epoch < params.maxEpochs; epoch++) {
      const lr = plateau.lr;
      optimizer?.setLearningRate(lr);
      const order = shuffleRng.permutation(fit.n);
      let lossSum = 0;
      for (let start = 0; start < fit.n; start += params.batchSize) {
        if (signal?.aborted) throw new CancelledError();
        if (performance.now() - lastBreak > yieldEveryMs) {
          await macrotask();
          lastBreak = performance.now();
          if (signal?.aborted) throw new CancelledError();
        }
        const size = Math.min(params.batchSize, fit.n - start);
        for (let k = 0; k < size; k++) {
          const r = order[start + k]!;
          batchX.set(fit.x.subarray(r * width, (r + 1) * width), k * width);
          batchY[k] = fit.y[r]!;
        }
        const batchLoss = trainer
          ? trainer.trainBatch(batchX, batchY, size, lr)
          : tf.tidy(() => {
              const xs = tf.tensor3d(batchX.subarray(0, size * width), [size, data.steps, c]);
              const ys = tf.tensor2d(batchY.subarray(0, size), [size, 1]);
              return optimizer!.step(() => tf.mean(tf.squaredDifference(model.apply(xs, true), ys)) as tf.Scalar);
            });
        lossSum += batchLoss * size;
      }
      const valLoss = validationLoss();

      stopping = earlyStoppingStep(stopping, valLoss, { patience: params.earlyStoppingPatience, minDelta: params.earlyStoppingMinDelta });
      if (stopping.isImproved && params.restoreBestWeights) {
        disposeBest();
        best = model.getWeights();
      }
      plateau = plateauStep(plateau, valLoss, {
        factor: params.plateauFactor,
        patience: params.plateauPatience,
        minLr: params.plateauMinLr,
        minDelta: params.plateauMinDelta,
        cooldown: params.plateauCooldown,
      });
      const log: EpochLog = { epoch: epoch + 1, loss: lossSum / fit.n, valLoss, lr, bestEpoch: stopping.bestEpoch + 1 };
      history.push(log);
      yield log;
      if (signal?.aborted) throw new CancelledError();
      if (stopping.shouldStop) break;
    }
    if (params.restoreBestWeights && best) model.setWeights(best);
    return {
      epochsRun: history.length,
      bestEpoch: params.restoreBestWeights ? stopping.bestEpoch + 1 : history.length,
      bestValLoss: stopping.best,
      stoppedEarly: stopping.shouldStop,
      history,
      trainRows: fit.n,
      validationRows: holdout.n,
    };
  } finally {
    disposeBest();
    xVal?.dispose();
    yVal?.dispose();
    optimizer?.dispose();
  }
}
