'use client';
import Papa from 'papaparse';
import { useEffect, useMemo, useRef } from 'react';
import type { Artifact } from '@/lib/notebook/define-cell';

/** Draws a figure artifact with the page's document (the same builder the CLI uses with jsdom). */
export function FigureView({ artifact }: { artifact: Extract<Artifact, { type: 'figure' }> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    try {
      host.replaceChildren(artifact.render(document));
    } catch (err) {
      host.textContent = `Figure could not be drawn: ${(err as Error).message}`;
    }
  }, [artifact]);
  return <div className="figure" data-testid={`figure-${artifact.name}`} ref={ref} style={{ maxWidth: artifact.widthPx }} />;
}

/** Shows a table artifact (its CSV) as an HTML table, the first rows only for long tables. */
export function TableView({ artifact, maxRows = 50 }: { artifact: Extract<Artifact, { type: 'table' }>; maxRows?: number }) {
  const rows = useMemo(() => Papa.parse<string[]>(artifact.csv.trim(), { skipEmptyLines: true }).data, [artifact.csv]);
  const [header, ...body] = rows;
  if (!header) return null;
  return (
    <div className="table-scroll" data-testid={`table-${artifact.name}`} style={{ overflowX: 'auto' }}>
      <table className="data">
        <thead>
          <tr>{header.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {body.slice(0, maxRows).map((r, i) => (
            <tr key={i}>{r.map((v, j) => <td key={j}>{v}</td>)}</tr>
          ))}
        </tbody>
      </table>
      {body.length > maxRows && <p className="cell-meta">Showing {maxRows} of {body.length} rows; export the table for all of them.</p>}
    </div>
  );
}
