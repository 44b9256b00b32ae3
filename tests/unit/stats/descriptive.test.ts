import { describe, expect, it } from 'vitest';
import { mean, quantile, sd, variance } from '@/lib/stats/descriptive';
import type { ReferenceInputs } from '@/scripts/reference/make-inputs';
import { expectClose, readReference } from './reference';

const inputs = readReference<ReferenceInputs>('inputs.json');
const ref = readReference<{ descriptive: { mean: number; sd: number | null; quantiles: number[] }[] }>('stats.json');

describe('descriptive statistics', () => {
  it('gives the sample SD (n − 1) and the population SD with ddof = 0', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 15);
    expect(sd([1, 2, 3, 4], 0)).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(Number.isNaN(sd([3]))).toBe(true);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it("matches numpy's mean, std(ddof=1) and default 'linear' quantile to 1e-12", () => {
    const { vectors, quantiles } = inputs.stats.descriptive;
    vectors.forEach((v, k) => {
      const r = ref.descriptive[k]!;
      expectClose(mean(v), r.mean, 1e-12, `mean ${k}`);
      if (r.sd !== null) expectClose(sd(v), r.sd, 1e-12, `sd ${k}`);
      quantiles.forEach((p, q) => expectClose(quantile(v, p), r.quantiles[q]!, 1e-12, `quantile ${k} p=${p}`));
    });
  });

  it('interpolates linearly between order statistics and propagates NaN', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([10], 0.3)).toBe(10);
    expect(Number.isNaN(quantile([1, NaN, 3], 0.5))).toBe(true);
  });
});
