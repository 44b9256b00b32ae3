import { visibleControlCharacters } from '../text/control-characters';
import { neutralizeFormula as neutralizeText } from '../data/neutralize-formula';
import type { Artifact } from '../notebook/define-cell';
import { SPACE_WIDTH, textWidth } from './latex-metrics';

type Row = Record<string, unknown>;

/**
 * Text cells that a spreadsheet would run as formulas get a leading apostrophe (the data
 * module's rule, shared so that every export applies the same one); numbers are left alone.
 */
export function neutralizeFormula(value: unknown): unknown {
  return typeof value === 'string' ? neutralizeText(value) : value;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
  '<': '$<$', '>': '$>$', '|': '$\\vert$',
  // Braced: a cell starting with "[" right after a row's \\ would be read as \\[length].
  '[': '{[}', ']': '{]}',
};

/** Non-ASCII characters our own tables use, and common ones in clinic data, as pdflatex commands. */
const LATEX_UNICODE: Record<string, string> = {
  '≤': '$\\leq$', '≥': '$\\geq$', '±': '$\\pm$', '–': '--', '—': '---', '−': '$-$', '×': '$\\times$', '·': '$\\cdot$', '•': '\\textbullet{}',
  '²': '\\textsuperscript{2}', '³': '\\textsuperscript{3}', '°': '\\textdegree{}', 'µ': '$\\mu$', 'μ': '$\\mu$', '‰': '\\textperthousand{}',
  'α': '$\\alpha$', 'β': '$\\beta$', 'γ': '$\\gamma$', 'δ': '$\\delta$', 'κ': '$\\kappa$', 'λ': '$\\lambda$', 'σ': '$\\sigma$', 'χ': '$\\chi$',
  '‘': '`', '’': "'", '“': '``', '”': "''", '…': '\\ldots{}', '\u00a0': '~', 'ß': '\\ss{}', 'æ': '\\ae{}', 'Æ': '\\AE{}', 'ø': '\\o{}', 'Ø': '\\O{}', 'å': '\\aa{}', 'Å': '\\AA{}', 'œ': '\\oe{}', 'Œ': '\\OE{}', 'ł': '\\l{}', 'Ł': '\\L{}', 'ı': '\\i{}',
};
/** Combining accents (after NFD) as LaTeX accent commands: "é" = "e" + U+0301 → \'{e}. */
const LATEX_ACCENTS: Record<string, string> = {
  '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0308': '"', '\u0304': '=', '\u0307': '.', '\u030a': 'r', '\u030b': 'H', '\u030c': 'v', '\u0306': 'u', '\u0327': 'c', '\u0328': 'k',
};

/**
 * Text as pdflatex reads it (with the default OT1/T1 fonts and no extra packages): TeX
 * specials escaped, the symbols above as commands, accented Latin letters as accent commands,
 * and any other character (CJK, emoji…) written as a visible [U+XXXX], never dropped.
 */
export function escapeLatex(text: string): string {
  let out = '';
  // Control characters (a file name or cell holding \u0007) would stop pdflatex: shown as [U+0007].
  for (const ch of visibleControlCharacters(text).normalize('NFC')) {
    if (LATEX_SPECIALS[ch]) out += LATEX_SPECIALS[ch];
    else if (ch.charCodeAt(0) < 128) out += ch;
    else if (LATEX_UNICODE[ch]) out += LATEX_UNICODE[ch];
    else {
      const [base, ...marks] = [...ch.normalize('NFD')];
      if (base && base.charCodeAt(0) < 128 && marks.length && marks.every((m) => LATEX_ACCENTS[m])) {
        out += marks.reduce((acc, m) => `\\${LATEX_ACCENTS[m]}{${acc}}`, base === 'i' ? '\\i' : base);
      } else out += `{[}U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}{]}`;
    }
  }
  return out;
}

/**
 * A cell that holds a number, to be right-aligned: a number, or our formatted text such as
 * "0.903 (0.853 to 0.953)", "54.74 ± 17.71", "62 (24.4%)", "< 0.001", "136 : 118", "n/a".
 */
