import { describe, expect, it } from 'vitest';
import { earlyStoppingStep, initialEarlyStopping } from '@/lib/ml/lstm/early-stopping';
import { initialPlateau, plateauStep } from '@/lib/ml/lstm/lr-plateau';

function runEarlyStopping(losses: number[], patience: number, minDelta = 0) {
  let s = initialEarlyStopping();
  const trace: { bestEpoch: number; wait: number; isImproved: boolean }[] = [];
  let stoppedAfter = -1;
  for (const v of losses) {
    s = earlyStoppingStep(s, v, { patience, minDelta });
    trace.push({ bestEpoch: s.bestEpoch, wait: s.wait, isImproved: s.isImproved });
    if (s.shouldStop) {
      stoppedAfter = s.epoch - 1;
      break;
    }
  }
  return { s, trace, stoppedAfter };
}

describe('early stopping (Keras rule)', () => {
  it('stops patience epochs after the best one and remembers it', () => {
    //            0    1    2    3    4    5    6    7
    const losses = [1.0, 0.8, 0.9, 0.7, 0.75, 0.71, 0.7, 0.9];
    const { s, trace, stoppedAfter } = runEarlyStopping(losses, 3);
    // Epoch 6 ties the best (0.7): not an improvement (strict, min_delta 0).
    expect(trace.map((t) => t.bestEpoch)).toEqual([0, 1, 1, 3, 3, 3, 3]);
    expect(trace.map((t) => t.wait)).toEqual([0, 0, 1, 0, 1, 2, 3]);
    expect(stoppedAfter).toBe(6);
    expect(s.best).toBe(0.7);
  });

  it('counts an improvement only when it beats the best by more than min_delta', () => {
    const { trace } = runEarlyStopping([1.0, 0.95, 0.85], 5, 0.1);
    expect(trace.map((t) => t.isImproved)).toEqual([true, false, true]);
    expect(trace.map((t) => t.bestEpoch)).toEqual([0, 0, 2]);
  });

  it('never stops after the first epoch, and treats the first epoch as best when nothing improves (NaN)', () => {
    const { trace, stoppedAfter } = runEarlyStopping([NaN, NaN, NaN], 1);
    expect(trace[0]).toEqual({ bestEpoch: 0, wait: 1, isImproved: true });
    expect(stoppedAfter).toBe(1);
  });
});

describe('ReduceLROnPlateau (Keras rule)', () => {
  const options = { factor: 0.5, patience: 2, minLr: 0.001, minDelta: 0, cooldown: 0 };

  it('halves the rate after `patience` epochs without improvement, then waits again', () => {
    const losses = [1.0, 0.9, 0.95, 0.92, 0.91, 0.93, 0.8, 0.85, 0.86];
    let s = initialPlateau(0.005);
    const lrs: number[] = [];
    for (const v of losses) {
      s = plateauStep(s, v, options);
      lrs.push(s.lr);
    }
    // No improvement at epochs 2, 3 → cut after epoch 3; 4, 5 → cut after epoch 5; 6 improves; 7, 8 → cut.
    expect(lrs).toEqual([0.005, 0.005, 0.005, 0.0025, 0.0025, 0.00125, 0.00125, 0.00125, 0.001]);
  });

  it('never goes below min_lr and stops cutting there', () => {
    let s = initialPlateau(0.0012);
    for (let i = 0; i < 10; i++) s = plateauStep(s, 1, { ...options, patience: 1 });
    expect(s.lr).toBe(0.001);
  });

  it('uses min_delta as an absolute threshold (Keras default 1e-4)', () => {
    let s = initialPlateau(0.01);
    s = plateauStep(s, 1.0, { ...options, patience: 1, minDelta: 1e-4 });
    s = plateauStep(s, 0.99995, { ...options, patience: 1, minDelta: 1e-4 }); // too small a gain
    expect(s.isReduced).toBe(true);
    expect(s.best).toBe(1.0);
  });

  it('holds off during cooldown', () => {
    let s = initialPlateau(0.01);
    const lrs: number[] = [];
    for (const v of [1, 1, 1, 1, 1, 1]) {
      s = plateauStep(s, v, { ...options, patience: 1, cooldown: 2 });
      lrs.push(s.lr);
    }
    // Cut after epoch 1 (counter := 2). Epoch 2: counter 2 → 1, still in cooldown, no wait.
    // Epoch 3: counter 1 → 0, out of cooldown, so it waits 1 → cut. Same again at epoch 5.
    expect(lrs).toEqual([0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125]);
  });
});
