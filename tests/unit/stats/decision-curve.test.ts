import { describe, expect, it } from 'vitest';
import { decisionCurve, thresholdGrid } from '@/lib/stats/decision-curve';
import { expectClose } from './reference';
import { cases, sklearnRef } from './validation-fixtures';

const sk = sklearnRef();
// The Platt case's labels (1 = recovered) are those of the svm score case.
const recovered = cases().scores.svm.y;

describe('decision curve', () => {
  it('matches the hand-worked case at pt = 0.2 and 0.5', () => {
    // 10 patients, events at rows 0, 3, 7 (risks 0.9, 0.6, 0.25).
    const { events, risk } = sk.decisionCurve.hand;
    const [a, b] = decisionCurve(events, risk, [0.2, 0.5]);
    // pt 0.2: risk ≥ 0.2 → rows 0, 2, 3, 4, 5, 7, 8: TP 3, FP 4; NB = 3/10 − 4/10 · 0.25 = 0.2
    expect([a!.tp, a!.fp]).toEqual([3, 4]);
    expectClose(a!.model, 0.2, 1e-15, 'NB 0.2');
    // treat all at 0.2: 3/10 − 7/10 · 0.25 = 0.125
    expectClose(a!.treatAll, 0.125, 1e-15, 'all 0.2');
    // pt 0.5: risk ≥ 0.5 → rows 0, 3, 5, 8: TP 2, FP 2; NB = 0.2 − 0.2 · 1 = 0; treat all = 0.3 − 0.7 = −0.4
    expect([b!.tp, b!.fp]).toEqual([2, 2]);
    expectClose(b!.model, 0, 1e-15, 'NB 0.5');
    expectClose(b!.treatAll, -0.4, 1e-15, 'all 0.5');
    expect(b!.treatNone).toBe(0);
  });

  it.each(['hand', 'platt'] as const)('equals the formula evaluated in numpy on case %s', (name) => {
    const ref = name === 'hand' ? sk.decisionCurve.hand.points : sk.decisionCurve.platt;
    const { events, risk } =
      name === 'hand'
        ? sk.decisionCurve.hand
        : { events: sk.platt.testProbability.map((_, i) => 1 - recovered[i]!), risk: sk.platt.testProbability.map((p) => 1 - p) };
    const points = decisionCurve(events, risk, sk.decisionCurve.thresholds);
    points.forEach((p, k) => {
      expect([p.tp, p.fp]).toEqual([ref[k]!.tp, ref[k]!.fp]);
      expectClose(p.model, ref[k]!.model, 1e-12, `model ${k}`);
      expectClose(p.treatAll, ref[k]!.treatAll, 1e-12, `all ${k}`);
    });
  });

  it('builds threshold grids without drift and rejects thresholds outside (0, 1)', () => {
    expect(thresholdGrid(0.01, 0.99, 0.01)).toHaveLength(99);
    expect(thresholdGrid(0.05, 0.5, 0.05)).toEqual([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(() => decisionCurve([1], [0.5], [1])).toThrow(/threshold 1/);
    expect(() => decisionCurve([1, 0], [0.5, 1.2], [0.1])).toThrow(/row 1/);
  });
});
