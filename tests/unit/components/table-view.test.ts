/**
 * Issue #28: a table's name is above it, and a long table shows its first rows with a
 * "Show all N rows" button (aria-expanded) instead of filling the page.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { COLLAPSED_ROWS, LONG_TABLE_ROWS, TableView } from '@/components/notebook/ArtifactView';
import { tableArtifact } from '@/lib/tables/table-artifact';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ day: i, grade: (i % 6) + 1 }));
const html = (n: number, name = 'course') => renderToStaticMarkup(createElement(TableView, { artifact: tableArtifact(name, rows(n), ['day', 'grade'], { caption: 'Every day' }) }));
const bodyRows = (markup: string) => (markup.match(/<tbody>.*<\/tbody>/s)?.[0].match(/<tr>/g) ?? []).length;

describe('TableView', () => {
  it('a long table: its first rows and a collapsed "Show all N rows"', () => {
    const markup = html(961);
    expect(bodyRows(markup)).toBe(COLLAPSED_ROWS);
    expect(markup).toMatch(/<button[^>]*aria-expanded="false"[^>]*data-testid="show-all-course"[^>]*>Show all 961 rows<\/button>/);
    expect(markup).toContain('10 of 961 rows shown');
  });

  it('a short table (Table 1, the audit): every row, no button', () => {
    const markup = html(LONG_TABLE_ROWS);
    expect(bodyRows(markup)).toBe(LONG_TABLE_ROWS);
    expect(markup).not.toContain('show-all-');
    expect(bodyRows(html(LONG_TABLE_ROWS + 1))).toBe(COLLAPSED_ROWS);
  });

  it('the name, row count and exports come before the caption and the rows', () => {
    const markup = html(30);
    const name = markup.indexOf('<strong>course</strong> · 30 rows');
    expect(name).toBeGreaterThan(-1);
    expect(name).toBeLessThan(markup.indexOf('Every day'));
    expect(markup.indexOf('Every day')).toBeLessThan(markup.indexOf('<table'));
    // One name line inside the exports row (the large-upload e2e reads `.exports .cell-meta`).
    expect(markup.match(/class="cell-meta[^"]*"/g)).toHaveLength(1);
  });
});
