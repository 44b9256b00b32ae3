/**
 * Early stopping on the validation loss with Keras's rule (`EarlyStopping(monitor='val_loss',
 * mode='min', min_delta, patience, restore_best_weights)`), as a pure reducer:
 *
 * - epoch e improves iff `value < best − minDelta` (strict; NaN never improves; best starts at +∞;
 *   Keras negates min_delta in min mode and tests `value + min_delta < best`);
 * - an improving epoch becomes the best epoch and resets `wait` to 0;
 * - otherwise `wait` grows by 1, and training stops once `wait ≥ patience` (and e > 0).
 *
 * So with patience p and the best epoch b, training ends after epoch b + p (0-based) unless the
 * epoch budget ends first. Keras 3 restores the best weights at the end of training whenever
 * `restore_best_weights` is set (Keras 2 did so only after a stop); we follow Keras 3. If no
 * epoch ever improved (all NaN), the first epoch counts as the best, as Keras 3 does.
 *
 * @example
 *   let s = initialEarlyStopping();
 *   s = earlyStoppingStep(s, 0.9, { patience: 2, minDelta: 0 });  // improved, wait 0
 *   s = earlyStoppingStep(s, 1.0, { patience: 2, minDelta: 0 });  // wait 1
 *   s = earlyStoppingStep(s, 1.1, { patience: 2, minDelta: 0 });  // wait 2 → s.shouldStop
 */
export interface EarlyStoppingOptions {
  patience: number;
  minDelta: number;
}

export interface EarlyStoppingState {
  /** Epochs seen so far (the next epoch's 0-based index). */
  epoch: number;
  best: number;
  /** 0-based index of the best epoch; -1 before the first epoch. */
  bestEpoch: number;
  wait: number;
  /** The epoch just seen became the best one (take a weight snapshot now). */
  isImproved: boolean;
  shouldStop: boolean;
}

export function initialEarlyStopping(): EarlyStoppingState {
  return { epoch: 0, best: Infinity, bestEpoch: -1, wait: 0, isImproved: false, shouldStop: false };
}

export function earlyStoppingStep(state: EarlyStoppingState, value: number, options: EarlyStoppingOptions): EarlyStoppingState {
  const epoch = state.epoch;
  if (value + options.minDelta < state.best) {
    return { epoch: epoch + 1, best: value, bestEpoch: epoch, wait: 0, isImproved: true, shouldStop: false };
  }
  const wait = state.wait + 1;
  // Keras 3: with no improvement yet, the first epoch's weights are kept as the best.
  const isFirst = state.bestEpoch === -1;
  return {
    epoch: epoch + 1,
    best: state.best,
    bestEpoch: isFirst ? epoch : state.bestEpoch,
    wait,
    isImproved: isFirst,
    shouldStop: wait >= options.patience && epoch > 0,
  };
}
