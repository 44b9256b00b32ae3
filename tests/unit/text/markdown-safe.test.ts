import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from '@/components/notebook/Markdown';
import { visibleControlCharacters } from '@/lib/text/control-characters';
import { escapeMarkdown, renderMarkdown, safeHref } from '@/lib/text/markdown-safe';

/**
 * Issue #30: Markdown from a notebook (which may come from someone else) is shown in the page
 * through one sanitizer (lib/text/markdown-safe.ts), for both renderers (notebook prose and a
 * page of its own). Hostile Markdown must come out with no live HTML and no script link.
 */
const HOSTILE = [
  '[<img src=x onerror=alert(1)>](https://a)',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](<java\tscript:alert(1)>)',
  '<javascript:alert(1)>',
  '<script>alert(1)</script>',
  'inline <script>alert(1)</script> and <img src=x onerror=alert(1)> here',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="javascript:alert(1)">**bold**</a>',
  '![x](data:text/html,<script>alert(1)</script>)',
  '![<img src=x onerror=alert(1)>](https://a/i.png)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[a [<img src=x onerror=alert(1)>](javascript:alert(1))](https://b)',
  '[[x](https://a)](javascript:alert(1))',
  '[![<img src=x onerror=alert(1)>](data:x)](javascript:alert(1))',
  '[x][r]\n\n[r]: javascript:alert(1)',
  '[x](vbscript:msgbox(1)) [y](file:///etc/passwd)',
  '# <img src=x onerror=alert(1)>\n\n| a | b |\n| - | - |\n| <img src=x onerror=alert(1)> | [c](javascript:alert(1)) |',
  '- [<svg onload=alert(1)>](https://a)\n- `<img src=x onerror=alert(1)>`',
  '<div onclick="alert(1)">\n\n*x*\n\n</div>',
];

/** The page's HTML of the component, as React writes it. */
const page = (text: string, headingOffset?: 0 | 1) => renderToStaticMarkup(createElement(Markdown, { text, headingOffset }));

function expectSafe(html: string) {
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<svg/i);
  expect(html).not.toMatch(/<(div|a)\s[^>]*\son\w+\s*=/i);
  expect(html).not.toMatch(/\son\w+\s*=\s*["'][^"']*["'][^<]*>/i);
  // Every link the HTML has goes to the web, mail or a relative address.
  for (const [, href] of html.matchAll(/href\s*=\s*"([^"]*)"/gi)) expect(href).toMatch(/^(https?:|mailto:|#|\/|\.)/i);
  expect(html).not.toMatch(/href\s*=\s*["']?\s*(javascript|data|vbscript|file):/i);
}

describe('notebook Markdown is rendered through one sanitizer', () => {
  it.each(HOSTILE)('%j: no live HTML, no script link (both renderers, and the component)', (text) => {
    for (const offset of [0, 1] as const) {
      expectSafe(renderMarkdown(text, offset));
      expectSafe(page(text, offset));
    }
  });

  it('link text is text: the image tag inside a web link is shown, not run', () => {
    const html = page('[<img src=x onerror=alert(1)>](https://a)');
    expect(html).toContain('<a href="https://a" rel="noreferrer noopener">&lt;img src=x onerror=alert(1)&gt;</a>');
  });

  it('a link to another scheme keeps its text and loses the link', () => {
    expect(renderMarkdown('[x](javascript:alert(1))').trim()).toBe('<p>x</p>');
    expect(renderMarkdown('<a href="javascript:alert(1)">x</a>')).toContain('&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;');
    expect(renderMarkdown('![x](data:text/html,<script>alert(1)</script>)').trim()).toBe('<p>x</p>');
  });

  it('web, mail, in-page and relative links are kept; headings follow the offset', () => {
    const html = page('# T\n\n[w](https://a.b/c?d=1&e=2) [m](mailto:a@b.c) [h](#top) [r](./a/b:c) [p](/data)');
    expect(html).toContain('<h2>T</h2>');
    expect(html).toContain('href="https://a.b/c?d=1&amp;e=2"');
    for (const href of ['mailto:a@b.c', '#top', './a/b:c', '/data']) expect(html).toContain(`href="${href}"`);
    expect(page('# T', 0)).toContain('<h1>T</h1>');
  });

  it('safeHref reads the scheme as the URL parser does', () => {
    for (const bad of ['javascript:x', ' JAVASCRIPT:x', '\u0001javascript:x', 'java\tscript:x', 'java\nscript:x', 'data:text/html,x', 'vbscript:x', 'file:///x']) expect(safeHref(bad), JSON.stringify(bad)).toBeUndefined();
    for (const good of ['https://a', 'HTTP://a', 'mailto:a@b', '#x', '?q=1', 'a/b', './a:b', '/x', '//a.b/c']) expect(safeHref(good), good).toBe(good);
  });
});

describe('escapeMarkdown: a user string as Markdown text', () => {
  it('HTML, links, emphasis, code and table pipes become text', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>[x](javascript:alert(1))|col')).toBe('&lt;img src=x onerror=alert(1)&gt;\\[x\\](javascript:alert(1))\\|col');
    expect(escapeMarkdown('*a* _b_ `c` ~~d~~ \\e &amp;')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\\\e &amp;amp;');
  });

  it('stays readable: words with underscores, parentheses, numbers', () => {
    expect(escapeMarkdown('my_cohort_2024 (v2).csv')).toBe('my_cohort_2024 (v2).csv');
    expect(escapeMarkdown('-3')).toBe('-3');
    expect(escapeMarkdown('1.5')).toBe('1.5');
  });

  it('a string at a line start cannot make a heading, list or rule', () => {
    expect(escapeMarkdown('# h')).toBe('\\# h');
    expect(escapeMarkdown('- x')).toBe('\\- x');
    expect(escapeMarkdown('1. x')).toBe('1\\. x');
    expect(escapeMarkdown('---')).toBe('\\---');
  });

  it('control characters: line breaks as spaces, the others visible', () => {
    expect(visibleControlCharacters('a\u0007b\u001bc\u0000d\ne\r\nf\tg\u0085h\u009b')).toBe('a[U+0007]b[U+001B]c[U+0000]d e f g h[U+009B]');
    expect(escapeMarkdown('a\nb\u0007')).toBe('a b\\[U+0007\\]');
  });
});
