import { describe, expect, it } from 'vitest';
import { cstatisticToRsquaredCs, rileyBinary } from '@/lib/stats/sample-size';
import { expectClose } from './reference';
import { rRef, sklearnRef } from './validation-fixtures';

const sk = sklearnRef();
const r = rRef();

describe("Riley et al.'s sample size for a binary outcome (pmsampsize)", () => {
  it('gives 623 / 668 / 221, final 668, for R²cs 0.288, 24 parameters, prevalence 0.174', () => {
    const s = rileyBinary({ rsquaredCs: 0.288, parameters: 24, prevalence: 0.174 });
    expect(s.criteria.map((c) => c.n)).toEqual([623, 668, 221]);
    expect(s.final.n).toBe(668);
    expect(s.maxRsquaredCs).toBe(0.6);
    expect(s.criteria[1].shrinkage).toBe(0.906);
  });

  it.each(sk.sampleSize.vectors.map((v) => [v] as const))('matches the pmsampsize test vector %o (n and events per parameter)', (v) => {
    const s = rileyBinary({ rsquaredCs: v.rsquared, parameters: v.parameters, prevalence: v.prevalence });
    expect([...s.criteria.map((c) => c.n), s.final.n]).toEqual(v.n);
    expect([...s.criteria.map((c) => c.epp), s.final.epp]).toEqual(v.epp);
  });

  it.each(sk.sampleSize.cstatistic.map((c) => [c] as const))('converts the C statistic to R²cs as the two-normal integral (scipy quad) to 1e-9: %o', (c) => {
    expectClose(cstatisticToRsquaredCs(c.c, c.prevalence), c.r2cs, 1e-9, 'quadrature');
  });

  it("agrees with pmsampsize's simulation (1e6 patients, seed 123456) to its noise, 0.002", () => {
    // The simulation estimates the same population value; measured |Δ| ≤ 6.2e-4.
    for (const c of r.cstatisticSimulation) expect(Math.abs(cstatisticToRsquaredCs(c.c, c.prevalence) - c.r2cs)).toBeLessThan(0.002);
  });

  it('takes a C statistic instead of R², rounded to 4 decimals as pmsampsize does', () => {
    const s = rileyBinary({ cstatistic: 0.81, parameters: 10, prevalence: 0.077 });
    expect(s.rsquaredFrom).toBe('cstatistic');
    expect(s.rsquaredCs).toBe(Math.round(sk.sampleSize.cstatistic[0]!.r2cs * 1e4) / 1e4);
  });

  it('refuses impossible inputs with a message', () => {
    expect(() => rileyBinary({ parameters: 24, prevalence: 0.174 })).toThrow(/exactly one/);
    expect(() => rileyBinary({ rsquaredCs: 0.7, parameters: 24, prevalence: 0.174 })).toThrow(/largest possible/);
    expect(() => rileyBinary({ rsquaredCs: 0.2, parameters: 24, prevalence: 1 })).toThrow(/prevalence/);
    expect(() => cstatisticToRsquaredCs(0.4, 0.2)).toThrow(/C statistic/);
  });
});
