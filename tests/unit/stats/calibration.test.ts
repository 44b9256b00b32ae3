import { describe, expect, it } from 'vitest';
import { calibrationGroups, calibrationStats, smoothCalibrationCurve, smoothedObserved, weightedCalibrationGroups } from '@/lib/stats/calibration';
import { fitLogistic } from '@/lib/stats/logistic-fit';
import { lowess } from '@/lib/stats/lowess';
import { expectClose } from './reference';
import { cases, rRef } from './validation-fixtures';

const data = cases();
const r = rRef();
const names = Object.keys(data.probabilities) as (keyof typeof data.probabilities)[];

describe('calibration statistics against rms::val.prob and glm', () => {
  it.each(names)('case %s: intercept (offset glm), slope and recalibration intercept (glm; val.prob), Brier to 1e-9', (name) => {
    const { y, p } = data.probabilities[name];
    const c = calibrationStats(y, p);
    const ref = r.calibration[name];
    expectClose(c.intercept, ref.intercept, 1e-9, 'intercept');
    expectClose(c.slope, ref.slope, 1e-9, 'slope');
    expectClose(c.recalibrationIntercept, ref.recalibrationIntercept, 1e-9, 'recalibration intercept');
    // val.prob's lrm.fit stops on its own, looser criterion (measured: 6e-8 on the calibrated
    // case); glm with epsilon 1e-14 is the same model fitted to convergence.
    expectClose(c.slope, ref.valProbSlope, 1e-6, 'val.prob Slope');
    expectClose(c.recalibrationIntercept, ref.valProbIntercept, 1e-6, 'val.prob Intercept');
    expectClose(c.brier, ref.brier, 1e-12, 'Brier');
  });

  it.each(names)('case %s: lowess smooth equals R lowess(iter = 0) point by point; ICI, E50, E90, Emax equal val.prob to 1e-9', (name) => {
    const { y, p } = data.probabilities[name];
    const smooth = smoothedObserved(y, p);
    r.calibration[name].smooth.forEach((v, i) => expectClose(smooth[i]!, v, 1e-9, `smooth ${i}`));
    const c = calibrationStats(y, p);
    const ref = r.calibration[name];
    expectClose(c.ici, ref.eavg, 1e-9, 'ICI (val.prob Eavg)');
    expectClose(c.e50, ref.e50, 1e-9, 'E50');
    expectClose(c.e90, ref.e90, 1e-9, 'E90');
    expectClose(c.emax, ref.emax, 1e-9, 'Emax');
  });

  it.each(names)("case %s: Austin & Steyerberg's loess (span 0.75, degree 2) moves ICI by less than 0.02", (name) => {
    // Not the same smoother, so not the same number: this bounds what the choice of smoother
    // does on these cases (measured |Δ ICI|: 0.0002 miscalibrated, 0.0127 calibrated, 0.0076 Platt).
    const { y, p } = data.probabilities[name];
    expect(Math.abs(calibrationStats(y, p).ici - r.calibration[name].iciLoess)).toBeLessThan(0.02);
  });

  it('fits a perfectly calibrated model to intercept 0 and slope 1 (hand-worked)', () => {
    // p = 0.25 four times (one event), 0.75 four times (three events): observed = predicted.
    const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const c = calibrationStats(y, p);
    expect(c.intercept).toBeCloseTo(0, 12);
    expect(c.slope).toBeCloseTo(1, 12);
    expect(c.brier).toBeCloseTo(0.1875, 15); // (4 · 0.0625 + 4 · 0.5625 − ...)/8: 6 × 0.0625 + 2 × 0.5625 = 1.5; 1.5/8
  });

  it('groups by decile of the prediction with Wilson intervals', () => {
    const { y, p } = data.probabilities.miscalibrated;
    const g = calibrationGroups(y, p, 10);
    expect(g.map((x) => x.n)).toEqual(new Array(10).fill(20));
    const sorted = [...p.keys()].sort((a, b) => p[a]! - p[b]!);
    const first = sorted.slice(0, 20);
    expectClose(g[0]!.meanPredicted, first.reduce((s, i) => s + p[i]!, 0) / 20, 1e-12, 'mean predicted');
    expectClose(g[0]!.observed, first.reduce((s, i) => s + y[i]!, 0) / 20, 1e-12, 'observed');
    // Wilson interval of 0/10 at 95%: [0, z²/(n + z²)] = [0, 0.27753…]
    const w = calibrationGroups([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 1)[0]!;
    expectClose(w.low, 0, 1e-15, 'Wilson low');
    expectClose(w.high, 1.959963984540054 ** 2 / (10 + 1.959963984540054 ** 2), 1e-12, 'Wilson high');
  });

  it('reads the smoothed curve off at the grid and gives a band from the resamples', () => {
    const { y, p } = data.probabilities.calibrated;
    const rows = [...y.keys()];
    const curve = smoothCalibrationCurve(y, p, { points: 20, resamples: [rows, rows] });
    expect(curve.x).toHaveLength(20);
    // identity resamples: the band collapses onto the curve
    curve.y.forEach((v, k) => {
      expectClose(curve.low![k]!, v, 1e-12, 'low');
      expectClose(curve.high![k]!, v, 1e-12, 'high');
    });
    expect(curve.used).toBe(2);
  });

  it('rejects probabilities of 0 or 1 and non-binary outcomes with the row named', () => {
    expect(() => calibrationStats([0, 1], [0.2, 1])).toThrow(/row 1 is 1/);
    expect(() => calibrationStats([0, 3], [0.2, 0.5])).toThrow(/row 1 is 3/);
    expect(() => fitLogistic([1, 1, 0, 0], [3, 2, -1, -2], { slope: 'free' })).toThrow(/separated|diverged|no convergence/);
  });

  it('reports the slope as not estimable (NaN, with the reason) when the predictions separate the outcomes', () => {
    const c = calibrationStats([0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9]);
    expect(c.slope).toBeNaN();
    expect(c.problems.join(' ')).toMatch(/slope: .*separated/);
    expect(Number.isFinite(c.intercept)).toBe(true); // the offset model still has an estimate
    expect(c.brier).toBeCloseTo((0.01 + 0.04 + 0.09 + 0.04 + 0.01) / 5, 15);
    const one = calibrationStats([1, 1, 1], [0.6, 0.7, 0.8]);
    expect(one.intercept).toBeNaN();
    expect(one.problems).toHaveLength(2);
  });

  it('lowess copies tied x values and handles two points', () => {
    const fit = lowess([1, 1, 2], [0, 1, 1]);
    expect(fit.y[0]).toBe(fit.y[1]);
    expect(Array.from(lowess([0, 1], [2, 4]).y)).toEqual([2, 4]);
  });
});

describe('weighted calibration groups (IPCW)', () => {
  it('with equal weights they are the unweighted groups', () => {
    const y = [0, 1, 0, 1, 1, 0, 1, 1, 0, 1];
    const p = [0.1, 0.8, 0.3, 0.6, 0.9, 0.2, 0.7, 0.5, 0.4, 0.95];
    const w = weightedCalibrationGroups(y, p, y.map(() => 2.5), 3);
    const u = calibrationGroups(y, p, 3);
    expect(w.length).toBe(u.length);
    w.forEach((g, k) => {
      expect(g.n).toBe(u[k]!.n);
      for (const key of ['meanPredicted', 'observed', 'low', 'high'] as const) expect(g[key]).toBeCloseTo(u[k]![key], 12);
    });
  });

  it('a hand-worked group: weights 1, 1, 2 on outcomes 0, 1, 1', () => {
    // observed = (0·1 + 1·1 + 1·2) / 4 = 0.75; mean predicted = (0.2 + 0.4 + 2·0.6) / 4 = 0.45;
    // effective n = 4² / (1 + 1 + 4) = 8/3; Wilson at z = 1.959964 with n = 8/3:
    // centre = (0.75 + z²/(2n)) / (1 + z²/n) = 0.6024, half = z/(1 + z²/n) · √(0.75·0.25/n + z²/(4n²)) = 0.3639
    // (python3: from math import sqrt; z=1.959963984540054; n=8/3; ...)
    const [g] = weightedCalibrationGroups([0, 1, 1], [0.2, 0.4, 0.6], [1, 1, 2], 1);
    expect(g!.n).toBe(3);
    expect(g!.observed).toBeCloseTo(0.75, 12);
    expect(g!.meanPredicted).toBeCloseTo(0.45, 12);
    const z = 1.959963984540054, n = 8 / 3;
    const centre = (0.75 + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((0.75 * 0.25) / n + (z * z) / (4 * n * n));
    expect(g!.low).toBeCloseTo(centre - half, 12);
    expect(g!.high).toBeCloseTo(Math.min(1, centre + half), 12);
    expect(centre - half).toBeCloseTo(0.2385, 3);
  });

  it('refuses a missing, zero or infinite weight', () => {
    expect(() => weightedCalibrationGroups([0, 1], [0.2, 0.4], [1], 1)).toThrow(/weight/);
    expect(() => weightedCalibrationGroups([0, 1], [0.2, 0.4], [1, 0], 1)).toThrow(/weight/);
    expect(() => weightedCalibrationGroups([0, 1], [0.2, 0.4], [1, Infinity], 1)).toThrow(/weight/);
  });
});