export function isNumberLike(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  if (!/\d/.test(text) && !/^n\/a\b/.test(text)) return false;
  return !/[A-Za-z]/.test(text.replace(/n\/a|\bto\b|\(constant\)|\d[eE][-+]?\d/g, ''));
}

/** An empty cell or a dash standing for "none": it does not decide a column's alignment. */
const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && /^\s*[-–—]?\s*$/.test(value));

/**
 * "Table 2. Prediction of…" → "Prediction of…": the number the author wrote comes from LaTeX's
 * own numbering (\caption prints "Table 2:" itself), so a leading "Table N." / "Fig. N." /
 * "Supplementary Table N." is dropped from the caption inside \caption.
 */
export function latexCaption(caption: string): string {
  return caption.replace(/^\s*(?:Supplementary\s+)?(?:Table|Fig\.|Figure)\s+S?\d+[A-Za-z]?[.:]\s+/i, '');
}

/**
 * A cell's LaTeX and indentation: leading spaces of a row label (Table 1's "  Grade II") are
 * one level (1 em) per two spaces; in a number, a hyphen-minus before a digit becomes a true
 * minus ("−0.094").
 */
function latexCell(value: unknown): { tex: string; indent: number; text: string } {
  const raw = value === null || value === undefined ? '' : String(value);
  const lead = /^[ \t\u00a0]*/.exec(raw)![0];
  const indent = Math.ceil(lead.replace(/\t/g, '  ').length / 2);
  let text = raw.slice(lead.length);
  if (isNumberLike(text)) text = text.replace(/(^|[\s(])-(?=\.?\d)/g, '$1−');
  return { tex: escapeLatex(text), indent, text };
}

/**
 * The pages a table must fit (pt): the text block of `\documentclass[10pt,a4paper]{article}`
 * is 345 × 598 pt; US letter gives 345 × 550, so heights (and a landscape page's width, which
 * is the text height) are taken from letter and a table fits either paper. A layout is
 * accepted when its estimated width is within FIT of the page (the estimate leaves out kerning).
 */
const PAGES = { portrait: { width: 345, height: 550 }, landscape: { width: 550, height: 345 } } as const;
const FIT = 0.97;
/** Font sizes, with their factor on 10 pt widths (measured with pdflatex) and line height. */
const SIZES = {
  normal: { command: '', scale: 1, baseline: 12 },
  small: { command: '\\small', scale: 0.925, baseline: 11 },
  footnote: { command: '\\footnotesize', scale: 0.85, baseline: 9.5 },
  script: { command: '\\scriptsize', scale: 0.8, baseline: 8 },
} as const;
type Size = (typeof SIZES)[keyof typeof SIZES];
const QUAD = 10;
/** A paragraph column is never made narrower than this (pt) for the sake of fewer lines. */
const LONG_TEXT = 100;

/** A cell: its LaTeX, indentation (in em), width (pt at 10 pt, with the indentation) and its words' widths. */
type Measured = { tex: string; indent: number; width: number; words: number[] };
/** A heading's pieces: words, and code names split after each "_" (joined without a space). */
type Piece = { text: string; width: number; space: boolean };
type Column = { align: 'l' | 'r'; pieces: Piece[]; cells: Measured[]; natural: number; longestWord: number; wrappable: boolean };
/** Rows of a leading column whose values come in runs ("All subjects" × 8, then "Persistent…" × 8). */
type Group = { start: number; tex: string; width: number };
type Layout = {
  orientation: keyof typeof PAGES;
  size: Size;
  /** The gap between columns: 2 \tabcolsep, 12 pt, or 6 pt as a last resort. */
  gap: number;
  columns: Column[];
  groups: Group[] | null;
  /** Width (pt, at the layout's size) of each paragraph column, null for a one-line column. */
  paragraph: (number | null)[];
  /** Each heading's lines. */
  head: string[][];
};

/** Greedy line breaking of pieces at `max` (pt at 10 pt): how many pieces go on each line. */
function breakLines(pieces: readonly { width: number; space?: boolean }[], max: number): number[] {
  const lines: number[] = [];
  let width = 0;
  for (const p of pieces) {
    const joined = width + (p.space === false ? 0 : SPACE_WIDTH) + p.width;
    if (lines.length && joined <= max) {
      width = joined;
      lines[lines.length - 1]!++;
    } else {
      lines.push(1);
      width = p.width;
    }
  }
  return lines.length ? lines : [1];
}

function headingPieces(head: string): Piece[] {
  return head
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => word.split(/(?<=_)(?=[^_])/).map((text, k) => ({ text, width: textWidth(text), space: k === 0 })));
}

