import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../stats/random';
import { buildLstmModel, type LstmModel, type LstmModelConfig } from './model';
import { predictCourse, predictSamples } from './predict';
import type { SequenceOptions, SequenceSample } from './sequences';

/**
 * A trained LSTM as an output: the network's configuration, every weight (BatchNorm moving
 * statistics included) and the input encoding (layout, features, training scaler), as plain
 * data. A downstream cell rebuilds the network from it in a worker and predicts without
 * retraining; on the same backend its predictions are the training cell's to the bit (the same
 * weights through the same ops).
 */
export interface TrainedLstm {
  config: LstmModelConfig;
  /** In `LstmModel.getWeights` order. */
  weights: { shape: number[]; values: Float32Array }[];
  encoding: SequenceOptions;
}

export function exportLstm(model: LstmModel, encoding: SequenceOptions): TrainedLstm {
  const tensors = model.getWeights();
  try {
    return {
      config: { ...model.config, units: [...model.config.units] },
      weights: tensors.map((t) => ({ shape: [...t.shape], values: t.dataSync() as Float32Array })),
      encoding: { ...encoding, staticFeatures: [...encoding.staticFeatures] },
    };
  } finally {
    tensors.forEach((t) => t.dispose());
  }
}

/** Rebuilds the network, runs `use` on it and frees it (every tensor made here is disposed). */
export function withTrainedLstm<T>(trained: TrainedLstm, use: (model: LstmModel) => T): T {
  // The initial weights are overwritten at once; the stream only has to exist.
  const model = buildLstmModel(trained.config, createRng(0).fork('restore'));
  try {
    const tensors = trained.weights.map((w) => tf.tensor(w.values, w.shape));
    try {
      model.setWeights(tensors);
    } finally {
      tensors.forEach((t) => t.dispose());
    }
    return use(model);
  } finally {
    model.dispose();
  }
}

/** Predicted grades of regression samples (inference mode). */
export function predictWithTrainedLstm(trained: TrainedLstm, samples: readonly SequenceSample[]): Float32Array {
  return withTrainedLstm(trained, (model) => predictSamples(model, samples, trained.encoding));
}

/** A window's predicted course over `days` (days since onset), as Fig. 6 draws it. */
export function courseWithTrainedLstm(trained: TrainedLstm, window: Omit<SequenceSample, 'SAD4' | 'SAG4'>, days: readonly number[]) {
  return withTrainedLstm(trained, (model) => predictCourse(model, window, days, trained.encoding));
}
