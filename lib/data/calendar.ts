/**
 * Calendar arithmetic on ISO dates (yyyy-mm-dd) in UTC, so a date never shifts with the time
 * zone of the machine that reads it.
 *
 * @example
 *   daysBetween('2024-01-05', '2024-01-19'); // 14
 */
const MS_PER_DAY = 86_400_000;

/** The accepted years: outside them a date is almost surely a typo (2204, 1024). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 0);
}

/** The ISO date of a year, month and day, or why they are not a calendar date. */
export function isoFromParts(year: number, month: number, day: number): { ok: true; value: string } | { ok: false; reason: string } {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, reason: `year ${year} is implausible (allowed ${MIN_YEAR}–${MAX_YEAR})` };
  }
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} does not exist` };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    return { ok: false, reason: `not a calendar date (${MONTHS[month - 1]} ${year} has ${last} days)` };
  }
  return { ok: true, value: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` };
}

/** Days since 1970-01-01 of an ISO date (yyyy-mm-dd). */
export function dayNumber(iso: string): number {
  return daysFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

// Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic rather than through a Date
// object: ingestion computes this for every row (H. Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The ISO date of a day number (days since 1970-01-01). */
export function isoFromDayNumber(days: number): string {
  const d = new Date(days * MS_PER_DAY);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The ISO date `days` after (or before, when negative) an ISO date. */
export function addDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumber(iso) + days);
}

/** True for a real calendar date written yyyy-mm-dd (no 2024-02-31). */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m !== null && isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])).ok;
}

/** b - a in whole days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Completed years from a birth date to a later date (the usual "age on that day"). */
export function completedYears(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) < birth.slice(5) ? years - 1 : years;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
