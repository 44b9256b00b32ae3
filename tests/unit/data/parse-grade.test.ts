import { describe, expect, it } from 'vitest';
import { parseGrade } from '@/lib/data/parse-grade';

const value = (raw: string) => {
  const r = parseGrade(raw);
  if (!r.ok) throw new Error(`expected ${raw} to parse: ${r.reason}`);
  return r.value;
};
const reason = (raw: string) => {
  const r = parseGrade(raw);
  if (r.ok) throw new Error(`expected ${raw} to be refused, got ${r.value}`);
  return r.reason;
};

describe('parseGrade', () => {
  it('grades: Roman numerals I..VI read as 1..6 in any case and spacing', () => {
    expect(['I', 'ii', 'III', 'iv', ' V ', 'Vi'].map(value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(value('Ⅳ')).toBe(4); // the Unicode Roman numeral character
  });

  it('grades: digits 1..6 and half grades such as 3.5 read as numbers', () => {
    expect(['1', '2', '3', '4', '5', '6'].map(value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(value('3.5')).toBe(3.5);
    expect(value('2.0')).toBe(2);
    expect(value('5.5')).toBe(5.5);
  });

  it('grades: a range of adjacent grades reads as the lower grade + 0.5', () => {
    for (const raw of ['III-IV', '3-4', 'III–IV', 'III—IV', '3/4', 'III/IV', 'grade III-IV', 'iii - iv', 'III to IV', 'Grade 3-4', 'HB III-IV', 'H-B grade: III-IV', '3 – 4']) {
      expect(value(raw), raw).toBe(3.5);
    }
    expect(value('I-II')).toBe(1.5);
    expect(value('V-VI')).toBe(5.5);
  });

  it('grades: a reversed range (IV-III) reads the same as III-IV', () => {
    expect(value('IV-III')).toBe(3.5);
    expect(value('4/3')).toBe(3.5);
  });

  it('grades: a range of non-adjacent grades (II-IV) is refused', () => {
    expect(reason('II-IV')).toMatch(/non-adjacent/);
    expect(reason('1-6')).toMatch(/non-adjacent/);
    expect(reason('III-III')).toMatch(/two adjacent grades/);
  });

  it('grades: empty reads as null (an ungraded visit)', () => {
    expect(value('')).toBeNull();
    expect(value('   ')).toBeNull();
  });

  it('grades: out-of-range grades (VII, 0, 7, 6.5) are refused with the allowed range', () => {
    for (const raw of ['VII', 'vii', '0', '7', '6.5', '0.5', 'VI-VII', 'X']) expect(reason(raw), raw).toMatch(/I to VI/);
  });

  it('grades: quarter grades and other text are refused', () => {
    expect(reason('3.25')).toMatch(/whole or half/);
    expect(reason('moderate')).toMatch(/not a House–Brackmann grade/);
    expect(reason('NA')).toMatch(/not a House–Brackmann grade/);
    expect(reason('x'.repeat(10_000))).toMatch(/not a House–Brackmann grade/);
    expect(reason("=cmd|' /C calc'!A0")).toMatch(/not a House–Brackmann grade/);
  });

  it('grades: a grade a spreadsheet turned into a date is refused with a hint', () => {
    expect(reason('2024-03-04')).toMatch(/turned a range such as 3-4 into a date/);
  });
});