function wrapHeading(pieces: readonly Piece[], max: number): string[] {
  let k = 0;
  return breakLines(pieces, max).map((n) =>
    pieces
      .slice(k, (k += n))
      .map((p, i) => (i > 0 && p.space ? ` ${p.text}` : p.text))
      .join(''),
  );
}

const longestPiece = (c: Column) => Math.max(0, ...c.pieces.map((p) => p.width));

/**
 * The first column as group headings when its values come in runs of two or more rows, each
 * value in one run: the column is dropped, each run is headed by a row with its value, and the
 * next column's text is indented under it.
 */
function groupRows(columns: readonly Column[], values: readonly unknown[]): { columns: Column[]; groups: Group[] } | null {
  const [first, next] = columns;
  if (!first || !next || first.align !== 'l' || values.length < 4 || values.some(isBlank)) return null;
  const groups: Group[] = [];
  const seen = new Set<string>();
  let runs = true;
  values.forEach((v, i) => {
    const key = String(v);
    if (i > 0 && key === String(values[i - 1])) return;
    // A value met again after another one: not runs (rows sorted otherwise), no groups.
    if (seen.has(key)) runs = false;
    seen.add(key);
    groups.push({ start: i, tex: first.cells[i]!.tex, width: first.cells[i]!.width });
  });
  if (!runs || groups.length < 2 || groups.some((g, k) => (groups[k + 1]?.start ?? values.length) - g.start < 2)) return null;
  const indented: Column =
    next.align === 'l'
      ? { ...next, cells: next.cells.map((m) => ({ ...m, indent: m.indent + 1, width: m.width + QUAD, words: m.words.map((w, k) => (k === 0 ? w + QUAD : w)) })), natural: next.natural + QUAD, longestWord: Math.max(...next.cells.map((m) => (m.words[0] ?? 0) + QUAD), next.longestWord) }
      : next;
  return { columns: [indented, ...columns.slice(2)], groups };
}

/** Estimated width (pt) of a layout: the columns, the gaps between them, and any group heading. */
function layoutWidth(l: Layout): number {
  const s = l.size.scale;
  const widths = l.columns.map((c, j) => l.paragraph[j] ?? Math.max(c.natural, ...l.head[j]!.map(textWidth)) * s);
  const table = widths.reduce((a, b) => a + b, 0) + l.gap * Math.max(0, l.columns.length - 1);
  return Math.max(table, ...(l.groups ?? []).map((g) => g.width * s));
}

/**
 * A layout at one orientation, size and gap:
 *  - headings on one line, or broken over lines no wider than their column's cells;
 *  - with `wrap`, text columns become paragraph columns (tabularx X, or p in a longtable)
 *    sharing the room the other columns leave, each at least its longest word and, unless
 *    `squeeze`, half its widest cell or LONG_TEXT (short labels break into two lines at most,
 *    long text into as many as it needs).
 * Null when the estimated width exceeds the page.
 */
