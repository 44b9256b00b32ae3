'use client';
import Papa from 'papaparse';
import { useState } from 'react';
import type { FigureData } from '@/lib/notebook/define-cell';
import { downloadText } from './download';

/** The table behind a figure as CSV: the reader's headings, empty cells where a value is missing. */
export function figureDataCsv(data: FigureData): string {
  return Papa.unparse({ fields: data.columns, data: data.rows.map((r) => r.map((v) => v ?? '')) });
}

/**
 * "Data behind this figure": a disclosure (closed by default, so the page does not grow) with
 * the numbers the figure draws as a real table and a CSV download of it. The table is only
 * built while open: a notebook has many figures with hundreds of drawn points each.
 */
export function FigureDataView({ name, data }: { name: string; data: FigureData }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="figure-data" data-testid={`figure-data-${name}`} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        Data behind this figure <span className="cell-meta">({data.rows.length} {data.rows.length === 1 ? 'row' : 'rows'})</span>
      </summary>
      <div className="figure-data-actions">
        <button type="button" className="button small" onClick={() => downloadText(figureDataCsv(data), `${name}-data.csv`, 'text/csv')}>
          CSV
        </button>
      </div>
      {open && (
        // Focusable, so a table wider or taller than its frame can be scrolled from the keyboard.
        <div className="table-scroll figure-data-scroll" tabIndex={0} role="region" aria-label={`Data behind figure ${name}`}>
          <table className="data">
            <thead>
              <tr>
                {data.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j}>{v ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
