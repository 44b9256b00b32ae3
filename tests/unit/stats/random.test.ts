import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/stats/random';

describe('seeded RNG', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('forks independent streams that do not depend on draws made before', () => {
    const a = createRng(1);
    const early = a.fork('split').uniform();
    a.uniform();
    a.uniform();
    expect(a.fork('split').uniform()).toBe(early);
    expect(a.fork('folds').uniform()).not.toBe(early);
  });

  it('draws uniform, normal and gamma with the right moments', () => {
    const r = createRng(5);
    const n = 40000;
    const mean = (f: () => number) => { let s = 0, s2 = 0; for (let i = 0; i < n; i++) { const x = f(); s += x; s2 += x * x; } return [s / n, s2 / n - (s / n) ** 2]; };
    const [mu, vu] = mean(() => r.uniform());
    expect(mu).toBeCloseTo(0.5, 2);
    expect(vu).toBeCloseTo(1 / 12, 2);
    const [mn, vn] = mean(() => r.normal(2, 3));
    expect(Math.abs(mn! - 2)).toBeLessThan(0.06);
    expect(Math.abs(vn! - 9)).toBeLessThan(0.3);
    const [mg, vg] = mean(() => r.gamma(4, 2.5)); // mean k*theta = 10, var k*theta^2 = 25
    expect(Math.abs(mg! - 10)).toBeLessThan(0.12);
    expect(Math.abs(vg! - 25)).toBeLessThan(1.2);
    const [ms] = mean(() => r.gamma(0.5, 2)); // mean 1
    expect(Math.abs(ms! - 1)).toBeLessThan(0.05);
  });

  it('shuffles into a permutation and picks categories by weight', () => {
    const r = createRng(9);
    const p = r.permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.categorical([0.2, 0.5, 0.3])]!++;
    expect(counts[1]! / 30000).toBeCloseTo(0.5, 1);
  });
});