function tryLayout(
  base: { columns: Column[]; groups: Group[] | null },
  orientation: keyof typeof PAGES,
  size: Size,
  options: { headings: boolean; wrap: boolean; gap: number; squeeze?: boolean },
): Layout | null {
  const { columns, groups } = base;
  const limit = PAGES[orientation].width * FIT;
  const s = size.scale;
  const layout: Layout = { orientation, size, gap: options.gap, columns, groups, paragraph: columns.map(() => null), head: columns.map((c) => [c.pieces.map((p, i) => (i > 0 && p.space ? ` ${p.text}` : p.text)).join('')]) };
  if (options.headings) layout.head = columns.map((c) => wrapHeading(c.pieces, Math.max(c.natural, longestPiece(c))));
  const wraps = columns.map((c) => options.wrap && c.wrappable);
  if (wraps.some(Boolean)) {
    const fixed = columns.reduce((sum, c, j) => sum + (wraps[j] ? 0 : Math.max(c.natural, ...layout.head[j]!.map(textWidth)) * s), options.gap * Math.max(0, columns.length - 1));
    const natural = columns.map((c) => Math.max(c.natural, longestPiece(c)));
    const least = columns.map((c, j) => Math.max(c.longestWord, longestPiece(c), options.squeeze ? 0 : Math.min(natural[j]! / 2, LONG_TEXT)));
    const room = limit - fixed;
    const need = columns.reduce((sum, _, j) => sum + (wraps[j] ? least[j]! * s : 0), 0);
    const slack = columns.reduce((sum, _, j) => sum + (wraps[j] ? (natural[j]! - least[j]!) * s : 0), 0);
    const share = slack > 0 ? Math.min(1, Math.max(0, (room - need) / slack)) : 0;
    layout.paragraph = columns.map((_, j) => (wraps[j] ? (least[j]! + (natural[j]! - least[j]!) * share) * s : null));
    columns.forEach((c, j) => {
      if (wraps[j]) layout.head[j] = wrapHeading(c.pieces, layout.paragraph[j]! / s);
    });
  }
  return options.squeeze || layoutWidth(layout) <= limit ? layout : null;
}

/**
 * The layout a table gets, decided by its estimated width. In portrait, and only when nothing
 * fits there in landscape, the first that fits of
 *   1. at \normalsize, \small, \footnotesize, then \footnotesize with half the gap between
 *      columns: every cell and heading on one line (a plain tabular); headings over several
 *      lines; the first column as group headings when its values come in runs (Table 2's
 *      subsets);
 *   2. the same sizes with text columns wrapping (tabularx X columns), without and then with
 *      the groups;
 * then \scriptsize on a landscape page, and at last paragraph columns down to their longest
 * word. So a table that fits stays a plain tabular at full size, a smaller font is preferred to
 * cells broken over lines, and only a table too wide for every portrait layout is turned.
 */
function chooseLayout(columns: Column[], firstValues: readonly unknown[]): Layout {
  const flat = { columns, groups: null };
  const grouped = groupRows(columns, firstValues);
  const variants = (wrap: boolean) =>
    wrap
      ? [{ base: flat, headings: true, wrap }, ...(grouped ? [{ base: grouped, headings: true, wrap }] : [])]
      : [{ base: flat, headings: false, wrap }, { base: flat, headings: true, wrap }, ...(grouped ? [{ base: grouped, headings: true, wrap }] : [])];
  const steps = [
    { size: SIZES.normal, gap: 12 },
    { size: SIZES.small, gap: 12 },
    { size: SIZES.footnote, gap: 12 },
    { size: SIZES.footnote, gap: 6 },
  ];
  for (const orientation of ['portrait', 'landscape'] as const)
    for (const wrap of [false, true])
      for (const { size, gap } of orientation === 'landscape' && wrap ? [...steps, { size: SIZES.script, gap: 6 }] : steps)
        for (const v of variants(wrap)) {
          const layout = tryLayout(v.base, orientation, size, { ...v, gap });
          if (layout) return layout;
        }
  return tryLayout(grouped ?? flat, 'landscape', SIZES.script, { headings: true, wrap: true, gap: 6, squeeze: true })!;
}

/** Estimated height (pt) of the table with its caption, to tell a float from a longtable. */
function layoutHeight(layout: Layout, caption: string | undefined, rows: number): number {
  const { baseline, scale } = layout.size;
  const captionLines = caption ? Math.ceil((textWidth(`Table 99: ${caption}`) + 20) / PAGES[layout.orientation].width) : 0;
  const lines = (j: number, cell: Measured) => (layout.paragraph[j] === null ? 1 : breakLines(cell.words.map((width) => ({ width })), layout.paragraph[j]! / scale).length);
  let body = (layout.groups?.length ?? 0) * (baseline + 3);
  for (let i = 0; i < rows; i++) body += Math.max(1, ...layout.columns.map((c, j) => lines(j, c.cells[i]!))) * baseline;
  const headLines = Math.max(1, ...layout.head.map((h) => h.length));
  return captionLines * 12 + 10 + headLines * baseline + body + 20;
}

