import { describe, expect, it } from 'vitest';
import { parseBoolean } from '@/lib/data/parse-boolean';
import { parseNumber } from '@/lib/data/parse-number';
import { parseSex } from '@/lib/data/parse-sex';
import { isFormulaLike, parseText } from '@/lib/data/parse-text';
import { neutralizeFormula } from '@/lib/data/neutralize-formula';

describe('parseBoolean', () => {
  it('booleans: 1/0, yes/no, y/n, true/false, t/f read in any case', () => {
    for (const raw of ['1', 'yes', 'YES', 'Yes', 'y', 'Y', 'true', 'TRUE', 't', 'T', ' yes ']) expect(parseBoolean(raw), raw).toEqual({ ok: true, value: true });
    for (const raw of ['0', 'no', 'NO', 'No', 'n', 'N', 'false', 'False', 'f', 'F']) expect(parseBoolean(raw), raw).toEqual({ ok: true, value: false });
  });

  it('booleans: empty reads as null (unknown)', () => {
    expect(parseBoolean('')).toEqual({ ok: true, value: null });
  });

  it('booleans: anything else is refused, never guessed', () => {
    for (const raw of ['2', 'maybe', 'unknown', '1.0', 'yes?', 'x'.repeat(10_000)]) expect(parseBoolean(raw).ok, raw).toBe(false);
  });
});

describe('parseSex', () => {
  it('sex: M/F/male/female read in any case', () => {
    for (const raw of ['M', 'm', 'male', 'Male', 'MALE', ' m ']) expect(parseSex(raw), raw).toEqual({ ok: true, value: 'M' });
    for (const raw of ['F', 'f', 'female', 'Female', 'FEMALE']) expect(parseSex(raw), raw).toEqual({ ok: true, value: 'F' });
  });

  it('sex: empty reads as null', () => {
    expect(parseSex('')).toEqual({ ok: true, value: null });
  });

  it('sex: numeric codes are refused unless mapped explicitly', () => {
    const r = parseSex('1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/a value map/);
  });

  it('sex: other text is refused', () => {
    for (const raw of ['man', 'w', 'other', 'mf']) expect(parseSex(raw).ok, raw).toBe(false);
  });
});

describe('parseNumber', () => {
  it('numbers: plain decimals read, empty reads as null', () => {
    expect(parseNumber(' 45 ')).toEqual({ ok: true, value: 45 });
    expect(parseNumber('45.5')).toEqual({ ok: true, value: 45.5 });
    expect(parseNumber('4.5e1')).toEqual({ ok: true, value: 45 });
    expect(parseNumber('')).toEqual({ ok: true, value: null });
  });

  it('numbers: huge and non-finite numbers are refused', () => {
    expect(parseNumber('1e400').ok).toBe(false);
    expect(parseNumber('Infinity').ok).toBe(false);
    expect(parseNumber('NaN').ok).toBe(false);
    expect(parseNumber('9'.repeat(400)).ok).toBe(false);
    expect(parseNumber('1e308', { min: 0, max: 120, label: 'age' })).toEqual({ ok: false, reason: 'age 1e308 is above the allowed maximum 120' });
  });

  it('numbers: hex, units, decimal commas and other text are refused rather than coerced', () => {
    for (const raw of ['0x10', '45 y', '45,5', '1 000', '--3', '=1+1']) expect(parseNumber(raw).ok, raw).toBe(false);
  });

  it('numbers: a range bounds the value', () => {
    expect(parseNumber('-1', { min: 0 }).ok).toBe(false);
    expect(parseNumber('121', { max: 120 }).ok).toBe(false);
  });
});

describe('parseText and formulas', () => {
  it('text: is trimmed, empty reads as null', () => {
    expect(parseText('  P-001 ')).toEqual({ ok: true, value: 'P-001' });
    expect(parseText('')).toEqual({ ok: true, value: null });
  });

  it('text: formula-like strings (=, +, -, @ prefixes) are refused, never evaluated', () => {
    for (const raw of ["=cmd|' /C calc'!A0", '=1+1', '+A1', '-2+3', '@SUM(A1:A2)', ' =HYPERLINK("x")']) {
      const r = parseText(raw);
      expect(r.ok, raw).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/formula/);
    }
  });

  it('text: signed numbers and a lone dash are not formulas', () => {
    expect(isFormulaLike('-3')).toBe(false);
    expect(isFormulaLike('+82')).toBe(false);
    expect(isFormulaLike('-')).toBe(false);
    expect(parseText('-12')).toEqual({ ok: true, value: '-12' });
  });

  it('text: 10,000-character cells and control characters are refused', () => {
    expect(parseText('x'.repeat(10_000)).ok).toBe(false);
    expect(parseText('P\u0007001').ok).toBe(false);
  });

  it('csv output: formula-like cells get a leading apostrophe, others are unchanged', () => {
    expect(neutralizeFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(neutralizeFormula('@x')).toBe("'@x");
    expect(neutralizeFormula('\t=1')).toBe("'\t=1");
    expect(neutralizeFormula('-3')).toBe('-3');
    expect(neutralizeFormula('P-001')).toBe('P-001');
  });
});
