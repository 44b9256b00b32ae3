import type { ParseResult } from './types';

/** Longest text accepted in a text column (patient id, site, diagnosis). */
export const MAX_TEXT_LENGTH = 200;

// Characters that make a spreadsheet treat a cell as a formula (CSV injection, OWASP). A plain
// signed number ("-3") and a lone dash are not one.
const FORMULA_START = /^(?:[=@\t\r]|[+-].)/s;
const SIGNED_NUMBER = /^[+-]\d+(?:\.\d+)?$/;
// C0 controls other than tab, and DEL: never part of a real id or label.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export const FORMULA_REASON = 'looks like a spreadsheet formula (starts with =, +, - or @); formulas are never evaluated, so write the plain value';

/** Whether a spreadsheet would evaluate this cell as a formula if it were written out as is. */
export function isFormulaLike(value: string): boolean {
  return FORMULA_START.test(value) && !SIGNED_NUMBER.test(value.trim());
}

/**
 * Reads a free-text value (patient id, site, diagnosis), trimmed; empty reads as null. Text that a
 * spreadsheet would run as a formula (`=cmd|' /C calc'!A0`, `+`, `-`, `@` prefixes), control
 * characters and over-long text are refused: nothing here is ever evaluated, and refusing keeps
 * such text out of every table we export.
 *
 * @example
 *   parseText(' P-001 ');   // { ok: true, value: 'P-001' }
 *   parseText('=1+1');      // { ok: false, reason: 'looks like a spreadsheet formula ...' }
 */
export function parseText(raw: string, maxLength = MAX_TEXT_LENGTH): ParseResult<string | null> {
  if (raw.length > maxLength * 4) return { ok: false, reason: `text is ${raw.length} characters long (limit ${maxLength})` };
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (text.length > maxLength) return { ok: false, reason: `text is ${text.length} characters long (limit ${maxLength})` };
  if (isFormulaLike(text)) {
    return { ok: false, reason: FORMULA_REASON };
  }
  if (CONTROL.test(text)) return { ok: false, reason: 'contains control characters' };
  return { ok: true, value: text };
}
