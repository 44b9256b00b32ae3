import type { ParseResult } from './types';

export interface NumberRange {
  min?: number;
  max?: number;
  /** What the number is, for messages ("age"). */
  label?: string;
}

// Plain decimal notation with an optional exponent; anything else (hex, "1,5", "45 y", "Infinity")
// is refused rather than coerced, because Number() would silently accept some of those.
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a finite decimal number, optionally within a range; empty reads as null.
 *
 * @example
 *   parseNumber(' 45 ', { min: 0, max: 120 }); // { ok: true, value: 45 }
 *   parseNumber('1e400');                      // { ok: false, reason: '... not a finite number' }
 */
export function parseNumber(raw: string, range: NumberRange = {}): ParseResult<number | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  const label = range.label ?? 'value';
  if (text.length > 40 || !NUMBER.test(text)) return { ok: false, reason: `${label} is not a number` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, reason: `${label} is not a finite number` };
  if (range.min !== undefined && value < range.min) {
    return { ok: false, reason: `${label} ${text} is below the allowed minimum ${range.min}` };
  }
  if (range.max !== undefined && value > range.max) {
    return { ok: false, reason: `${label} ${text} is above the allowed maximum ${range.max}` };
  }
  return { ok: true, value };
}
