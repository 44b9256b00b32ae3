/** Display helpers shared by the teaching views. */
const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', 'VI'];

/** 3 → "III", 3.5 → "III–IV" (how records write a half grade). */
export function gradeLabel(g: number): string {
  if (Number.isInteger(g)) return ROMAN[g] ?? String(g);
  return `${ROMAN[Math.floor(g)]}–${ROMAN[Math.ceil(g)]}`;
}

/** A predicted (continuous) grade: "3.4 (≈ III)". */
export function predictedGrade(g: number): string {
  return `${g.toFixed(1)} (≈ ${ROMAN[Math.min(6, Math.max(1, Math.round(g)))]})`;
}

/** A share as a percentage; beyond what the rounding can show, "> 99%" / "< 1%" (never "100%"). */
export function pct(p: number, digits = 0): string {
  const step = 10 ** -digits;
  const hi = 100 - step / 2, lo = step / 2;
  if (p * 100 >= hi && p < 1) return `> ${(100 - step).toFixed(digits)}%`;
  if (p * 100 < lo && p > 0) return `< ${step.toFixed(digits)}%`;
  return `${(p * 100).toFixed(digits)}%`;
}

/** "95% interval 55–69%", or "95% interval also > 99%" when both ends round alike. */
export function intervalText(low: number, high: number): string {
  const a = pct(low), b = pct(high);
  return a === b ? `95% interval also ${a}` : `95% interval ${a} to ${b}`;
}
