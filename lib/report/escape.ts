import { escapeLatex } from '../tables/table-artifact';
import { visibleControlCharacters } from '../text/control-characters';
import { escapeMarkdown } from '../text/markdown-safe';

/**
 * How the report files escape text. The methods paragraph and the checklist are written once
 * and then as Markdown and as LaTeX; every string that comes from the manifest (the data
 * file's name, notebook and cell ids, the profile, parameters, versions) goes through the
 * format's escaper, the fixed prose does not need to.
 */

/** Writes one string from the manifest into the output format. */
export type UserText = (text: string) => string;

/** As it is: for text that is escaped as a whole afterwards (LaTeX) or not written to a file. */
export const plainText: UserText = (text) => text;

/** Markdown (report/*.md): see escapeMarkdown in lib/text/markdown-safe.ts. */
export const markdownText: UserText = escapeMarkdown;

/**
 * LaTeX (report/*.tex): escapeLatex, after control characters (BEL, ESC, NUL, a line break…
 * in a data file's name) are made visible as [U+XXXX] or a space, so that the file compiles.
 */
export function latexText(text: string): string {
  return escapeLatex(visibleControlCharacters(text));
}

/**
 * latexText for a narrow table column: a long run without spaces (a SHA-256, a file name, a
 * cell id such as lstm-persistent-m1) may break every 12 characters (\allowbreak), so that it
 * wraps instead of running into the margin. Each piece is escaped on its own, so a break never
 * falls inside a command.
 */
export function latexBreakableText(text: string): string {
  // Pieces are cut from the text as written, so a control character's [U+0007] stays whole.
  return text
    .normalize('NFC')
    .split(/(\s+)/)
    .map((token) => {
      const chars = [...token];
      if (chars.length <= 16 || /^\s+$/.test(token)) return latexText(token);
      const pieces: string[] = [];
      for (let i = 0; i < chars.length; i += 12) pieces.push(latexText(chars.slice(i, i + 12).join('')));
      return pieces.join('\\allowbreak{}');
    })
    .join('');
}

/**
 * latexText for running prose (the methods paragraphs): a long run without spaces (a file path
 * such as models/lstm-persistent-m1.json) may break after its /, -, . and _ (and every 12
 * characters where it has none), so a paragraph listing files stays inside the text block.
 */
export function latexProseText(text: string): string {
  return text
    .normalize('NFC')
    .split(/(\s+)/)
    .map((token) => {
      if ([...token].length <= 20 || /^\s+$/.test(token)) return latexText(token);
      const parts = token.split(/(?<=[/\-._])/);
      return parts.map((part) => ([...part].length > 16 ? latexBreakableText(part) : latexText(part))).join('\\allowbreak{}');
    })
    .join('');
}

/**
 * A longtable column spec whose paragraph columns, ragged right, fill exactly the line width:
 * each share of \linewidth less its own column padding (needs the array package).
 */
export function latexColumns(shares: readonly number[]): string {
  // \hspace{0pt} lets TeX hyphenate a cell's first word ("Interpre-tation"), which it otherwise never does.
  return shares.map((f) => `>{\\raggedright\\arraybackslash\\hspace{0pt}}p{\\dimexpr ${f}\\linewidth-2\\tabcolsep\\relax}`).join('');
}
