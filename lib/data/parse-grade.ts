import type { ParseResult } from './types';

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6 };
// One grade as a Roman numeral or a digit, or a number that is out of range (caught below with a
// better message than "not a grade").
const TOKEN = '(vi{0,3}|i[vx]|i{1,3}|x|\\d+)';
const PREFIX = /^(?:h\s*[-.]?\s*b\.?(?:\s*grade)?|house\s*-?\s*brackmann(?:\s*grade)?|grade)\s*:?\s*/;
const SINGLE = new RegExp(`^${TOKEN}$`);
const DECIMAL = /^(\d+)\.(\d+)$/;
const RANGE = new RegExp(`^${TOKEN}\\s*(?:-|/|to)\\s*${TOKEN}$`);

const RANGE_HELP = 'use I–VI, 1–6, a half grade such as 3.5, or a range of adjacent grades such as III-IV';

function tokenValue(token: string): number {
  return /^\d+$/.test(token) ? Number(token) : (ROMAN[token] ?? Number.NaN);
}

/**
 * Reads a House–Brackmann grade. `I`..`VI` or `1`..`6` (any case, optional "grade"/"HB" prefix);
 * a half grade `3.5`; a range of two adjacent grades (`III-IV`, `3-4`, `III–IV`, `III—IV`,
 * `3/4`, `IV-III`) reads as the lower grade + 0.5. Empty reads as null (an ungraded visit).
 *
 * @example
 *   parseGrade('grade iii–iv'); // { ok: true, value: 3.5 }
 *   parseGrade('II-IV');        // { ok: false, reason: 'II-IV spans ...' }
 */
export function parseGrade(raw: string): ParseResult<number | null> {
  // NFKC turns the Unicode Roman numerals (Ⅲ) into letters and full-width digits into digits.
  const text = raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-') // hyphens, en/em dashes, minus sign
    .replace(/\s+/g, ' ');
  if (text === '') return { ok: true, value: null };
  if (text.length > 40) return { ok: false, reason: `not a House–Brackmann grade (${RANGE_HELP})` };
  const body = text.replace(PREFIX, '');

  const single = SINGLE.exec(body);
  if (single) return checkWhole(tokenValue(single[1]!), raw.trim());

  const decimal = DECIMAL.exec(body);
  if (decimal) {
    const value = Number(body);
    if (!(value >= 1 && value <= 6)) return { ok: false, reason: 'House–Brackmann grades run from I to VI (1 to 6)' };
    if (value * 2 !== Math.round(value * 2)) {
      return { ok: false, reason: 'grades are whole or half (for example 3 or 3.5)' };
    }
    return { ok: true, value };
  }

  const range = RANGE.exec(body);
  if (range) {
    const a = tokenValue(range[1]!);
    const b = tokenValue(range[2]!);
    for (const g of [a, b]) {
      if (!(g >= 1 && g <= 6)) return { ok: false, reason: 'House–Brackmann grades run from I to VI (1 to 6)' };
    }
    if (a === b) return { ok: false, reason: `${raw.trim()} names one grade twice; a range needs two adjacent grades` };
    if (Math.abs(a - b) !== 1) {
      return { ok: false, reason: `${raw.trim()} spans non-adjacent grades; only a range of two adjacent grades (such as III-IV) is allowed` };
    }
    return { ok: true, value: Math.min(a, b) + 0.5 };
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(body)) {
    return { ok: false, reason: 'looks like a date: a spreadsheet may have turned a range such as 3-4 into a date; store the grade column as text' };
  }
  return { ok: false, reason: `not a House–Brackmann grade (${RANGE_HELP})` };
}

function checkWhole(value: number, shown: string): ParseResult<number | null> {
  if (value >= 1 && value <= 6) return { ok: true, value };
  return { ok: false, reason: `${shown} is out of range: House–Brackmann grades run from I to VI (1 to 6)` };
}
