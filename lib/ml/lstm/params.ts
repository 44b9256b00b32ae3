import { z } from 'zod';

// Bounds that keep a run's work and memory sane: epochs and patiences counted in epochs, and
// the least improvements in the loss's own unit (squared grades).
const MAX_EPOCHS = 2000;
const EPOCHS = `at most ${MAX_EPOCHS} epochs (the paper trains at most 500)`;
const MIN_DELTA = 'at most 1 (squared grades): a larger least improvement stops the training almost at once';

/**
 * Every number of the LSTM regression (PIPELINE step 8) as a parameter, with the paper's values
 * as defaults. The persistent subset uses the paper's overrides (batch 64, early-stopping
 * patience 80, plateau patience 30) unless the user sets those fields explicitly.
 *
 * @example
 *   const p = resolveLstmParams('persistent', { maxEpochs: 50 });
 *   p.batchSize;  // 64 (persistent default)
 *   p.maxEpochs;  // 50 (explicit)
 */
const fields = {
  /** Units of the stacked LSTM layers, input side first (the last one returns only its final state). */
  units: z
    .array(z.number().int().min(1).max(512, 'at most 512 units per layer: the weights grow with the square of the units'))
    .min(1)
    .max(4, 'at most 4 layers: each one more is a full LSTM to train'),
  /** Rate of the Dropout layer after each LSTM. */
  dropout: z.number().min(0).lt(1),
  /** Adam step size at the start (Keras defaults for the moments: beta1 0.9, beta2 0.999, epsilon 1e-7). */
  learningRate: z.number().positive().max(1, 'at most 1: a larger Adam step makes the training diverge'),
  adamBeta1: z.number().min(0).lt(1),
  adamBeta2: z.number().min(0).lt(1),
  adamEpsilon: z.number().positive().max(1, 'at most 1: epsilon only guards a division (Keras: 1e-7)'),
  /** BatchNormalization as Keras: moving averages with momentum 0.99, epsilon 1e-3. */
  batchNormMomentum: z.number().min(0).lt(1),
  batchNormEpsilon: z.number().positive().max(1, 'at most 1: epsilon only guards a division (Keras: 0.001)'),
  /** Share of the training part held out for early stopping (Keras `validation_split`). */
  validationFraction: z.number().gt(0).max(0.9, 'at most 0.9: at least a tenth of the training part must be left to train on'),
  /**
   * Which rows are held out: `random` (a seeded random share; the paper's rows come from a
   * shuffled sklearn split, so Keras's "last rows" are a random share there) or `last` (Keras's
   * literal rule: the last rows in the order given, here ascending development-set order).
   */
  validationMode: z.enum(['random', 'last']),
  batchSize: z.number().int().min(1).max(4096, 'at most 4096 rows per batch'),
  maxEpochs: z.number().int().min(1).max(MAX_EPOCHS, EPOCHS),
  /** EarlyStopping(monitor='val_loss', patience, min_delta, restore_best_weights). */
  earlyStoppingPatience: z.number().int().min(1).max(MAX_EPOCHS, EPOCHS),
  earlyStoppingMinDelta: z.number().min(0).max(1, MIN_DELTA),
  restoreBestWeights: z.boolean(),
  /** ReduceLROnPlateau(monitor='val_loss', factor, patience, min_lr, min_delta, cooldown). */
  plateauFactor: z.number().gt(0).lt(1),
  plateauPatience: z.number().int().min(1).max(MAX_EPOCHS, EPOCHS),
  plateauMinLr: z.number().min(0).max(1, 'at most 1, like the learning rate'),
  plateauMinDelta: z.number().min(0).max(1, MIN_DELTA),
  plateauCooldown: z.number().int().min(0).max(MAX_EPOCHS, EPOCHS),
  /**
   * Input scaling, fitted on the training rows only: `zscore` standardizes the day channel
   * (one mean/SD pooled over the four steps) and age; `none` feeds raw values.
   */
  scaling: z.enum(['zscore', 'none']),
  /** What each time step carries: see `buildSequences`. */
  layout: z.enum(['sequence+static', 'sequence-only']),
  /**
   * `wasm` (default): the whole network, its backward pass and Adam in one WebAssembly SIMD
   * kernel (`kernel/lstm_kernel.c`, `wasm-model.ts`), a training batch per call, about 4× faster
   * per epoch than `fused` (BENCHMARKS.md); `fused`: the network as a few hand-written tfjs ops
   * with their gradients and a flat Adam (`fused-model.ts`); `layers`: the tfjs layers model with
   * tfjs's Adam, the reference the others are tested against. All three start from the same
   * weights and draw the same dropout masks; they agree to float rounding, not bit for bit
   * (tests/unit/ml/lstm/): the wasm engine's gradients to 1e-5 relative of a float64 PyTorch
   * twin's and 1e-4 of the layers model's, its losses over 5 epochs to 1e-4 relative. Over a full run
   * with early stopping the trajectories drift apart like two float orderings do, so compare
   * runs with the same engine (the manifest records it).
   */
  engine: z.enum(['layers', 'fused', 'wasm']),
};

