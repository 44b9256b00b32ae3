import { describe, expect, it } from 'vitest';
import { factorize } from '@/lib/stats/factorize';

describe('factorize', () => {
  it('lists distinct values in order of first appearance and codes each position', () => {
    const xs = ['b', 'a', 'b', 'c', 'a'];
    const { levels, codes } = factorize(xs.length, (i) => xs[i]);
    expect(levels).toEqual(['b', 'a', 'c']);
    expect([...codes]).toEqual([0, 1, 0, 2, 1]);
  });
  it('uses Map equality: NaN is one value, 0 and -0 are one, null and undefined are two', () => {
    const xs = [NaN, 0, NaN, -0, null, undefined, null];
    const { levels, codes } = factorize(xs.length, (i) => xs[i]);
    expect(levels).toEqual([NaN, 0, null, undefined]);
    expect([...codes]).toEqual([0, 1, 0, 1, 2, 3, 2]);
  });
  it('gives empty lists for an empty sequence', () => {
    const { levels, codes } = factorize(0, () => 1);
    expect(levels).toEqual([]);
    expect(codes.length).toBe(0);
  });
});
