import type { FigureData } from '../notebook/define-cell';

/**
 * Small helpers for a figure's text alternative (`description`) and the table behind it
 * (`data`), written from the numbers the figure draws. Pure: no DOM.
 */

/** A number in a description: fixed decimals, "n/a" when it could not be computed. */
export function dnum(x: number | null | undefined, digits = 3): string {
  return x !== null && x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** A share (0–1) as a percentage with one decimal: "91.5%"; "n/a" when not computed. */
export function dpct(x: number | null | undefined): string {
  return x !== null && x !== undefined && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a';
}

/** A number in a data table: rounded to `digits` decimals, null (an empty cell) when not computed. */
export function dcell(x: number | null | undefined, digits = 3): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A 95% CI in a description: "0.701 to 0.902", or "could not be computed". */
export function dci(low: number | null | undefined, high: number | null | undefined, digits = 3): string {
  const ok = (x: number | null | undefined) => x !== null && x !== undefined && Number.isFinite(x);
  return ok(low) && ok(high) ? `${dnum(low, digits)} to ${dnum(high, digits)}` : 'could not be computed';
}

/** Every k-th of a long series, keeping the first and the last, so at most `max` are left. */
export function thinned<T>(items: readonly T[], max = 200): T[] {
  if (items.length <= max) return [...items];
  const step = (items.length - 1) / (max - 1);
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(items[Math.round(k * step)]!);
  return out;
}

/** Sentences into one text: empty ones dropped, each ending with a full stop. */
export function sentences(...parts: (string | false | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .map((p) => (/[.!?]$/.test(p) ? p : `${p}.`))
    .join(' ');
}

/** The `description` and `data` of a figure artifact, ready to spread into it. */
export function figureText(description: string, columns: string[], rows: FigureData['rows']): { description: string; data: FigureData } {
  return { description, data: { columns, rows } };
}

/** "a, b and c". */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
