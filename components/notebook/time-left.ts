/**
 * How long a run still needs, from what it has reported so far. Pure, so the notebook-level
 * progress and each cell's progress bar say the same thing (and tests can check it).
 */

/** Early stopping as the training applies it (Keras EarlyStopping on the validation loss). */
export interface EarlyStopping {
  maxEpochs: number;
  patience: number;
  minDelta: number;
}

/** The validation losses of one training run, epoch by epoch, reduced to what an estimate needs. */
export interface EpochTrack {
  epoch: number;
  bestEpoch: number;
  bestLoss: number;
}

/** Adds one epoch's validation loss: an improvement by more than minDelta moves the best epoch. */
export function trackEpoch(track: EpochTrack | undefined, epoch: number, valLoss: number, minDelta: number): EpochTrack {
  if (!track || valLoss < track.bestLoss - minDelta) return { epoch, bestEpoch: epoch, bestLoss: valLoss };
  return { ...track, epoch };
}

/**
 * Epochs still to train: `ifNoImprovement` if the validation loss does not improve again (early
 * stopping ends the run `patience` epochs after the best one), `atMost` if it keeps improving
 * until the epoch limit.
 */
export function epochsLeft(track: EpochTrack, stop: EarlyStopping): { ifNoImprovement: number; atMost: number } {
  const atMost = Math.max(0, stop.maxEpochs - track.epoch);
  const sinceBest = track.epoch - track.bestEpoch;
  return { ifNoImprovement: Math.min(atMost, Math.max(0, stop.patience - sinceBest)), atMost };
}

/** Seconds a training run still needs at its pace so far (seconds per epoch). */
export function modelSecondsLeft(track: EpochTrack, stop: EarlyStopping, secondsPerEpoch: number): { likely: number; atMost: number } {
  const left = epochsLeft(track, stop);
  return { likely: left.ifNoImprovement * secondsPerEpoch, atMost: left.atMost * secondsPerEpoch };
}

/** Seconds left from the share done and the time taken so far; undefined before there is a pace. */
export function fractionSecondsLeft(fraction: number, elapsedSeconds: number): number | undefined {
  if (!(fraction > 0.02) || fraction >= 1) return undefined;
  return (elapsedSeconds * (1 - fraction)) / fraction;
}

/** "about 40 s", "about 3 min" (rounded as a person would say it). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

/** The early-stopping settings in a cell's resolved parameters (an `lstm` block), if it has them. */
export function earlyStoppingOf(params: unknown): EarlyStopping | undefined {
  const lstm = (params as { lstm?: Record<string, unknown> } | undefined)?.lstm;
  if (!lstm || typeof lstm.maxEpochs !== 'number' || typeof lstm.earlyStoppingPatience !== 'number') return undefined;
  return { maxEpochs: lstm.maxEpochs, patience: lstm.earlyStoppingPatience, minDelta: typeof lstm.earlyStoppingMinDelta === 'number' ? lstm.earlyStoppingMinDelta : 0 };
}
