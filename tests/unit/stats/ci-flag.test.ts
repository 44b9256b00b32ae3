import { describe, expect, it } from 'vitest';
import { bootstrapCi } from '@/lib/stats/bootstrap';
import { CI_EXCLUDES_ESTIMATE_NOTE, ciExcludesEstimate, ciExcludesEstimateSentence } from '@/lib/stats/ci-flag';
import { createRng } from '@/lib/stats/random';

describe('ciExcludesEstimate', () => {
  it('flags an estimate outside its interval, not one inside or on a bound, nor missing values', () => {
    expect(ciExcludesEstimate(0.3, 0.05, 0.21)).toBe(true);
    expect(ciExcludesEstimate(0.01, 0.05, 0.21)).toBe(true);
    expect(ciExcludesEstimate(0.1, 0.05, 0.21)).toBe(false);
    expect(ciExcludesEstimate(0.21, 0.05, 0.21)).toBe(false);
    expect(ciExcludesEstimate(0.21 + 1e-15, 0.05, 0.21)).toBe(false);
    expect(ciExcludesEstimate(NaN, 0.05, 0.21)).toBe(false);
    expect(ciExcludesEstimate(0.3, NaN, NaN)).toBe(false);
  });

  it('catches the constructed case: |mean| of a centred sample, whose bootstrap replicates are all above the estimate 0', () => {
    const rng = createRng(5);
    const raw = Array.from({ length: 25 }, () => rng.uniform() - 0.5);
    const m = raw.reduce((s, v) => s + v, 0) / raw.length;
    const x = raw.map((v) => v - m);
    const absMean = (rows: Int32Array | readonly number[]) => Math.abs(Array.from(rows, (r) => x[r]!).reduce((s, v) => s + v, 0) / rows.length);
    const ci = bootstrapCi(absMean, { n: x.length, resamples: 500, rng: createRng(9) });
    expect(ci.estimate).toBeLessThan(1e-15);
    expect(ci.lower).toBeGreaterThan(ci.estimate);
    expect(ciExcludesEstimate(ci.estimate, ci.lower, ci.upper)).toBe(true);
  });

  it('words the caption note', () => {
    expect(ciExcludesEstimateSentence([])).toBe('');
    expect(ciExcludesEstimateSentence(['ICI (all subjects)'])).toBe(` Note: for ICI (all subjects), ${CI_EXCLUDES_ESTIMATE_NOTE}.`);
    expect(CI_EXCLUDES_ESTIMATE_NOTE).toMatch(/excludes the estimate: the estimate is unstable; read with care/);
  });
});
