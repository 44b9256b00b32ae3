import { describe, expect, it } from 'vitest';
import { divergedPrediction } from '@/lib/ml/lstm/regression-evaluation';

describe('a diverged LSTM run is a failure, not a result', () => {
  const run = { seed: 2, epochs: 7, lastLoss: Number.NaN, learningRate: 0.9 };
  it('says so for a NaN or infinite prediction, naming the seed, the epochs and the learning rate', () => {
    expect(divergedPrediction([2.1, Number.NaN, 3], run)).toBe('The LSTM training diverged (seed 2): it predicts NaN for a grade after 7 epochs (last training loss NaN). Lower the learning rate (now 0.9) and run again.');
    expect(divergedPrediction([Infinity], run)).toMatch(/predicts Infinity/);
    expect(divergedPrediction([-Infinity], run)).toMatch(/predicts -Infinity/);
  });
  it('is silent when every prediction is a number, however far off', () => {
    expect(divergedPrediction([1e9, -5, 2.5], run)).toBeNull();
    expect(divergedPrediction([], run)).toBeNull();
  });
});
