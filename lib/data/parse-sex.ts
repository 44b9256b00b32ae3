import type { ParseResult, Sex } from './types';

/**
 * Reads sex as `M`/`F` from `M`, `F`, `male`, `female` in any case; empty reads as null.
 * Numeric codes are refused: their meaning differs between EMRs, so they need an explicit value
 * map (`valueMaps.sex = { '1': 'M', '2': 'F' }`).
 *
 * @example
 *   parseSex('female'); // { ok: true, value: 'F' }
 *   parseSex('1');      // { ok: false, reason: 'a numeric sex code ...' }
 */
export function parseSex(raw: string): ParseResult<Sex | null> {
  const text = raw.trim().toLowerCase();
  if (text === '') return { ok: true, value: null };
  if (text === 'm' || text === 'male') return { ok: true, value: 'M' };
  if (text === 'f' || text === 'female') return { ok: true, value: 'F' };
  if (/^\d+$/.test(text)) {
    return { ok: false, reason: 'a numeric sex code needs a value map (for example 1 → M, 2 → F)' };
  }
  return { ok: false, reason: 'not a sex value (use M/F or male/female)' };
}
