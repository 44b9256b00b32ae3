import { describe, expect, it } from 'vitest';
import { epochsLeft, formatDuration, formatRange, fractionSecondsLeft, modelSecondsLeft, runAllTimeLeftText, staleStepsText, trackEpoch, type EpochTrack } from '@/components/notebook/time-left';

const track = (losses: number[], minDelta = 0): EpochTrack => losses.reduce<EpochTrack | undefined>((t, l, i) => trackEpoch(t, i + 1, l, minDelta), undefined)!;

describe('time left of a model with early stopping', () => {
  it('follows the best epoch as Keras EarlyStopping does (an improvement must beat minDelta)', () => {
    expect(track([1, 0.9, 0.95, 0.8, 0.85])).toEqual({ epoch: 5, bestEpoch: 4, bestLoss: 0.8 });
    // 0.95 -> 0.949 is not an improvement by more than 0.01
    expect(track([1, 0.95, 0.949], 0.01)).toMatchObject({ bestEpoch: 2 });
  });

  it('counts the epochs to the patience after the best one, not to the epoch limit', () => {
    // best at epoch 4, now epoch 10, patience 40: stops at epoch 44 unless it improves
    const t = { epoch: 10, bestEpoch: 4, bestLoss: 0.5 };
    expect(epochsLeft(t, { maxEpochs: 500, patience: 40, minDelta: 0 })).toEqual({ ifNoImprovement: 34, atMost: 490 });
    expect(modelSecondsLeft(t, { maxEpochs: 500, patience: 40, minDelta: 0 }, 0.5)).toEqual({ likely: 17, atMost: 245 });
  });

  it('never goes past the epoch limit nor below zero', () => {
    expect(epochsLeft({ epoch: 498, bestEpoch: 497, bestLoss: 1 }, { maxEpochs: 500, patience: 40, minDelta: 0 })).toEqual({ ifNoImprovement: 2, atMost: 2 });
    expect(epochsLeft({ epoch: 60, bestEpoch: 10, bestLoss: 1 }, { maxEpochs: 500, patience: 40, minDelta: 0 })).toEqual({ ifNoImprovement: 0, atMost: 440 });
  });
});

describe('time left from a fraction', () => {
  it('extrapolates the pace so far, and says nothing before there is one', () => {
    expect(fractionSecondsLeft(0.25, 10)).toBe(30);
    expect(fractionSecondsLeft(0.01, 10)).toBeUndefined();
    expect(fractionSecondsLeft(1, 10)).toBeUndefined();
  });

  it('formats durations as a person says them', () => {
    expect(formatDuration(0.2)).toBe('about 1 s');
    expect(formatDuration(42.4)).toBe('about 42 s');
    expect(formatDuration(150)).toBe('about 3 min');
    expect(formatDuration(5400)).toBe('about 1.5 h');
  });
});

describe("Run all's time left", () => {
  const at = { workers: 2, elapsedSeconds: 14 };
  it('with every step left timed: the shared sum, never less than the longest step', () => {
    expect(runAllTimeLeftText({ ...at, knownSeconds: 40, longestSeconds: 10, unknownSteps: 0, stepsLeft: 4 })).toBe('about 20 s left');
    expect(runAllTimeLeftText({ ...at, knownSeconds: 40, longestSeconds: 30, unknownSteps: 0, stepsLeft: 4 })).toBe('about 30 s left');
  });

  it('says "estimating" rather than "at least 1 s" while most steps are not timed (6 of 25 steps, 14 s into a 48 s run)', () => {
    const text = runAllTimeLeftText({ ...at, knownSeconds: 1, longestSeconds: 1, unknownSteps: 18, stepsLeft: 19 });
    expect(text).toBe('estimating time left… (18 steps not timed here yet)');
    expect(text).not.toMatch(/at least/);
    expect(runAllTimeLeftText({ ...at, knownSeconds: 0, longestSeconds: 0, unknownSteps: 1, stepsLeft: 1 })).toBe('estimating time left… (1 step not timed here yet)');
  });

  it('gives a range from the whole run\'s time less the time spent, when there is one', () => {
    expect(runAllTimeLeftText({ ...at, knownSeconds: 1, longestSeconds: 1, unknownSteps: 18, stepsLeft: 19, wholeRunSeconds: { low: 20, high: 55, source: 'reference' } })).toBe(
      'about 6–41 s left (estimated from the reference machine)',
    );
    expect(runAllTimeLeftText({ ...at, knownSeconds: 1, longestSeconds: 1, unknownSteps: 3, stepsLeft: 4, wholeRunSeconds: { low: 0, high: 48, source: 'here' } })).toBe(
      'about 1–34 s left (from the last Run all here)',
    );
    // Past the whole run's time: no range to give.
    expect(runAllTimeLeftText({ ...at, elapsedSeconds: 60, knownSeconds: 0, longestSeconds: 0, unknownSteps: 2, stepsLeft: 2, wholeRunSeconds: { low: 20, high: 55, source: 'reference' } })).toBe(
      'estimating time left… (2 steps not timed here yet)',
    );
  });

  it('formats ranges in one unit where it can', () => {
    expect(formatRange(20.3, 55)).toBe('about 20–55 s');
    expect(formatRange(48, 48)).toBe('about 48 s');
    expect(formatRange(40, 150)).toBe('about 40 s–3 min');
  });
});

describe('the stale-steps line before Run all', () => {
  it('counts the steps the reader sees, not the hidden audit copies (2 stale cells, 8 copies: "2 steps")', () => {
    expect(staleStepsText(2, 8)).toBe('Run all will run the 2 steps not yet up to date, with the hidden audit copies they feed.');
    expect(staleStepsText(1, 0, 48)).toBe('Run all will run the 1 step not yet up to date (it took about 48 s here last time).');
    expect(staleStepsText(0, 0)).toBe('Every step is up to date.');
    expect(staleStepsText(0, 1)).toBe('Run all will bring 1 hidden audit copy up to date.');
  });
});
