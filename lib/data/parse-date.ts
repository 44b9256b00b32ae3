import { dayNumber, isoFromDayNumber, isoFromParts, MAX_YEAR, MIN_YEAR } from './calendar';
import type { DateFormat, ParseResult } from './types';

/** What a date cell may hold: text from a CSV, or a number / Date from an XLSX reader. */
export type DateCell = string | number | Date;

// An optional time of day after a date; the time is dropped (visits are counted in days).
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})${TIME}$`);
// 05/03/24, 5.3.24, 24-03-05: day, month and year of one or two digits each.
const TWO_DIGIT_YEAR = /^\d{1,2}([/.-])\d{1,2}\1\d{1,2}$/;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([./])(\d{1,2})\2(\d{1,2})${TIME}$`);
const SERIAL = /^\d+(?:\.\d+)?$/;

// Excel's 1900 date system counts 1900-01-01 as serial 1 and (wrongly, after Lotus 1-2-3) treats
// 1900 as a leap year: serial 60 is the non-existent 1900-02-29, and from serial 61 on every serial
// is one day ahead of a plain count. So serials >= 61 count from 1899-12-30, those < 60 from 1899-12-31.
const EPOCH_AFTER_BUG = dayNumber('1899-12-30');
const EPOCH_BEFORE_BUG = dayNumber('1899-12-31');
const MAX_SERIAL = dayNumber(`${MAX_YEAR}-12-31`) - EPOCH_AFTER_BUG;

/**
 * Reads one date as ISO yyyy-mm-dd. ISO text is always accepted; otherwise the value must be in
 * the stated `format` (never guessed: use `detectDateFormat` to choose one). Empty reads as null.
 * XLSX cells may arrive as `Date` (read in UTC) or as numbers (Excel serials, 1900 system).
 *
 * @example
 *   parseDate('05/03/2024', 'dd/mm/yyyy'); // { ok: true, value: '2024-03-05' }
 *   parseDate('31/02/2024', 'dd/mm/yyyy'); // { ok: false, reason: 'not a calendar date ...' }
 *   parseDate(45306, 'excel-serial');      // { ok: true, value: '2024-01-15' }
 */
export function parseDate(value: DateCell, format: DateFormat): ParseResult<string | null> {
  if (value instanceof Date) return fromDateObject(value);
  if (typeof value === 'number') {
    if (format === 'excel-serial') return fromSerial(value);
    return { ok: false, reason: `a number (${value}) where a date was expected; if the column holds Excel serial dates, choose the excel-serial format` };
  }
  const text = value.trim();
  if (text === '') return { ok: true, value: null };
  if (text.length > 40) return { ok: false, reason: 'not a date' };

  const iso = ISO.exec(text);
  if (iso) return isoFromParts(Number(iso[1]), Number(iso[2]), Number(iso[3]));

  switch (format) {
    case 'dd/mm/yyyy':
    case 'mm/dd/yyyy': {
      const m = DAY_MONTH_YEAR.exec(text);
      if (m) {
        const [first, second, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
        return format === 'dd/mm/yyyy' ? isoFromParts(year, second, first) : isoFromParts(year, first, second);
      }
      break;
    }
    case 'yyyy.mm.dd': {
      const m = YEAR_FIRST.exec(text);
      if (m) return isoFromParts(Number(m[1]), Number(m[3]), Number(m[4]));
      break;
    }
    case 'excel-serial':
      if (SERIAL.test(text)) return fromSerial(Number(text));
      break;
    case 'iso':
      break;
  }
  if (twoDigitYear(text)) return { ok: false, reason: TWO_DIGIT_REASON };
  return { ok: false, reason: `not a date in the stated format ${format} (or ISO yyyy-mm-dd)` };
}

const TWO_DIGIT_REASON = 'a two-digit year is ambiguous (24 could be 1924 or 2024); write the year with four digits';

/** True for text such as 05/03/24 or 24-03-05: a date whose year has two digits. */
export function twoDigitYear(text: string): boolean {
  return TWO_DIGIT_YEAR.test(text.trim());
}

function fromSerial(serial: number): ParseResult<string | null> {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) {
    return { ok: false, reason: `${serial} is not an Excel serial date between ${MIN_YEAR} and ${MAX_YEAR}` };
  }
  const whole = Math.floor(serial); // the fraction is the time of day
  if (whole === 60) {
    return { ok: false, reason: 'Excel serial 60 is 1900-02-29, a day that never existed (Excel\'s 1900 leap-year bug)' };
  }
  const days = whole < 60 ? EPOCH_BEFORE_BUG + whole : EPOCH_AFTER_BUG + whole;
  return { ok: true, value: isoFromDayNumber(days) };
}

function fromDateObject(date: Date): ParseResult<string | null> {
  const time = date.getTime();
  if (Number.isNaN(time)) return { ok: false, reason: 'an invalid date' };
  // XLSX readers give dates at UTC midnight; UTC parts keep the calendar day as written.
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}
