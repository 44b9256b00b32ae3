import { describe, expect, it } from 'vitest';
import { predictionInstability } from '@/lib/stats/prediction-instability';
import { harrellOptimism, performanceOf } from '@/lib/stats/optimism-bootstrap';

describe('prediction instability (Riley & Collins 2023), a hand-worked case', () => {
  // Three windows (two of patient A, one of B), two fitted replicates and one failed fit.
  const original = [0.2, 0.6, 0.5];
  const replicates = [[0.3, 0.4, 0.5], [0.1, 0.7, 0.45], null];
  const s = predictionInstability(original, replicates, ['A', 'A', 'B'], 0.5);

  it('MAPE and class flips per window; the failed replicate is counted, not used', () => {
    expect(s.replicates).toBe(2);
    expect(s.failed).toBe(1);
    // |0.3 − 0.2|, |0.1 − 0.2| → 0.1; |0.4 − 0.6|, |0.7 − 0.6| → 0.15; |0.5 − 0.5|, |0.45 − 0.5| → 0.025
    expect(s.windows.map((w) => w.mape)).toEqual([expect.closeTo(0.1, 12), expect.closeTo(0.15, 12), expect.closeTo(0.025, 12)]);
    // class at 0.5 (p ≥ 0.5 = recovered): window 1 flips in 0.4, window 2 (0.5 itself is recovered) flips in 0.45
    expect(s.windows.map((w) => w.cii)).toEqual([0, 0.5, 0.5]);
    // numpy's linear percentiles of [0.4, 0.7]
    expect(s.windows[1]!.low).toBeCloseTo(0.4075, 12);
    expect(s.windows[1]!.high).toBeCloseTo(0.6925, 12);
  });

  it('the distribution over windows and the per-patient summary', () => {
    expect(s.mape.mean).toBeCloseTo(0.275 / 3, 12);
    expect(s.mape.median).toBeCloseTo(0.1, 12);
    expect(s.mape.p90).toBeCloseTo(0.14, 12);
    expect(s.mape.max).toBeCloseTo(0.15, 12);
    expect(s.cii.over10).toBeCloseTo(2 / 3, 12);
    expect(s.patients.n).toBe(2);
    // A: (0.1 + 0.15) / 2 = 0.125, B: 0.025
    expect(s.patients.mape.median).toBeCloseTo(0.075, 12);
    expect(s.patients.mape.max).toBeCloseTo(0.125, 12);
    expect(s.patients.cii.mean).toBeCloseTo((0.25 + 0.5) / 2, 12);
    expect(s.patients.cii.over10).toBe(1);
  });
});

describe('Harrell optimism bookkeeping', () => {
  it('a replicate with one outcome has no AUC or calibration (counted as undefined); a failed fit is counted as failed', () => {
    const one = performanceOf([1, 1, 1], [0.6, 0.7, 0.8]);
    expect(one.auc).toBeNaN();
    expect(one.slope).toBeNaN();
    expect(one.brier).toBeCloseTo((0.16 + 0.09 + 0.04) / 3, 12);
    const apparent = performanceOf([0, 1, 0, 1], [0.2, 0.7, 0.4, 0.6]);
    expect(apparent.auc).toBe(1);
    const r = harrellOptimism(apparent, [{ boot: performanceOf([0, 1, 1, 0], [0.1, 0.9, 0.6, 0.3]), test: performanceOf([0, 1, 0, 1], [0.3, 0.6, 0.7, 0.8]) }, { boot: one, test: apparent }, null]);
    expect(r.failed).toBe(1);
    expect(r.auc.used).toBe(1);
    expect(r.auc.undefined).toBe(1);
    // boot AUC 1, test AUC 0.75 (3 of 4 pairs ordered) → optimism 0.25
    expect(r.auc.optimism).toBeCloseTo(0.25, 12);
    expect(r.auc.corrected).toBeCloseTo(0.75, 12);
    // Brier is defined in both fitted replicates
    expect(r.brier.used).toBe(2);
  });
});
