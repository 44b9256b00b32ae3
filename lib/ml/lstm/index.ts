// The LSTM regression (PIPELINE step 8). This barrel pulls in @tensorflow/tfjs: the cell imports
// the pure modules by path and this one lazily, inside its run.
export { lstmParamsSchema, lstmOverridesSchema, resolveLstmParams, LSTM_PAPER_DEFAULTS, LSTM_PERSISTENT_OVERRIDES, type LstmParams, type LstmOverrides } from './params';
export {
  buildSequences, fitSequenceScaler, sequenceChannels, takeSequences, MODEL_FEATURES, SEQUENCE_STEPS, IDENTITY_SCALER,
  type Sequences, type SequenceOptions, type SequenceSample, type SequenceScaler, type SequenceLayout, type StaticFeature, type ModelName,
} from './sequences';
export { buildLstmModel, buildLayersLstmModel, type LstmModel, type LayersLstmModel, type LstmModelConfig, type LstmEngine } from './model';
export { buildFusedLstmModel } from './fused-model';
export { buildWasmLstmModel, type WasmLstmModel } from './wasm-model';
export { loadLstmKernel } from './kernel/load-kernel';
export type { BatchTrainer } from './model-types';
export { tfjsAdam, flatAdam, type StepOptimizer, type AdamSettings } from './optimizer';
export { trainLstm, validationSplit, type TrainOptions, type TrainParams, type EpochLog, type TrainResult } from './train';
export { predictSequences, predictSamples, predictCourse } from './predict';
export { exportLstm, withTrainedLstm, predictWithTrainedLstm, courseWithTrainedLstm, type TrainedLstm } from './trained-lstm';
export { earlyStoppingStep, initialEarlyStopping, type EarlyStoppingState, type EarlyStoppingOptions } from './early-stopping';
export { plateauStep, initialPlateau, type PlateauState, type PlateauOptions } from './lr-plateau';
export { locfBaseline, fitLinearBaseline, fitOls, linearFeatureRows, LINEAR_SEQUENCE_FEATURES, type LinearBaseline } from './baselines';
export { evaluateRegression, type RegressionEvaluation, type MetricWithCi } from './regression-evaluation';
export { SeededDropout } from './seeded-dropout';
export { glorotUniform, orthogonal, lstmInitialWeights, batchNormInitialWeights, denseInitialWeights, type WeightArray } from './initial-weights';
