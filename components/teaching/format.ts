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

export const pct = (p: number, digits = 0) => `${(p * 100).toFixed(digits)}%`;
