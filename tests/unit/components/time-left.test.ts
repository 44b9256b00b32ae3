import { describe, expect, it } from 'vitest';
import { epochsLeft, formatDuration, fractionSecondsLeft, modelSecondsLeft, trackEpoch, type EpochTrack } from '@/components/notebook/time-left';

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
