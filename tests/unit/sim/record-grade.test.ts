import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/stats/random';
import { recordGrade, romanGrade } from '@/lib/sim/record-grade';
import { simulatorParamsSchema } from '@/lib/sim/simulator-params';

const exact = (overrides: Record<string, number> = {}) => simulatorParamsSchema.parse({ recording: { noiseSd: 0, rangeProb: 1, ...overrides } });
const rec = (latent: number, params = exact(), opts = {}) => recordGrade(latent, createRng(1), createRng(2), params, opts);

describe('recordGrade', () => {
  it('recorded grade: a fractional part in [0.35, 0.65] becomes a range coded lower + 0.5', () => {
    expect(rec(3.35)).toEqual({ grade: 3.5, text: 'III-IV' });
    expect(rec(3.65)).toEqual({ grade: 3.5, text: 'III-IV' });
    expect(rec(1.5)).toEqual({ grade: 1.5, text: 'I-II' });
    expect(rec(3.3)).toEqual({ grade: 3, text: 'III' });
    expect(rec(3.7)).toEqual({ grade: 4, text: 'IV' });
  });

  it('recorded grade: rounds instead when the range coin says no, and writes an en dash on request', () => {
    expect(rec(3.5, exact({ rangeProb: 0 })).grade).toBe(4);
    expect(rec(4.5, exact({ enDashShare: 1 }))).toEqual({ grade: 4.5, text: 'IV–V' });
  });

  it('recorded grade: clipped to [1, 6], or to the given range', () => {
    expect(rec(0.2)).toEqual({ grade: 1, text: 'I' });
    expect(rec(7)).toEqual({ grade: 6, text: 'VI' });
    expect(rec(1.2, exact(), { min: 2, max: 5 })).toEqual({ grade: 2, text: 'II' });
    expect(rec(5.9, exact(), { min: 2, max: 5 })).toEqual({ grade: 5, text: 'V' });
  });

  it('recorded grade: noise N(0, 0.3²) moves about 10% of exact grade-III latents off III', () => {
    const params = simulatorParamsSchema.parse({});
    const rng = createRng(3), text = createRng(4);
    let off = 0;
    for (let i = 0; i < 4000; i++) if (recordGrade(3, rng, text, params).grade !== 3) off++;
    // P(|N(0, 0.3)| > 0.35) = 24%, of which a range (60%) or a rounding to III in part: ~10-20%.
    expect(off / 4000).toBeGreaterThan(0.08);
    expect(off / 4000).toBeLessThan(0.25);
  });

  it('roman numerals: 1..6 only', () => {
    expect([1, 2, 3, 4, 5, 6].map(romanGrade).join(' ')).toBe('I II III IV V VI');
    expect(() => romanGrade(7)).toThrow();
    expect(() => romanGrade(2.5)).toThrow();
  });
});
