import * as tf from '@tensorflow/tfjs';
import type { LstmModel } from './model-types';
import { buildSequences, type SequenceOptions, type SequenceSample, type Sequences } from './sequences';

/**
 * Predictions in inference mode (no dropout, BatchNorm moving statistics), in chunks so memory
 * stays bounded for large inputs.
 *
 * @example
 *   const yHat = predictSequences(model, buildSequences(testRows, { layout, staticFeatures, scaler }));
 */
export function predictSequences(model: LstmModel, seq: Sequences, chunk = 4096): Float32Array {
  if (model.trainer) return model.trainer.predict(seq.x, seq.n);
  const c = seq.channels.length;
  const width = seq.steps * c;
  const out = new Float32Array(seq.n);
  for (let start = 0; start < seq.n; start += chunk) {
    const size = Math.min(chunk, seq.n - start);
    const values = tf.tidy(() => {
      const x = tf.tensor3d(seq.x.subarray(start * width, (start + size) * width), [size, seq.steps, c]);
      return model.apply(x, false).dataSync();
    });
    out.set(values, start);
  }
  return out;
}

/** Predictions for samples, encoded with the same layout and training scaler as the model's inputs. */
export function predictSamples(model: LstmModel, samples: readonly SequenceSample[], encoding: SequenceOptions): Float32Array {
  return predictSequences(model, buildSequences(samples, encoding));
}

/**
 * Predicted recovery course (Fig. 6): the same window asked about each future day, i.e.
 * SAD4 = day − present_day for every `day` (days since onset).
 *
 * @example
 *   predictCourse(model, lastWindow, range(lastWindow.present_day, 301), encoding);  // one grade per day
 */
export function predictCourse(
  model: LstmModel,
  window: Omit<SequenceSample, 'SAD4' | 'SAG4'>,
  days: readonly number[],
  encoding: SequenceOptions,
): { day: number; predicted: number }[] {
  const rows: SequenceSample[] = days.map((day) => ({ ...window, SAD4: day - window.present_day }));
  const yHat = predictSamples(model, rows, encoding);
  return days.map((day, i) => ({ day, predicted: yHat[i]! }));
}
