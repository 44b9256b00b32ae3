import { visibleControlCharacters } from '../text/control-characters';
import { neutralizeFormula as neutralizeText } from '../data/neutralize-formula';
import type { Artifact } from '../notebook/define-cell';

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

/** A booktabs LaTeX table (needs \\usepackage{booktabs}); `header` are the printed column names. */
export function toLatex(rows: readonly Row[], columns: readonly string[], caption?: string, header: readonly string[] = columns): string {
  const align = columns.map((c) => (rows.every((r) => typeof r[c] === 'number' || r[c] === null || r[c] === undefined) ? 'r' : 'l')).join('');
  const cell = (v: unknown) => (v === null || v === undefined ? '' : escapeLatex(String(v)));
  const lines = [
    '\\begin{table}[ht]',
    '\\centering',
    ...(caption ? [`\\caption{${escapeLatex(caption)}}`] : []),
    `\\begin{tabular}{${align}}`,
    '\\toprule',
    `${header.map((c) => cell(c)).join(' & ')} \\\\`,
    '\\midrule',
    ...rows.map((r) => `${columns.map((c) => cell(r[c])).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
  ];
  return `${lines.join('\n')}\n`;
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
    latex: wantsLatex ? toLatex(safeRows, columns, options.caption, header) : undefined,
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
