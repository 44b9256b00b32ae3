'use client';
import Papa from 'papaparse';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { figureSvgText } from '@/lib/figures/compose-figure';
import type { Artifact } from '@/lib/notebook/define-cell';
import { downloadBlob, downloadText, svgToPngBlob } from './download';

type FigureArtifact = Extract<Artifact, { type: 'figure' }>;
type TableArtifact = Extract<Artifact, { type: 'table' }>;

/** A figure builder that may take a printed width (figure builders that support it lay out again for it). */
type SizedRender = (document: Document, options?: { widthMm?: number }) => Element;

/**
 * The printed width that fits a frame narrower than the figure (a phone), in mm at 96 px per
 * inch; undefined when the figure fits as it is.
 */
function narrowWidthMm(framePx: number, figurePx: number): number | undefined {
  if (!(framePx > 0) || framePx >= figurePx) return undefined;
  return Math.floor((framePx / 96) * 25.4);
}

/** Draws a figure artifact with the page's document (the same builder the CLI uses with jsdom). */
export function FigureView({ artifact }: { artifact: FigureArtifact }) {
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const [frameMm, setFrameMm] = useState<number | undefined>(undefined);
  // Drawn before the browser paints, so an empty frame never shows and then grows (no layout shift).
  // In a frame narrower than the figure (a phone), the figure is laid out for that width rather
  // than shrunk, where its builder supports it; otherwise the stylesheet scales it to the frame.
  useLayoutEffect(() => {
    const host = ref.current;
    if (!host) return;
    const mm = narrowWidthMm(host.parentElement?.clientWidth ?? 0, artifact.widthPx);
    if (mm !== frameMm) setFrameMm(mm);
    try {
      host.replaceChildren((artifact.render as SizedRender)(document, mm === undefined ? undefined : { widthMm: mm }));
      setError(undefined);
    } catch (err) {
      setError(`Figure could not be drawn: ${(err as Error).message}`);
    }
  }, [artifact, frameMm]);
  const svgText = () => figureSvgText(ref.current!.firstElementChild!);
  return (
    <figure className="artifact">
      <div className="figure" data-testid={`figure-${artifact.name}`} ref={ref} style={{ maxWidth: artifact.widthPx }} data-width-mm={frameMm} />
      {error && <div className="error-box" role="alert">{error}</div>}
      <figcaption className="exports">
        <span className="cell-meta">{artifact.name}</span>
        <button type="button" className="button small" onClick={() => downloadText(svgText(), `${artifact.name}.svg`, 'image/svg+xml')}>
          SVG
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => void svgToPngBlob(svgText(), 300).then((blob) => downloadBlob(blob, `${artifact.name}.png`))}
        >
          PNG 300 dpi
        </button>
      </figcaption>
    </figure>
  );
}

/** A table artifact: its first rows as an HTML table (unless download-only) and its exports. */
export function TableView({ artifact, maxRows = 25 }: { artifact: TableArtifact; maxRows?: number }) {
  const rows = useMemo(() => (artifact.preview === false ? [] : Papa.parse<string[]>(artifact.csv.trim(), { skipEmptyLines: true }).data), [artifact]);
  const [header, ...body] = rows;
  const nRows = artifact.preview === false ? artifact.csv.trim().split('\n').length - 1 : body.length;
  return (
    <div className="artifact" data-testid={`table-${artifact.name}`}>
      {artifact.caption && <p className="table-caption">{artifact.caption}</p>}
      {header && (
        <div className="table-scroll">
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
        </div>
      )}
      <div className="exports">
        <span className="cell-meta">
          {artifact.name} · {nRows} rows{header && body.length > maxRows ? ` (first ${maxRows} shown)` : ''}
        </span>
        <button type="button" className="button small" onClick={() => downloadText(artifact.csv, `${artifact.name}.csv`, 'text/csv')}>
          CSV
        </button>
        {artifact.markdown !== undefined && (
          <button type="button" className="button small" onClick={() => downloadText(artifact.markdown!, `${artifact.name}.md`, 'text/markdown')}>
            Markdown
          </button>
        )}
        {artifact.latex !== undefined && (
          <button type="button" className="button small" onClick={() => downloadText(artifact.latex!, `${artifact.name}.tex`, 'application/x-tex')}>
            LaTeX
          </button>
        )}
      </div>
    </div>
  );
}