/**
 * A booktabs LaTeX table that fits an A4 (or US letter) article at 10 pt, in the layout
 * `chooseLayout` decides by width. `header` are the printed column names; `label` gives
 * \label{tab:label}. Numbers (and our number texts with CIs, p-values, n (%)) are
 * right-aligned, text left-aligned; a row label's leading spaces are kept as indentation; a
 * leading "Table N." is left to LaTeX's numbering. A table taller than its page (a landscape
 * page is 345 pt high) is a longtable, breaking over pages with its headings repeated. The
 * first line names the packages the file needs: booktabs, and tabularx (or array, with
 * longtable), longtable and pdflscape where used.
 */
export function toLatex(rows: readonly Row[], columns: readonly string[], caption?: string, header: readonly string[] = columns, options: { label?: string } = {}): string {
  const cols: Column[] = columns.map((c, j) => {
    const values = rows.map((r) => r[c]);
    const filled = values.filter((v) => !isBlank(v));
    const align = filled.length > 0 && filled.every(isNumberLike) ? 'r' : 'l';
    const cells = values.map((v) => {
      const { tex, indent, text } = latexCell(v);
      const words = text.split(/\s+/).filter(Boolean).map(textWidth);
      if (words.length) words[0]! += indent * QUAD;
      return { tex, indent, width: indent * QUAD + textWidth(text), words };
    });
    return {
      align,
      pieces: headingPieces(String(header[j] ?? c)),
      cells,
      natural: Math.max(0, ...cells.map((m) => m.width)),
      longestWord: Math.max(0, ...cells.flatMap((m) => m.words)),
      wrappable: align === 'l' && cells.some((m) => m.words.length > 1),
    };
  });
  const text = caption === undefined ? undefined : latexCaption(caption);
  const layout = chooseLayout(cols, rows.map((r) => r[columns[0]!]));
  const { columns: shown, groups, paragraph } = layout;
  const long = layoutHeight(layout, text, rows.length) > PAGES[layout.orientation].height * FIT;
  const landscape = layout.orientation === 'landscape';
  const wraps = paragraph.some((w) => w !== null);

  const widths = paragraph.filter((w): w is number => w !== null);
  const mean = widths.reduce((a, b) => a + b, 0) / Math.max(1, widths.length);
  const ragged = '\\raggedright\\arraybackslash';
  const spec = shown
    .map((c, j) => {
      const w = paragraph[j];
      if (w === null || w === undefined) return c.align;
      if (long) return `>{${ragged}}p{${w.toFixed(1)}pt}`;
      // tabularx shares its free width among X columns by their \hsize factors (they sum to the count).
      const factor = w / mean;
      return Math.abs(factor - 1) < 0.005 ? `>{${ragged}}X` : `>{${ragged}\\hsize=${factor.toFixed(3)}\\hsize}X`;
    })
    .join('');
  const headCell = (j: number) => {
    const lines = layout.head[j]!.map(escapeLatex);
    return lines.length > 1 ? `\\begin{tabular}[b]{@{}${shown[j]!.align}@{}}${lines.join(' \\\\ ')}\\end{tabular}` : (lines[0] ?? '');
  };
  const headRow = `${shown.map((_, j) => headCell(j)).join(' & ')} \\\\`;
  // Leading text columns (Table 2's model and evaluation set) print a value once, not again in
  // the rows below that repeat it with everything to its left; the last of them names the row.
  const leading = shown.findIndex((c) => c.align !== 'l');
  const repeats = (i: number, j: number) => i > 0 && !groups?.some((g) => g.start === i) && shown.slice(0, j + 1).every((c) => c.cells[i]!.tex === c.cells[i - 1]!.tex && c.cells[i]!.indent === c.cells[i - 1]!.indent);
  // Indentation: \quad in a one-line cell; in a paragraph cell \leftskip, so every line is indented.
  const cellTex = (j: number, m: Measured) => (m.indent === 0 || !m.tex ? m.tex : paragraph[j] === null ? `${'\\quad '.repeat(m.indent)}${m.tex}` : `\\leftskip=${m.indent}em\\relax ${m.tex}`);
  const body: string[] = [];
  rows.forEach((_, i) => {
    const g = groups?.find((x) => x.start === i);
    if (g) body.push(`${i > 0 ? '\\addlinespace\n' : ''}\\multicolumn{${shown.length}}{@{}l@{}}{${g.tex}} \\\\`);
    body.push(`${shown.map((c, j) => (j < (leading < 0 ? shown.length : leading) - 1 && repeats(i, j) ? '' : cellTex(j, c.cells[i]!))).join(' & ')} \\\\`);
  });
  const label = text && options.label ? `\\label{tab:${options.label.replace(/[^A-Za-z0-9_.:-]/g, '-')}}` : '';
  const captionLine = text ? `\\caption{${escapeLatex(text)}}${label}` : '';
  const setup = [...(layout.size.command ? [layout.size.command] : []), ...(layout.gap !== 12 ? [`\\setlength{\\tabcolsep}{${layout.gap / 2}pt}`] : [])];
  const packages = ['booktabs', ...(wraps ? [long ? 'array' : 'tabularx'] : []), ...(long ? ['longtable'] : []), ...(landscape ? ['pdflscape'] : [])];

  let lines: string[];
  if (long) {
    const continued = text ? '\\tablename\\ \\thetable{} (continued)' : '(continued)';
    lines = [
      '\\begingroup',
      ...setup,
      `\\begin{longtable}{@{}${spec}@{}}`,
      ...(captionLine ? [`${captionLine} \\\\`] : []),
      '\\toprule',
      headRow,
      '\\midrule',
      '\\endfirsthead',
      `\\multicolumn{${shown.length}}{@{}l@{}}{${continued}} \\\\`,
      '\\toprule',
      headRow,
      '\\midrule',
      '\\endhead',
      '\\bottomrule',
      '\\endfoot',
      ...body,
      '\\end{longtable}',
      '\\endgroup',
    ];
  } else {
    const env = wraps ? 'tabularx' : 'tabular';
    lines = [
      '\\begin{table}[htbp]',
      '\\centering',
      ...(captionLine ? [captionLine] : []),
      ...setup,
      `\\begin{${env}}${wraps ? '{\\linewidth}' : ''}{@{}${spec}@{}}`,
      '\\toprule',
      headRow,
      '\\midrule',
      ...body,
      '\\bottomrule',
      `\\end{${env}}`,
      '\\end{table}',
    ];
  }
  if (landscape) lines = ['\\begin{landscape}', ...lines, '\\end{landscape}'];
  return `% Needs ${packages.map((p) => `\\usepackage{${p}}`).join(' ')}\n${lines.join('\n')}\n`;
}

