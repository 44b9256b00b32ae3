/**
 * Number formats for publication tables, one rule per kind of number so that every table
 * rounds the same way: metrics and errors to 3 decimals, means and SDs to 2 (1 for ages and
 * days), percentages to 1, p-values to 3 decimals with "< 0.001" below.
 */

/** A p-value as journals print it: "< 0.001", "0.012", "1.000"; "n/a" when it cannot be computed. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/** A fixed-decimals number; "n/a" for NaN or infinities (never "NaN" in a table). */
export function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/**
 * A 95% CI as publication tables write it: "0.853 to 0.953", "-0.094 to 2.249". Always " to ",
 * never a dash: a dash beside a negative bound ("−0.094–2.249") reads as a minus, and one rule
 * for every range keeps a column uniform. (The CSV keeps its own columns for the bounds where it
 * has them; the LaTeX export sets a leading hyphen-minus as a true minus.)
 */
export function ciRange(low: number, high: number, digits = 3): string {
  return `${fixed(low, digits)} to ${fixed(high, digits)}`;
}

/** "0.903 (0.853 to 0.953)": an estimate with its 95% CI. */
export function withCi(m: { value: number; ci_low: number; ci_high: number }, digits = 3): string {
  return `${fixed(m.value, digits)} (${ciRange(m.ci_low, m.ci_high, digits)})`;
}

/** A grid value (C, γ) with 3 significant digits: 0.0215443469 → "0.0215". */
export function significant(x: number, digits = 3): string {
  return Number.isFinite(x) ? String(+x.toPrecision(digits)) : 'n/a';
}

/**
 * A CSV value as the page shows it: long decimals (a prediction, a loss, a grid γ) rounded to 3
 * decimals from 1 up and to 3 significant digits below (0.0215443469 → "0.0215"); anything else
 * as it is. The CSV keeps every digit.
 */
export function displayCell(v: string): string {
  if (!/^-?\d+\.\d{5,}(e-?\d+)?$/.test(v)) return v;
  const n = Number(v);
  return String(Number(Math.abs(n) >= 1 ? n.toFixed(3) : n.toPrecision(3)));
}
