import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitSigmoid } from '@/lib/ml/svm/platt';
import { plattCovariance, plattInterval, plattProbability, type SigmoidWithCovariance } from '@/lib/teaching/platt-interval';

const fixture = JSON.parse(readFileSync('tests/fixtures/reference/platt.json', 'utf8')) as { cases: { f: number[]; y: number[]; A: number; B: number }[] };

/** The objective Platt minimizes (regularized targets), for a finite-difference Hessian. */
function objective(f: number[], y: number[], A: number, B: number) {
  const n1 = y.filter((v) => v === 1).length, n0 = y.length - n1;
  const hi = (n1 + 1) / (n1 + 2), lo = 1 / (n0 + 2);
  return f.reduce((s, fi, i) => {
    const t = y[i] === 1 ? hi : lo;
    const p = 1 / (1 + Math.exp(A * fi + B));
    return s - (t * Math.log(p) + (1 - t) * Math.log(1 - p));
  }, 0);
}

/** The classifier's sigmoid fit with this module's covariance, as teaching-calibration builds it. */
function fitPlatt(f: number[], y: number[]): SigmoidWithCovariance {
  const s = fitSigmoid(f, y);
  return { A: s.A, B: s.B, cov: plattCovariance(f, y, s.A, s.B), n: f.length, iterations: s.iterations };
}

describe('Platt scaling with a delta-method interval', () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))('matches scikit-learn’s sigmoid calibration (case %i)', (_i, c) => {
    const fit = fitPlatt(c.f, c.y);
    // sklearn's BFGS stops at gtol 1e-5; the Newton fit is within 4e-7 of it on these cases.
    expect(fit.A).toBeCloseTo(c.A, 5);
    expect(fit.B).toBeCloseTo(c.B, 5);
  });

  it('its covariance is the inverse of the objective’s Hessian (finite differences)', () => {
    const c = fixture.cases[1]!;
    const fit = fitPlatt(c.f, c.y);
    const h = 1e-4;
    const F = (a: number, b: number) => objective(c.f, c.y, a, b);
    const haa = (F(fit.A + h, fit.B) - 2 * F(fit.A, fit.B) + F(fit.A - h, fit.B)) / h ** 2;
    const hbb = (F(fit.A, fit.B + h) - 2 * F(fit.A, fit.B) + F(fit.A, fit.B - h)) / h ** 2;
    const hab = (F(fit.A + h, fit.B + h) - F(fit.A + h, fit.B - h) - F(fit.A - h, fit.B + h) + F(fit.A - h, fit.B - h)) / (4 * h ** 2);
    const det = haa * hbb - hab * hab;
    expect(fit.cov[0]).toBeCloseTo(hbb / det, 4);
    expect(fit.cov[1]).toBeCloseTo(-hab / det, 4);
    expect(fit.cov[2]).toBeCloseTo(haa / det, 4);
  });

  it('the interval contains the point estimate and narrows with more data', () => {
    const small = fitPlatt(fixture.cases[0]!.f, fixture.cases[0]!.y);
    const large = fitPlatt(fixture.cases[2]!.f, fixture.cases[2]!.y);
    for (const fit of [small, large]) {
      const p = plattProbability(fit, 0.5);
      const { low, high } = plattInterval(fit, 0.5);
      expect(low).toBeLessThan(p);
      expect(high).toBeGreaterThan(p);
    }
    const width = (fit: typeof small) => plattInterval(fit, 0).high - plattInterval(fit, 0).low;
    expect(width(large)).toBeLessThan(width(small));
  });
});
