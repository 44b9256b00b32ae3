/**
 * Calendar arithmetic on ISO dates (yyyy-mm-dd) through UTC day numbers, so that no time zone
 * or daylight-saving shift can move a visit by a day.
 *
 * @example
 *   addDays('2024-02-28', 2); // '2024-03-01'
 *   daysBetween('2024-01-01', '2024-01-31'); // 30
 */
const MS_PER_DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real calendar date. */
export function isoToDayNumber(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`not an ISO date (yyyy-mm-dd): "${iso}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`not a calendar date: "${iso}"`);
  }
  return Math.round(ms / MS_PER_DAY);
}

/** The ISO date of a day number (days since 1970-01-01). */
export function dayNumberToIso(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return dayNumberToIso(isoToDayNumber(iso) + days);
}

/** `to - from` in whole days. */
export function daysBetween(from: string, to: string): number {
  return isoToDayNumber(to) - isoToDayNumber(from);
}
