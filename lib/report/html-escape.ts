import { visibleControlCharacters } from '../text/control-characters';
import { escapeHtml } from '../text/markdown-safe';
import type { UserText } from './escape';

/**
 * HTML (report/report.html): control characters made visible as in the Markdown and LaTeX files
 * (a line break becomes a space, any other one `[U+XXXX]`), then `& < > " '` as entities, so the
 * text is the same text in an element or in a quoted attribute value and never becomes markup.
 *
 *   htmlText('<img src=x onerror=alert(1)>');   // '&lt;img src=x onerror=alert(1)&gt;'
 */
export const htmlText: UserText = (text) => escapeHtml(visibleControlCharacters(text));

/**
 * Text kept as it is laid out (pretty JSON in a `<pre>`): only `& < > " '` as entities. Line
 * breaks stay; JSON.stringify already writes every control character inside a string escaped.
 */
export function htmlPreText(text: string): string {
  return escapeHtml(text);
}
