/**
 * Shared look of every figure, sized for print. A figure is drawn in CSS px at 96 px per inch
 * at its final printed width (89 mm single column, 120 mm 1.5 column, 183 mm double column, or
 * any width in mm), so a font size in px converts to pt exactly: 1 pt = 96/72 px. Text is 7–8 pt
 * at print size and never below 6 pt; strokes are at least 0.5 pt. The exported SVG states its
 * size in mm, so a layout program places it at that size.
 */

/** Journal column widths (mm): Nature/Sci Rep single, 1.5 and double column. */
export const WIDTH_PRESETS_MM = { single: 89, 'one-and-half': 120, double: 183 } as const;
export type WidthPreset = keyof typeof WIDTH_PRESETS_MM;

export const PX_PER_MM = 96 / 25.4;
export const PX_PER_PT = 96 / 72;
export const mmToPx = (mm: number) => Math.round(mm * PX_PER_MM * 100) / 100;
export const pxToMm = (px: number) => px / PX_PER_MM;
const pt = (x: number) => Math.round(x * PX_PER_PT * 100) / 100;

/** Font sizes in px (at print size): 8 pt text and titles, 7 pt ticks and notes, 6 pt the floor. */
export const FONT = { title: pt(8), label: pt(8), tick: pt(7), note: pt(7), min: pt(6) } as const;
/** Stroke widths in px: hairline 0.5 pt (the minimum a printer holds), normal 0.75 pt, data lines 1.25 pt. */
export const STROKE = { hair: pt(0.5), normal: pt(0.75), line: pt(1.25), emphasis: pt(1.75) } as const;

/** Options every figure builder takes. */
export interface FigureOptions {
  /** The DOM document to build with (the page's, or jsdom's in Node). */
  document?: Document;
  /** Printed width in mm (default: the figure's own preset). */
  widthMm?: number;
}

/** The document to build with: builders run in the page, in a worker-free Node (jsdom) and in tests alike. */
export function documentOf(options: FigureOptions): Document {
  if (!options.document) throw new Error('figure builders need a document (the page’s, or jsdom’s in Node)');
  return options.document;
}

/** The width in px of a figure for its options, with the figure's default in mm. */
export function figureWidthPx(options: FigureOptions, defaultMm: number): number {
  const mm = options.widthMm ?? defaultMm;
  if (!(mm >= 40 && mm <= 300)) throw new Error(`figure width must be between 40 and 300 mm, got ${mm}`);
  return mmToPx(mm);
}

/**
 * Reads a width setting: a preset name (`single`, `one-and-half`, `double`), or a width in mm
 * (`89mm`, `89`). Throws a message that says what is accepted.
 */
export function parseFigureWidth(text: string): number {
  const t = text.trim().toLowerCase();
  if (t in WIDTH_PRESETS_MM) return WIDTH_PRESETS_MM[t as WidthPreset];
  const m = /^(\d+(?:\.\d+)?)\s*(mm)?$/.exec(t);
  if (m) {
    const mm = Number(m[1]);
    if (mm >= 40 && mm <= 300) return mm;
  }
  throw new Error(`figure width "${text}" is not understood: use single (89 mm), one-and-half (120 mm), double (183 mm) or a width from 40mm to 300mm`);
}

export const FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

export const baseStyle = {
  fontFamily: FONT_FAMILY,
  fontSize: `${FONT.tick}px`,
  background: 'white',
  color: '#000000',
  overflow: 'visible',
} as const;

/**
 * Okabe–Ito colours (safe for the common colour-vision deficiencies). Pairs that appear
 * together differ in lightness as well as hue (blue vs orange, black vs grey), so a greyscale
 * print still tells them apart; series also differ in dash pattern or marker shape.
 */
export const palette = {
  ink: '#000000',
  muted: '#595959',
  grid: '#dddddd',
  /** Okabe–Ito blue: dark in greyscale. */
  primary: '#0072B2',
  /** Okabe–Ito orange: light in greyscale. */
  secondary: '#E69F00',
  /** Okabe–Ito vermillion. */
  accent: '#D55E00',
  ok: '#009E73',
  light: '#c8c8c8',
  band: '#56B4E9',
} as const;

/** Roman numerals for House–Brackmann grade axes (I = normal ... VI = total palsy). */
export function romanGrade(g: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI'][Math.round(g)] ?? String(g);
}

/** A grade tick label: Roman for whole grades, "II–III" for half grades (a grade recorded between two). */
export function gradeLabel(g: number): string {
  if (Number.isInteger(g)) return romanGrade(g);
  if (Number.isInteger(g * 2)) return `${romanGrade(Math.floor(g))}–${romanGrade(Math.ceil(g))}`;
  return g.toFixed(1);
}

/** House–Brackmann grades run from I to VI; a value outside is clamped for drawing and counted. */
export function clampGrade(g: number): number {
  return Math.min(6, Math.max(1, g));
}

/**
 * Approximate width of a text in px for the figure font (DejaVu Sans is wide: these per-class
 * advances are its own, rounded up), used to size margins, wrap lines and lay out legends
 * before anything is rendered. The overlap test measures the real rendering.
 */
export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.32;
    else if ('il.,:;|!\'()[]'.includes(ch)) em += 0.3;
    else if ('ftjrI'.includes(ch)) em += 0.42;
    else if ('mwMW—'.includes(ch)) em += 0.92;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else if (ch >= '0' && ch <= '9') em += 0.64;
    else em += 0.62;
  }
  return em * fontPx;
}

/** Greedy word wrap to a width in px (words longer than the width stay whole on their line). */
export function wrapText(text: string, maxPx: number, fontPx: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, fontPx) > maxPx) {
        out.push(line);
        line = word;
      } else line = next;
    }
    out.push(line);
  }
  return out;
}

/** Panel letters, in order (A, B, …). */
export const PANEL_LETTERS = 'ABCDEFGH';

/** Axis labels centred on their axis, without Plot's arrow (a journal's style). */
export const CENTERED_AXIS_LABEL = { labelAnchor: 'center', labelArrow: 'none' } as const;
