/**
 * Shared look of every figure, sized for print: a journal's single column is ~85 mm and a
 * double column ~174 mm; at 96 px per inch that is ~320 px and ~660 px. Text is 11 px (tick
 * labels 10 px), which prints at >= 7.5 pt when the figure is placed at its pixel width.
 */
export const COLUMN_WIDTH = { single: 340, double: 660 } as const;

export const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

export const baseStyle = {
  fontFamily: FONT_FAMILY,
  fontSize: '11px',
  background: 'white',
  color: '#1a1a1a',
  overflow: 'visible',
} as const;

export const palette = {
  ink: '#1a1a1a',
  muted: '#6b7280',
  grid: '#e5e7eb',
  primary: '#1f5fae',
  secondary: '#c2410c',
  ok: '#15803d',
  light: '#d1d5db',
} as const;

/** Roman numerals for House–Brackmann grade axes (I = normal ... VI = total palsy). */
export function romanGrade(g: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI'][Math.round(g)] ?? String(g);
}
