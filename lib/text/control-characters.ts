/**
 * C0 and C1 control characters (and DEL) in user text — a data file's name, a title, a column
 * name — made harmless for a text format (Markdown, LaTeX): line breaks and tabs become a space,
 * so that one line stays one line (a table row, a sentence); every other control character
 * becomes a visible [U+XXXX], never silently dropped and never passed on (pdflatex stops with
 * "Text line contains an invalid character" on most of them).
 *
 *   visibleControlCharacters('a\u0007b\nc');   // 'a[U+0007]b c'
 */
const LINE_BREAK = /\r\n?|[\n\t\v\f\u0085\u2028\u2029]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function visibleControlCharacters(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(CONTROL, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

