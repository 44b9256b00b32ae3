'use client';
import { useMemo } from 'react';
import { renderMarkdown } from '@/lib/text/markdown-safe';

// Notebooks can be imported from others: lib/text/markdown-safe.ts shows raw HTML (also inside
// link text) as text and keeps only web, mail and relative links, so a shared notebook cannot
// run script in this page.

/** Markdown as HTML. `headingOffset` 0 keeps `#` as the page's h1 (default 1: below the notebook title). */
export function Markdown({ text, headingOffset = 1 }: { text: string; headingOffset?: 0 | 1 }) {
  const html = useMemo(() => renderMarkdown(text, headingOffset), [text, headingOffset]);
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
