import { describe, expect, it } from 'vitest';
import { displayCell, fixed, formatP, significant, withCi } from '@/lib/tables/format';

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
    expect(withCi({ value: 0.9, ci_low: 0.85, ci_high: 0.95 })).toBe('0.900 (0.850–0.950)');
    expect(significant(0.0215443469003)).toBe('0.0215');
    expect(significant(30)).toBe('30');
  });
  it('the page rounds long decimals only', () => {
    expect(displayCell('2.1040851116804284')).toBe('2.104');
    expect(displayCell('0.0215443469003')).toBe('0.0215');
    expect(displayCell('0.903')).toBe('0.903');
    expect(displayCell('P0012')).toBe('P0012');
    expect(displayCell('12')).toBe('12');
  });
});
