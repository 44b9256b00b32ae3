import type { ParseResult } from './types';

const TRUE = new Set(['1', 'yes', 'y', 'true', 't']);
const FALSE = new Set(['0', 'no', 'n', 'false', 'f']);

/**
 * Reads a yes/no flag: `1/0`, `yes/no`, `y/n`, `true/false`, `t/f` in any case; empty reads as
 * null (unknown). Anything else is refused, never guessed.
 *
 * @example
 *   parseBoolean('Yes'); // { ok: true, value: true }
 *   parseBoolean('');    // { ok: true, value: null }
 */
export function parseBoolean(raw: string): ParseResult<boolean | null> {
  const text = raw.trim().toLowerCase();
  if (text === '') return { ok: true, value: null };
  if (TRUE.has(text)) return { ok: true, value: true };
  if (FALSE.has(text)) return { ok: true, value: false };
  return { ok: false, reason: 'not a yes/no value (use 1/0, yes/no, y/n, true/false or t/f)' };
}
