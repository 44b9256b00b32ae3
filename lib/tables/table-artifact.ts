import * as aq from 'arquero';
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
};
const escapeLatex = (s: string) => s.replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIALS[c]!).replace(/±/g, '$\\pm$').replace(/–/g, '--');

/** A booktabs LaTeX table. */
export function toLatex(rows: readonly Row[], columns: readonly string[], caption?: string): string {
  const align = columns.map((c) => (rows.every((r) => typeof r[c] === 'number' || r[c] === null || r[c] === undefined) ? 'r' : 'l')).join('');
  const cell = (v: unknown) => (v === null || v === undefined ? '' : escapeLatex(String(v)));
  const lines = [
    '\\begin{table}[ht]',
    '\\centering',
    ...(caption ? [`\\caption{${escapeLatex(caption)}}`] : []),
    `\\begin{tabular}{${align}}`,
    '\\toprule',
    `${columns.map((c) => cell(c)).join(' & ')} \\\\`,
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
  /** Rows, or (for a CSV-only export of a large table) any iterable: it is read once, row by row. */
  rows: readonly Row[] | Iterable<Row>,
  columns: readonly string[],
  options: {
    caption?: string;
    markdown?: boolean;
    latex?: boolean;
    preview?: boolean;
    /** The rows hold text from the user's file: neutralize formula-like cells (our own "-18.3 ± 7.1" stays as it is). */
    untrustedText?: boolean;
  } = {},
): Extract<Artifact, { type: 'table' }> {
  const clean = options.untrustedText ? neutralizeFormula : (v: unknown) => v;
  const wantsMarkdown = options.markdown !== false;
  const wantsLatex = options.latex !== false;
  // Markdown and LaTeX are for small tables (Table 1, the grid); a large export (the windows)
  // asks for CSV only and is written without copying its rows.
  const list = wantsMarkdown || wantsLatex ? (Array.isArray(rows) ? (rows as readonly Row[]) : [...rows]) : undefined;
  const csv = toCsv(list ?? rows, columns, clean);
  const safeRows = list ? list.map((r) => Object.fromEntries(columns.map((c) => [c, clean(r[c] ?? null)]))) : [];
  const table = wantsMarkdown && safeRows.length ? aq.from(safeRows) : undefined;
  return {
    type: 'table',
    name,
    caption: options.caption,
    preview: options.preview ?? true,
    csv,
    markdown: !wantsMarkdown ? undefined : table ? aq.toMarkdown(table, { columns: [...columns] }) : `|${columns.join('|')}|\n|${columns.map(() => ':-').join('|')}|\n`,
    latex: wantsLatex ? toLatex(safeRows, columns, options.caption) : undefined,
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
  const lines = [columns.map(format).join(',')];
  for (const r of rows) lines.push(columns.map((c) => format(clean(r[c] ?? null))).join(','));
  // No rows: the header as given (what the arquero-based writer wrote for an empty table).
  if (lines.length === 1) return `${columns.join(',')}\n`;
  lines.push('');
  return lines.join('\n');
}

/** arquero's formatUTCDate(date, true): the date alone at UTC midnight, else the full ISO time. */
function formatUtcDate(date: Date): string {
  return aq.toCSV(aq.from([{ d: date }]), { header: false }).trimEnd();
}
