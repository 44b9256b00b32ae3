import { parseDate, type DateCell } from './parse-date';
import type { ColumnMapping, DateFormat, SourceTable } from './types';

export type DateFormatDetection =
  | { ambiguous: false; format: DateFormat; evidence: string }
  | { ambiguous: true; candidates: DateFormat[]; reason: string };

/** Formats that must be stated because their text also matches nothing else. ISO is tried first. */
const STATED_FORMATS: DateFormat[] = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial'];

/**
 * Finds the one date format that reads the most values, and refuses to guess when several read
 * them equally well (slash dates whose parts are all ≤ 12 read validly as both dd/mm and mm/dd).
 * Values that are ISO text or Date objects fit every format and decide nothing.
 *
 * @example
 *   detectDateFormat(['03/04/2024', '25/04/2024']); // { ambiguous: false, format: 'dd/mm/yyyy', ... }
 *   detectDateFormat(['03/04/2024']);               // { ambiguous: true, candidates: ['dd/mm/yyyy', 'mm/dd/yyyy'], ... }
 */
export function detectDateFormat(values: readonly (DateCell | null | undefined)[]): DateFormatDetection {
  const deciding: DateCell[] = [];
  let seen = 0;
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) continue;
    seen++;
    if (v instanceof Date || parseDate(v, 'iso').ok) continue;
    deciding.push(v);
  }
  if (seen === 0) return { ambiguous: true, candidates: [...STATED_FORMATS], reason: 'there are no dates to decide from' };
  if (deciding.length === 0) return { ambiguous: false, format: 'iso', evidence: `every date (${seen} values) is ISO yyyy-mm-dd` };

  const scores = STATED_FORMATS.map((format) => ({
    format,
    fits: deciding.filter((v) => parseDate(v, format).ok),
  }));
  const best = Math.max(...scores.map((s) => s.fits.length));
  if (best === 0) {
    return { ambiguous: true, candidates: [], reason: `no known date format reads values such as ${show(deciding[0]!)}` };
  }
  const winners = scores.filter((s) => s.fits.length === best);
  if (winners.length > 1) {
    return {
      ambiguous: true,
      candidates: winners.map((w) => w.format),
      reason: `${best} of ${deciding.length} dates read validly as ${winners.map((w) => w.format).join(' and as ')} (for example ${show(winners[0]!.fits[0]!)}); state the format`,
    };
  }
  const winner = winners[0]!;
  const others = scores.filter((s) => s !== winner);
  const decisive = winner.fits.find((v) => others.every((o) => !parseDate(v, o.format).ok)) ?? winner.fits[0]!;
  const misfits = deciding.length - best;
  return {
    ambiguous: false,
    format: winner.format,
    evidence: `${show(decisive)} reads only as ${winner.format}` + (misfits > 0 ? `; ${misfits} value(s) fit no format and will be rejected` : ''),
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