/**
 * A table artifact in the three export formats (CSV, Markdown, LaTeX) from plain rows.
 * Column order is given explicitly so files are stable across runs.
 *
 * @example
 *   tableArtifact('grid_cv', [{ C: 1, gamma: 0.1, mean_cv_accuracy: 0.8 }], ['C', 'gamma', 'mean_cv_accuracy'])
 */
export function tableArtifact(
  name: string,
  /**
   * Rows, or (for a CSV-only export of a large table) any iterable, read once row by row, or a
   * function giving one: then the CSV is written only when something reads it (a download, the
   * export), not when the page shows the cell.
   */
  rows: readonly Row[] | Iterable<Row> | (() => Iterable<Row>),
  columns: readonly string[],
  options: {
    caption?: string;
    markdown?: boolean;
    latex?: boolean;
    preview?: boolean;
    /** The rows hold text from the user's file: neutralize formula-like cells (our own "-18.3 ± 7.1" stays as it is). */
    untrustedText?: boolean;
    /** Reader's headings by column key; columns not named keep their key. */
    headers?: Record<string, string>;
    /** How many rows a lazy (function) or iterable `rows` gives, for the page's "N rows" without writing the CSV. */
    rowCount?: number;
  } = {},
): Extract<Artifact, { type: 'table' }> {
  const clean = options.untrustedText ? neutralizeFormula : (v: unknown) => v;
  const wantsMarkdown = options.markdown !== false;
  const wantsLatex = options.latex !== false;
  const header = columns.map((c) => options.headers?.[c] ?? c);
  const rowCount = Array.isArray(rows) ? rows.length : options.rowCount;
  const base = { type: 'table' as const, name, caption: options.caption, preview: options.preview ?? true, ...(options.headers ? { header } : {}), ...(rowCount !== undefined ? { rowCount } : {}) };
  if (typeof rows === 'function') {
    if (wantsMarkdown || wantsLatex) throw new Error(`tableArtifact(${name}): lazy rows are for CSV-only tables (markdown: false, latex: false)`);
    let csv: string | undefined;
    // Written at the first read and kept: a million-row table costs nothing until it is wanted.
    return Object.defineProperty({ ...base, markdown: undefined, latex: undefined }, 'csv', { enumerable: true, get: () => (csv ??= toCsv((rows as () => Iterable<Row>)(), columns, clean)) }) as Extract<Artifact, { type: 'table' }>;
  }
  // Markdown and LaTeX are for small tables (Table 1, the grid); a large export (the windows)
  // asks for CSV only and is written without copying its rows.
  const list = wantsMarkdown || wantsLatex ? (Array.isArray(rows) ? (rows as readonly Row[]) : [...rows]) : undefined;
  const csv = toCsv(list ?? rows, columns, clean);
  const safeRows = list ? list.map((r) => Object.fromEntries(columns.map((c) => [c, clean(r[c] ?? null)]))) : [];
  const mdCell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
  const markdown = [`| ${header.map(mdCell).join(' | ')} |`, `| ${columns.map((c) => (safeRows.length && safeRows.every((r) => typeof r[c] === 'number' || r[c] === null) ? '---:' : ':---')).join(' | ')} |`, ...safeRows.map((r) => `| ${columns.map((c) => mdCell(r[c])).join(' | ')} |`)].join('\n') + '\n';
  return {
    ...base,
    csv,
    markdown: wantsMarkdown ? markdown : undefined,
    latex: wantsLatex ? toLatex(safeRows, columns, options.caption, header, { label: name }) : undefined,
  };
}

