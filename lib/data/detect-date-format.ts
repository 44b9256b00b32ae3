import { parseDate, twoDigitYear, type DateCell } from './parse-date';
import type { ColumnMapping, DateFormat, SourceTable } from './types';

export type DateFormatDetection =
  | { ambiguous: false; format: DateFormat; evidence: string; unreadable: number }
  | { ambiguous: true; candidates: DateFormat[]; reason: string };

/** Formats that must be stated because their text also matches nothing else. ISO is tried first. */
export const STATED_FORMATS: DateFormat[] = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial'];
/** Every format a user can state, ISO first. */
export const DATE_FORMATS: DateFormat[] = ['iso', ...STATED_FORMATS];

/**
 * Finds the one date format that reads the most values, and refuses to guess when several read
 * them equally well (slash dates whose parts are all ≤ 12 read validly as both dd/mm and mm/dd).
 *
 * Only values that some format reads take part: ISO text and Date objects fit every format and
 * decide nothing, and a value no format reads (`n/a`, 31/02/2024, a year 2204) is left to
 * row-level validation, which rejects its row with the reason. Such values never make a
 * clean file undecidable; `unreadable` counts them.
 *
 * @example
 *   detectDateFormat(['03/04/2024', '25/04/2024']); // { ambiguous: false, format: 'dd/mm/yyyy', ... }
 *   detectDateFormat(['03/04/2024']);               // { ambiguous: true, candidates: ['dd/mm/yyyy', 'mm/dd/yyyy'], ... }
 *   detectDateFormat(['2024-01-05', 'n/a']);        // { ambiguous: false, format: 'iso', unreadable: 1, ... }
 */
export function detectDateFormat(values: readonly (DateCell | null | undefined)[]): DateFormatDetection {
  const deciding: DateCell[] = [];
  const unreadable: DateCell[] = [];
  let seen = 0;
  let iso = 0;
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    seen++;
    if (v instanceof Date || parseDate(v, 'iso').ok) {
      iso++;
      continue;
    }
    if (STATED_FORMATS.some((f) => parseDate(v, f).ok)) deciding.push(v);
    else unreadable.push(v);
  }
  if (seen === 0) return { ambiguous: true, candidates: [...DATE_FORMATS], reason: 'the date columns hold no values to decide from' };
  const rejectedNote = unreadable.length > 0 ? `; ${unreadable.length} value(s) no format reads, such as ${show(unreadable[0]!)}, will reject their rows` : '';
  if (deciding.length === 0) {
    if (iso > 0) return { ambiguous: false, format: 'iso', evidence: `${iso} date value(s) are ISO yyyy-mm-dd${rejectedNote}`, unreadable: unreadable.length };
    // Nothing at all reads: say why in the most useful terms.
    const twoDigit = unreadable.filter((v) => typeof v === 'string' && twoDigitYear(v));
    if (twoDigit.length > 0) {
      return {
        ambiguous: true,
        candidates: [...DATE_FORMATS],
        reason: `the dates are written with two-digit years (such as ${show(twoDigit[0]!)}), which cannot be read without guessing the century; re-export them with four-digit years in one of the formats below`,
      };
    }
    return { ambiguous: true, candidates: [...DATE_FORMATS], reason: `none of the ${seen} date values is written in a supported format (for example ${show(unreadable[0]!)})` };
  }

  const scores = STATED_FORMATS.map((format) => ({
    format,
    fits: deciding.filter((v) => parseDate(v, format).ok),
  }));
  const best = Math.max(...scores.map((s) => s.fits.length));
  const winners = scores.filter((s) => s.fits.length === best);
  if (winners.length > 1) {
    return {
      ambiguous: true,
      candidates: winners.map((w) => w.format),
      reason: `${best} of ${deciding.length} non-ISO dates read validly as ${winners.map((w) => w.format).join(' and as ')} (for example ${show(winners[0]!.fits[0]!)})`,
    };
  }
  const winner = winners[0]!;
  const others = scores.filter((s) => s !== winner);
  const decisive = winner.fits.find((v) => others.every((o) => !parseDate(v, o.format).ok)) ?? winner.fits[0]!;
  const misfits = deciding.length - best + unreadable.length;
  return {
    ambiguous: false,
    format: winner.format,
    evidence: `${show(decisive)} reads only as ${winner.format}` + (misfits > 0 ? `; ${misfits} value(s) do not read as ${winner.format} and will reject their rows` : ''),
    unreadable: misfits,
  };
}

/**
 * Runs `detectDateFormat` over every mapped date column of a table (visit, onset, treatment
 * start, birth), since they are written the same way within one export.
 */
export function detectTableDateFormat(table: SourceTable, mapping: ColumnMapping): DateFormatDetection {
  const columns = (['visit_date', 'onset_date', 'treatment_start_date', 'birth_date'] as const)
    .map((c) => mapping[c])
    .filter((h): h is string => h !== undefined)
    .map((h) => table.headers.indexOf(h))
    .filter((i) => i >= 0);
  // Distinct values only: dates repeat on every row of a patient, and a value decides the same once.
  const values = new Set<string>();
  for (const row of table.rows) for (const i of columns) values.add(row[i] ?? '');
  return detectDateFormat([...values]);
}

function show(v: DateCell): string {
  return v instanceof Date ? v.toISOString() : `'${String(v).slice(0, 40)}'`;
}