export type LstmParams = { [K in keyof typeof fields]: z.infer<(typeof fields)[K]> };

/** The paper's settings (all subjects). */
export const LSTM_PAPER_DEFAULTS: LstmParams = {
  units: [64, 32, 16],
  dropout: 0.2,
  learningRate: 0.005,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-7,
  batchNormMomentum: 0.99,
  batchNormEpsilon: 1e-3,
  validationFraction: 0.1,
  validationMode: 'random',
  batchSize: 128,
  maxEpochs: 500,
  earlyStoppingPatience: 40,
  earlyStoppingMinDelta: 0,
  restoreBestWeights: true,
  plateauFactor: 0.5,
  plateauPatience: 20,
  plateauMinLr: 1e-6,
  // Keras's ReduceLROnPlateau default (EarlyStopping's is 0); the paper names neither.
  plateauMinDelta: 1e-4,
  plateauCooldown: 0,
  scaling: 'zscore',
  layout: 'sequence+static',
  // Not the paper's choice but ours (the paper used Keras): the same network, faster here.
  engine: 'wasm',
};

/** The paper's changes for the persistent-FNP subset. */
export const LSTM_PERSISTENT_OVERRIDES: Partial<LstmParams> = {
  batchSize: 64,
  earlyStoppingPatience: 80,
  plateauPatience: 30,
};

/** Full parameter set with the paper's defaults (all subjects). */
export const lstmParamsSchema = z.object({
  units: fields.units.default([...LSTM_PAPER_DEFAULTS.units]),
  dropout: fields.dropout.default(LSTM_PAPER_DEFAULTS.dropout),
  learningRate: fields.learningRate.default(LSTM_PAPER_DEFAULTS.learningRate),
  adamBeta1: fields.adamBeta1.default(LSTM_PAPER_DEFAULTS.adamBeta1),
  adamBeta2: fields.adamBeta2.default(LSTM_PAPER_DEFAULTS.adamBeta2),
  adamEpsilon: fields.adamEpsilon.default(LSTM_PAPER_DEFAULTS.adamEpsilon),
  batchNormMomentum: fields.batchNormMomentum.default(LSTM_PAPER_DEFAULTS.batchNormMomentum),
  batchNormEpsilon: fields.batchNormEpsilon.default(LSTM_PAPER_DEFAULTS.batchNormEpsilon),
  validationFraction: fields.validationFraction.default(LSTM_PAPER_DEFAULTS.validationFraction),
  validationMode: fields.validationMode.default(LSTM_PAPER_DEFAULTS.validationMode),
  batchSize: fields.batchSize.default(LSTM_PAPER_DEFAULTS.batchSize),
  maxEpochs: fields.maxEpochs.default(LSTM_PAPER_DEFAULTS.maxEpochs),
  earlyStoppingPatience: fields.earlyStoppingPatience.default(LSTM_PAPER_DEFAULTS.earlyStoppingPatience),
  earlyStoppingMinDelta: fields.earlyStoppingMinDelta.default(LSTM_PAPER_DEFAULTS.earlyStoppingMinDelta),
  restoreBestWeights: fields.restoreBestWeights.default(LSTM_PAPER_DEFAULTS.restoreBestWeights),
  plateauFactor: fields.plateauFactor.default(LSTM_PAPER_DEFAULTS.plateauFactor),
  plateauPatience: fields.plateauPatience.default(LSTM_PAPER_DEFAULTS.plateauPatience),
  plateauMinLr: fields.plateauMinLr.default(LSTM_PAPER_DEFAULTS.plateauMinLr),
  plateauMinDelta: fields.plateauMinDelta.default(LSTM_PAPER_DEFAULTS.plateauMinDelta),
  plateauCooldown: fields.plateauCooldown.default(LSTM_PAPER_DEFAULTS.plateauCooldown),
  scaling: fields.scaling.default(LSTM_PAPER_DEFAULTS.scaling),
  layout: fields.layout.default(LSTM_PAPER_DEFAULTS.layout),
  engine: fields.engine.default(LSTM_PAPER_DEFAULTS.engine),
});

/** Only the fields a user changed; the rest come from `resolveLstmParams`. */
export const lstmOverridesSchema = z.object(fields).partial();
export type LstmOverrides = z.infer<typeof lstmOverridesSchema>;

/** Paper defaults, then the subset's paper overrides, then the user's explicit values. */
export function resolveLstmParams(subset: 'all' | 'persistent', overrides: LstmOverrides = {}): LstmParams {
  const explicit = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return {
    ...LSTM_PAPER_DEFAULTS,
    ...(subset === 'persistent' ? LSTM_PERSISTENT_OVERRIDES : {}),
    ...explicit,
    units: [...((explicit.units as number[] | undefined) ?? LSTM_PAPER_DEFAULTS.units)],
  };
}
