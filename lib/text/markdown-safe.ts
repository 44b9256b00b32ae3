import { Marked, type RendererObject } from 'marked';
import { visibleControlCharacters } from './control-characters';

/**
 * The one place where text meets Markdown and HTML:
 *
 * - `escapeMarkdown` for a user's string (a data file's name, a title, a column name, a
 *   parameter) written into a Markdown file of ours (report/methods.md, report/tripod-ai.md):
 *   it reads as the same text in any Markdown viewer and never becomes markup, HTML or a link.
 * - `renderMarkdown` for Markdown from a notebook (which may come from someone else) shown in
 *   the page: raw HTML is shown as text, link text goes through the same renderer as any other
 *   text, and links are kept only to web, mail and relative addresses.
 */

/** Text as HTML text or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * A user's string as Markdown text, kept readable: control characters as in
 * `visibleControlCharacters` (a line break would end a table row), `<`, `>` and `&` as HTML
 * entities (no tag, no autolink, no entity of the user's), and the characters that make
 * emphasis, code, links, strikethrough or a table cell (`\ * _ ` [ ] ~ |`) backslash-escaped; a
 * string that would start a heading, list or rule at the start of a line gets its first
 * character escaped. An underscore inside a word (`my_data.csv`) is left alone: CommonMark
 * never reads it as emphasis. Parentheses are left alone too: without an unescaped `]` they
 * cannot make a link.
 *
 *   escapeMarkdown('<img src=x>[x](javascript:1)|a');   // '&lt;img src=x&gt;\[x\](javascript:1)\|a'
 */
export function escapeMarkdown(text: string): string {
  const out = visibleControlCharacters(text)
    .replace(/[\\`*[\]~|]/g, '\\$&')
    .replace(/_/g, (_m, i: number, s: string) => (/[\p{L}\p{N}]/u.test(s[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(s[i + 1] ?? '') ? '_' : '\\_'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  // At a line's start: "# h", "- item", "+ item", "1. item", "1) item", "===" / "---" (heading underline, rule).
  return out.replace(/^(#{1,6}|[-+=]+|\d{1,9}[.)])(?=\s|$)/, (m) => (/^\d/.test(m) ? `${m.slice(0, -1)}\\${m.slice(-1)}` : `\\${m}`));
}

/**
 * The address of a link as written, when it is one to follow: http(s), mailto or relative
 * (a path, `#anchor`, `?query`); undefined for any other scheme (javascript:, data:, vbscript:,
 * file:…). The scheme is read as the browser's URL parser reads it: leading and trailing
 * spaces and control characters dropped, tabs and line breaks removed anywhere
 * (`java\tscript:` is javascript:).
 */
export function safeHref(href: string): string | undefined {
  const parsed = href.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(parsed)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? href : undefined;
}

// The renderer parts both instances share: every raw-HTML path of marked goes through here.
const safeParts: RendererObject = {
  // Raw HTML, block or inline (<script>, <img onerror>, <a href="javascript:">): shown as text.
  html: ({ text }) => escapeHtml(text),
  // Link text is rendered as any other inline text (its HTML escaped), never inserted raw.
  link({ href, tokens }) {
    const label = this.parser.parseInline(tokens);
    const safe = safeHref(href);
    return safe === undefined ? label : `<a href="${escapeHtml(safe)}" rel="noreferrer noopener">${label}</a>`;
  },
  // Images are not loaded (no data: or tracking URLs): their alt text is shown.
  image: ({ text }) => escapeHtml(text),
};

// Notebook prose: the notebook title is the page's only h1, so headings start one level below it.
const notebookMarked = new Marked({
  gfm: true,
  renderer: {
    ...safeParts,
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + 1);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>`;
    },
  },
});

// A page that is a document of its own (the synthetic cohort's description) keeps its headings.
const pageMarked = new Marked({ gfm: true, renderer: safeParts });

/** Markdown as safe HTML. `headingOffset` 0 keeps `#` as h1 (default 1: below the notebook title). */
export function renderMarkdown(text: string, headingOffset: 0 | 1 = 1): string {
  return (headingOffset === 0 ? pageMarked : notebookMarked).parse(text, { async: false }) as string;
}
