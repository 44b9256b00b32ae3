import { describe, expect, it } from 'vitest';
import { ciRange, displayCell, fixed, formatP, significant, withCi } from '@/lib/tables/format';

describe('publication number formats', () => {
  it('p-values as journals print them', () => {
    expect(formatP(2.3e-62)).toBe('< 0.001');
    expect(formatP(0.0004)).toBe('< 0.001');
    expect(formatP(0.001)).toBe('0.001');
    expect(formatP(0.0456)).toBe('0.046');
    expect(formatP(NaN)).toBe('n/a');
  });
  it('fixed decimals, CIs and grid values', () => {
    expect(fixed(NaN, 2)).toBe('n/a');
    expect(withCi({ value: 0.9, ci_low: 0.85, ci_high: 0.95 })).toBe('0.900 (0.850 to 0.950)');
    expect(significant(0.0215443469003)).toBe('0.0215');
    expect(significant(30)).toBe('30');
  });
  it('CI ranges with "to", never a dash that would sit beside a minus', () => {
    expect(ciRange(-0.0937, 2.2491)).toBe('-0.094 to 2.249');
    expect(ciRange(0.4321, 0.5, 4)).toBe('0.4321 to 0.5000');
    expect(ciRange(Number.NaN, 1)).toBe('n/a to 1.000');
    expect(withCi({ value: 0.717, ci_low: -0.094, ci_high: 2.249 })).toBe('0.717 (-0.094 to 2.249)');
    expect(withCi({ value: 0.12345, ci_low: 0.1, ci_high: 0.2 }, 2)).not.toMatch(/[–—]/);
  });
  it('the page rounds long decimals only', () => {
    expect(displayCell('2.1040851116804284')).toBe('2.104');
    expect(displayCell('0.0215443469003')).toBe('0.0215');
    expect(displayCell('0.903')).toBe('0.903');
    expect(displayCell('P0012')).toBe('P0012');
    expect(displayCell('12')).toBe('12');
  });
});
