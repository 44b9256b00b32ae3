'use client';
import { Marked } from 'marked';
import { useMemo } from 'react';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Notebooks can be imported from others: raw HTML is shown as text, and only web and
// in-page links are kept, so a shared notebook cannot run script in this page.
const marked = new Marked({
  gfm: true,
  renderer: {
    html: (token) => escapeHtml(token.text),
    link({ href, text }) {
      const safe = /^(https?:|#|\/)/i.test(href) ? href : '#';
      return `<a href="${escapeHtml(safe)}" rel="noreferrer noopener">${text}</a>`;
    },
    image: ({ text }) => escapeHtml(text),
    // The notebook title is the page's only h1: prose headings start one level below it.
    heading({ tokens, depth }) {
      const level = Math.min(6, depth + 1);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>`;
    },
  },
});

// A page that is a document of its own (the synthetic cohort's description) keeps its headings.
const markedPage = new Marked({
  gfm: true,
  renderer: {
    html: (token) => escapeHtml(token.text),
    link({ href, text }) {
      const safe = /^(https?:|#|\/)/i.test(href) ? href : '#';
      return `<a href="${escapeHtml(safe)}" rel="noreferrer noopener">${text}</a>`;
    },
    image: ({ text }) => escapeHtml(text),
  },
});

/** Markdown as HTML. `headingOffset` 0 keeps `#` as the page's h1 (default 1: below the notebook title). */
export function Markdown({ text, headingOffset = 1 }: { text: string; headingOffset?: 0 | 1 }) {
  const html = useMemo(() => (headingOffset === 0 ? markedPage : marked).parse(text, { async: false }) as string, [text, headingOffset]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
