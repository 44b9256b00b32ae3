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