const NEEDS_QUOTES = /[",\n\r]/;

/**
 * CSV text exactly as arquero's toCSV writes it (empty for null, dates as UTC ISO text, a
 * value quoted when it holds a quote, a comma or a line break), one row at a time.
 */
function toCsv(rows: Iterable<Row>, columns: readonly string[], clean: (v: unknown) => unknown): string {
  const format = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    const text = value instanceof Date ? formatUtcDate(value) : String(value);
    return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  // Lines are joined a thousand at a time: a million-row table then holds a thousand chunk
  // strings on the way, not a million line strings.
  const chunks: string[] = [];
  let lines: string[] = [columns.map(format).join(',')];
  let n = 0;
  for (const r of rows) {
    lines.push(columns.map((c) => format(clean(r[c] ?? null))).join(','));
    n++;
    if (lines.length === 1000) {
      chunks.push(lines.join('\n'));
      lines = [];
    }
  }
  // No rows: the header as given (what the arquero-based writer wrote for an empty table).
  if (n === 0) return `${columns.join(',')}\n`;
  if (lines.length) chunks.push(lines.join('\n'));
  chunks.push('');
  return chunks.join('\n');
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const formatYear = (year: number) => (year < 0 ? `-${pad(-year, 6)}` : year > 9999 ? `+${pad(year, 6)}` : pad(year, 4));

/**
 * arquero's formatUTCDate(date, true), written out: the date alone at UTC midnight, else the
 * time to the precision it has. arquero itself is not called here because the page's
 * Content-Security-Policy forbids the code it compiles with `Function`.
 */
function formatUtcDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'Invalid Date';
  const [h, min, sec, ms] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()];
  const day = `${formatYear(date.getUTCFullYear())}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  if (ms) return `${day}T${pad(h, 2)}:${pad(min, 2)}:${pad(sec, 2)}.${pad(ms, 3)}Z`;
  if (sec) return `${day}T${pad(h, 2)}:${pad(min, 2)}:${pad(sec, 2)}Z`;
  if (min || h) return `${day}T${pad(h, 2)}:${pad(min, 2)}Z`;
  return day;
}
