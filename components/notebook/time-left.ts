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

/** "about 20–55 s", "about 1–2 min": a range in one unit; equal ends read as one duration. */
export function formatRange(lowSeconds: number, highSeconds: number): string {
  const lo = Math.min(lowSeconds, highSeconds);
  const hi = Math.max(lowSeconds, highSeconds);
  const a = formatDuration(lo);
  const b = formatDuration(hi);
  if (a === b) return a;
  const unit = (s: string) => s.replace(/^about [\d.]+ /, '');
  if (unit(a) === unit(b)) return `${a.replace(/ [^ ]+$/, '')}–${b.replace(/^about /, '')}`;
  return `${a}–${b.replace(/^about /, '')}`;
}

/** What a Run all in progress knows about the steps it still has to run. */
export interface StepsLeft {
  /** Seconds the steps with a time (measured here, or a running step's pace) still need, summed. */
  knownSeconds: number;
  /** The longest of those. */
  longestSeconds: number;
  /** Steps left with no time measured here and no pace yet. */
  unknownSteps: number;
  /** Steps still to run (running ones included). */
  stepsLeft: number;
  /** Workers that run steps side by side. */
  workers: number;
  /** Seconds since Run all started. */
  elapsedSeconds: number;
  /** What the whole Run all took here last time, or a reference estimate of it, in seconds (low, high). */
  wholeRunSeconds?: { low: number; high: number; source: 'here' | 'reference' };
}

/**
 * The time-left part of Run all's progress line. With every step left timed: "about 40 s left".
 * With steps not timed here, a sum of the others would be a floor that reads as a promise
 * ("at least 1 s left" with 19 steps to go), so it says so: the whole run's time (measured here
 * last time, or estimated from the reference machine) less the time spent, as a range, or
 * "estimating…".
 */
export function runAllTimeLeftText(s: StepsLeft): string {
  // Steps run side by side on the worker pool: the sum shared between the workers, never less than the longest step.
  const known = Math.max(s.longestSeconds, s.knownSeconds / Math.max(1, Math.min(s.workers, s.stepsLeft)));
  if (s.unknownSteps === 0) return `${formatDuration(known)} left`;
  const whole = s.wholeRunSeconds;
  if (whole) {
    const low = Math.max(known, whole.low - s.elapsedSeconds);
    const high = Math.max(known, whole.high - s.elapsedSeconds);
    if (high > 0) {
      const from = whole.source === 'here' ? 'from the last Run all here' : 'estimated from the reference machine';
      return `${formatRange(low, high)} left (${from})`;
    }
  }
  return `estimating time left… (${s.unknownSteps} step${s.unknownSteps > 1 ? 's' : ''} not timed here yet)`;
}

/**
 * The line shown before a Run all: the steps it would run. Hidden copies (an audit's variants of
 * a step, run beside the original) are not steps the reader sees, so they are not counted as
 * such: "2 steps", not "10 steps", when two cells are stale and eight copies follow them.
 */
export function staleStepsText(visible: number, hidden: number, lastRunAllSeconds?: number): string {
  if (visible === 0 && hidden === 0) return 'Every step is up to date.';
  const took = lastRunAllSeconds !== undefined ? ` (it took ${formatDuration(lastRunAllSeconds)} here last time)` : '';
  if (visible === 0) return `Run all will bring ${hidden} hidden audit cop${hidden > 1 ? 'ies' : 'y'} up to date${took}.`;
  const copies = hidden > 0 ? `, with the hidden audit cop${hidden > 1 ? 'ies' : 'y'} they feed` : '';
  return `Run all will run the ${visible} step${visible > 1 ? 's' : ''} not yet up to date${copies}${took}.`;
}
