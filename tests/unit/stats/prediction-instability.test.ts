import { describe, expect, it } from 'vitest';
import { predictionInstability } from '@/lib/stats/prediction-instability';
import { decisionCurveInstability } from '@/lib/stats/decision-curve-instability';
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

describe('decision-curve instability, a hand-worked case', () => {
  // Four windows, two with the event (not recovered); thresholds 0.25 (odds 1/3) and 0.5 (odds 1).
  // Refer all: 0.25 → 2/4 − 2/4 · 1/3 = 1/3; 0.5 → 0.
  const events = [1, 0, 1, 0];
  const original = [0.8, 0.3, 0.6, 0.1];
  const replicates = [
    [0.9, 0.9, 0.9, 0.9], // refers every window: exactly refer all (0.25: 1/3; 0.5: 0)
    [0.2, 0.6, 0.7, 0.1], // 0.25: tp 1, fp 1 → 1/4 − 1/12 = 1/6; 0.5: tp 1, fp 1 → 0
    [0.6, 0.4, 0.3, 0.2], // 0.25: tp 2, fp 1 → 5/12; 0.5: tp 1 → 1/4
    [0.1, 0.8, 0.2, 0.9], // 0.25: fp 2 → −1/6; 0.5: fp 2 → −1/2
    null, // a failed fit
    [0.5, NaN, 0.5, 0.5], // a risk that is not a probability: left out
  ];
  const d = decisionCurveInstability(events, original, replicates, [0.25, 0.5]);

  it('the original and replicate curves, refer all and none', () => {
    expect(d.replicates).toBe(4);
    expect(d.failed).toBe(2);
    // original: 0.25 → tp 2, fp 1 → 1/2 − 1/12 = 5/12; 0.5 → tp 2, fp 0 → 1/2
    expect(d.points.map((p) => p.original)).toEqual([expect.closeTo(5 / 12, 12), expect.closeTo(0.5, 12)]);
    expect(d.points.map((p) => p.treatAll)).toEqual([expect.closeTo(1 / 3, 12), expect.closeTo(0, 12)]);
    expect(d.points.map((p) => p.treatNone)).toEqual([0, 0]);
    expect(d.curves.map((c) => c[0])).toEqual([expect.closeTo(1 / 3, 12), expect.closeTo(1 / 6, 12), expect.closeTo(5 / 12, 12), expect.closeTo(-1 / 6, 12)]);
    expect(d.curves.map((c) => c[1])).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12), expect.closeTo(0.25, 12), expect.closeTo(-0.5, 12)]);
  });

  it('percentiles and the shares below refer all, below refer none and no better than either', () => {
    const [a, b] = d.points;
    // numpy's linear percentiles of [−1/6, 1/6, 1/3, 5/12]: index 0.075 and 2.925
    expect(a!.low).toBeCloseTo(-1 / 6 + (1 / 3) * 0.075, 12);
    expect(a!.high).toBeCloseTo(1 / 3 + (1 / 12) * 0.925, 12);
    // below refer all (1/3): 1/6 and −1/6; below refer none: −1/6; no better: also the one equal to refer all
    expect([a!.belowAll, a!.belowNone, a!.notUseful]).toEqual([0.5, 0.25, 0.75]);
    // [−1/2, 0, 0, 1/4]
    expect(b!.low).toBeCloseTo(-0.5 + 0.5 * 0.075, 12);
    expect(b!.high).toBeCloseTo(0.25 * 0.925, 12);
    expect([b!.belowAll, b!.belowNone, b!.notUseful]).toEqual([0.25, 0.25, 0.75]);
  });

  it('an original model without probabilities gives NaN, not an error; no replicates give NaN shares', () => {
    const e = decisionCurveInstability(events, [NaN, 0.5, 0.5, 0.5], [null], [0.25]);
    expect(e.points[0]!.original).toBeNaN();
    expect(e.points[0]!.treatAll).toBeCloseTo(1 / 3, 12);
    expect(e.points[0]!.notUseful).toBeNaN();
    expect(e.points[0]!.low).toBeNaN();
    expect(() => decisionCurveInstability(events, original, [[0.5]], [0.25])).toThrow(/1 risks for 4/);
  });
});
