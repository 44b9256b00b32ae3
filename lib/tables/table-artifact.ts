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
  rows: readonly Row[],
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
  const safeRows = rows.map((r) => Object.fromEntries(columns.map((c) => [c, clean(r[c] ?? null)])));
  const table = aq.from(safeRows.length ? safeRows : [Object.fromEntries(columns.map((c) => [c, null]))]);
  const csv = safeRows.length ? aq.toCSV(table, { columns: [...columns] }) : `${columns.join(',')}\n`;
  return {
    type: 'table',
    name,
    caption: options.caption,
    preview: options.preview ?? true,
    csv,
    markdown: options.markdown === false ? undefined : safeRows.length ? aq.toMarkdown(table, { columns: [...columns] }) : `|${columns.join('|')}|\n|${columns.map(() => ':-').join('|')}|\n`,
    latex: options.latex === false ? undefined : toLatex(safeRows, columns, options.caption),
  };
}
