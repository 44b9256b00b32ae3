'use client';
import Papa from 'papaparse';
import { createContext, useContext, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { figureSvgText, type FigureProvenance } from '@/lib/figures/compose-figure';
import { FONT, WIDTH_PRESETS_MM, mmToPx, parseFigureWidth } from '@/lib/figures/theme';
import type { Artifact } from '@/lib/notebook/define-cell';
import { displayCell } from '@/lib/tables/format';
import { tableDocx } from '@/lib/tables/table-docx';
import { downloadBlob, downloadText } from './download';
import { figureDrawBudget } from './draw-budget';
import { packageVersions } from './export-all';
import { pdfBytes, pngBytes, tiffBytes } from './figure-export';
import { labelFigure } from './figure-accessibility';
import { FigureDataView } from './FigureData';

type FigureArtifact = Extract<Artifact, { type: 'figure' }>;
type TableArtifact = Extract<Artifact, { type: 'table' }>;

/** What a figure file records about the notebook and data it came from (set by the notebook view). */
export const FigureSourceContext = createContext<{ notebook: string; dataSha256: string }>({ notebook: 'unknown', dataSha256: 'unknown' });

const bytesBlob = (bytes: Uint8Array, type: string) => new Blob([bytes as BlobPart], { type });

/**
 * The printed width that fits a frame narrower than the figure (a phone), in mm at 96 px per
 * inch; undefined when the figure fits as it is.
 */
function narrowWidthMm(framePx: number, figurePx: number): number | undefined {
  if (!(framePx > 0) || framePx >= figurePx) return undefined;
  return Math.floor((framePx / 96) * 25.4);
}

/**
 * For a screen view (the teaching notebook at a projector): the printed width to lay the figure
 * out at so that, scaled up to fill the frame, its smallest text (FONT.min, 6 pt) is `textPx`
 * on screen. The files are still made at print size.
 */
export function screenWidthMm(framePx: number, textPx: number): number | undefined {
  if (!(framePx > 0)) return undefined;
  return Math.max(40, Math.floor(((framePx * FONT.min) / textPx / 96) * 25.4));
}

/**
 * Draws a figure artifact with the page's document (the same builder the CLI uses with jsdom),
 * at a journal width chosen here (the CLI's --figure-width), and exports it as SVG, vector PDF,
 * PNG or TIFF at 300 or 600 dpi, the resolution and provenance written into the files.
 */
export function FigureView({ artifact, parametersHash, screenTextPx }: { artifact: FigureArtifact; parametersHash?: string; /** Draw for the screen: the smallest text at least this many px (the teaching notebook). */ screenTextPx?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const source = useContext(FigureSourceContext);
  const [error, setError] = useState<string>();
  const [width, setWidth] = useState<string>('default');
  const [custom, setCustom] = useState('');
  const [dpi, setDpi] = useState<300 | 600>(300);
  const [busy, setBusy] = useState<string>();
  const [frameMm, setFrameMm] = useState<number | undefined>(undefined);
  const descriptionId = useId();
  const widthMm = useMemo(() => {
    if (width === 'default') return artifact.widthMm;
    if (width === 'custom') {
      try {
        return parseFigureWidth(custom);
      } catch {
        return artifact.widthMm;
      }
    }
    return Number(width);
  }, [width, custom, artifact.widthMm]);
  // Drawn before the browser paints, so an empty frame never shows and then grows (no layout shift).
  // In a frame narrower than the figure (a phone), the figure on screen is laid out for that
  // width rather than shrunk; the files are always made at the chosen width.
  // Many figures at once (a cell with four) are spread over several tasks (draw-budget.ts), so
  // the page never blocks for long; the first ones of a commit are still drawn before paint.
  useLayoutEffect(() => {
    const host = ref.current;
    if (!host) return;
    const framePx = host.parentElement?.clientWidth ?? 0;
    const mm = screenTextPx ? screenWidthMm(framePx, screenTextPx) : narrowWidthMm(framePx, widthMm ? mmToPx(widthMm) : artifact.widthPx);
    if (mm !== frameMm) setFrameMm(mm);
    const shown = mm ?? widthMm;
    return figureDrawBudget.draw(() => {
      try {
        const drawn = artifact.render(document, shown ? { widthMm: shown } : {});
        // Laid out narrow, shown at the frame's width: the text grows with it (the viewBox scales).
        if (screenTextPx && drawn instanceof SVGElement) Object.assign(drawn.style, { width: '100%', height: 'auto', maxWidth: 'none' });
        labelFigure(drawn, artifact.caption ?? artifact.name, artifact.description ? descriptionId : undefined);
        host.replaceChildren(drawn);
        setError(undefined);
      } catch (err) {
        setError(`Figure could not be drawn: ${(err as Error).message}`);
      }
    });
  }, [artifact, widthMm, frameMm, screenTextPx, descriptionId]);
  const provenance = async (): Promise<FigureProvenance> => ({
    figure: artifact.name,
    notebook: source.notebook,
    dataSha256: source.dataSha256,
    parametersHash: parametersHash ?? 'unknown',
    version: (await packageVersions()).workbench ?? 'unknown',
    title: artifact.name,
    caption: artifact.caption,
    description: artifact.description,
  });
  const svgText = async () => figureSvgText(artifact.render(document, widthMm ? { widthMm } : {}), { provenance: await provenance(), sizeInMm: true });
  const save = (label: string, make: () => Promise<void>) => {
    setBusy(label);
    make()
      .catch((err) => setError(`${label} export failed: ${(err as Error).message}`))
      .finally(() => setBusy(undefined));
  };
  const customInvalid = width === 'custom' && custom !== '' && (() => {
    try {
      parseFigureWidth(custom);
      return false;
    } catch {
      return true;
    }
  })();
  return (
    <figure className="artifact">
      <div className="figure" data-testid={`figure-${artifact.name}`} ref={ref} style={screenTextPx ? undefined : { maxWidth: widthMm ? mmToPx(widthMm) : artifact.widthPx }} data-width-mm={frameMm} />
      {artifact.caption && <p className="figure-caption" data-testid={`caption-${artifact.name}`}>{artifact.caption}</p>}
      {artifact.description && (
        <p className="figure-description" id={descriptionId} data-testid={`description-${artifact.name}`}>
          {artifact.description}
        </p>
      )}
      {artifact.data && artifact.data.rows.length > 0 && <FigureDataView name={artifact.name} data={artifact.data} />}
      {error && <div className="error-box" role="alert">{error}</div>}
      <figcaption className="exports">
        <span className="cell-meta">{artifact.name}</span>
        <label className="cell-meta">
          Width{' '}
          <select value={width} onChange={(e) => setWidth(e.target.value)} data-testid={`width-${artifact.name}`}>
            <option value="default">{artifact.widthMm ? `default (${artifact.widthMm} mm)` : 'default'}</option>
            <option value={WIDTH_PRESETS_MM.single}>single column (89 mm)</option>
            <option value={WIDTH_PRESETS_MM['one-and-half']}>1.5 column (120 mm)</option>
            <option value={WIDTH_PRESETS_MM.double}>double column (183 mm)</option>
            <option value="custom">other (mm)…</option>
          </select>
        </label>
        {width === 'custom' && (
          <input
            className="small-input"
            aria-label="Figure width in mm"
            aria-invalid={customInvalid}
            placeholder="e.g. 140"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            size={5}
          />
        )}
        {customInvalid && <span className="cell-meta" role="alert">40–300 mm</span>}
        <button type="button" className="button small" onClick={() => save('SVG', async () => downloadText(await svgText(), `${artifact.name}.svg`, 'image/svg+xml'))}>
          SVG
        </button>
        <button type="button" className="button small" disabled={busy !== undefined} onClick={() => save('PDF', async () => downloadBlob(bytesBlob(await pdfBytes(await svgText(), await provenance()), 'application/pdf'), `${artifact.name}.pdf`))}>
          PDF
        </button>
        <label className="cell-meta">
          <select value={dpi} onChange={(e) => setDpi(Number(e.target.value) as 300 | 600)} aria-label="Raster resolution">
            <option value={300}>300 dpi</option>
            <option value={600}>600 dpi</option>
          </select>
        </label>
        <button type="button" className="button small" disabled={busy !== undefined} onClick={() => save('PNG', async () => downloadBlob(bytesBlob(await pngBytes(await svgText(), dpi), 'image/png'), `${artifact.name}.png`))}>
          PNG
        </button>
        <button type="button" className="button small" disabled={busy !== undefined} onClick={() => save('TIFF', async () => downloadBlob(bytesBlob(await tiffBytes(await svgText(), dpi), 'image/tiff'), `${artifact.name}.tiff`))}>
          TIFF
        </button>
        {busy && <span className="cell-meta">making {busy}…</span>}
      </figcaption>
    </figure>
  );
}


/** Rows a long table shows until "Show all" (issue #28: the notebook page was 51,000 px long). */
export const COLLAPSED_ROWS = 10;
/** A table with more rows than this is long (collapsed); shorter ones (Table 1, the audit's 16 rows) are shown whole. */
export const LONG_TABLE_ROWS = 20;

/**
 * A table artifact: its name (with its row count and exports) above it, then its caption and
 * rows. A table of more than `LONG_TABLE_ROWS` rows shows its first `collapsedRows` and a "Show all N rows" button
 * (aria-expanded); expanded, every row is shown, in pages of `pageSize` when there are more.
 * The reader's headings, long decimals rounded for display.
 */
export function TableView({
  artifact,
  pageSize: size,
  maxRows,
  collapsedRows = COLLAPSED_ROWS,
}: {
  artifact: TableArtifact;
  /** Rows per page once expanded. */
  pageSize?: number;
  /** Old name of pageSize. */
  maxRows?: number;
  collapsedRows?: number;
}) {
  const pageSize = Math.max(size ?? maxRows ?? 1000, collapsedRows);
  const rows = useMemo(() => (artifact.preview === false ? [] : Papa.parse<string[]>(artifact.csv.trim(), { skipEmptyLines: true }).data), [artifact]);
  const [keys, ...body] = rows;
  const header = artifact.header ?? keys;
  const [page, setPage] = useState(0);
  const [expanded, setExpanded] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const tableId = useId();
  // A download-only table says its size without writing its CSV (a million-row table's is written on download).
  const nRows = artifact.preview === false ? (artifact.rowCount ?? artifact.csv.trim().split('\n').length - 1) : body.length;
  const collapsible = body.length > Math.max(LONG_TABLE_ROWS, collapsedRows);
  const collapsed = collapsible && !expanded;
  const pages = collapsed ? 1 : Math.max(1, Math.ceil(body.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = collapsed ? body.slice(0, collapsedRows) : body.slice(current * pageSize, (current + 1) * pageSize);
  return (
    <div className="artifact table-artifact" data-testid={`table-${artifact.name}`}>
      <div className="exports table-head">
        <span className="cell-meta table-name">
          <strong>{artifact.name}</strong> · {nRows} rows
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
        {artifact.latex !== undefined && (
          <button
            type="button"
            className="button small"
            onClick={() => void tableDocx(artifact).then((b) => downloadBlob(bytesBlob(b, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), `${artifact.name}.docx`))}
          >
            Word
          </button>
        )}
      </div>
      {artifact.caption && <p className="table-caption">{artifact.caption}</p>}
      {header && (
        // Focusable, so a table wider than the screen can be scrolled from the keyboard.
        <div className="table-scroll" tabIndex={0} role="region" aria-label={`Table ${artifact.name}`} id={tableId}>
          <table className="data">
            <thead>
              <tr>{header.map((h, i) => <th key={i} scope="col" title={keys?.[i]}>{h}</th>)}</tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={current * pageSize + i}>{r.map((v, j) => <td key={j} title={displayCell(v) !== v ? v : undefined}>{displayCell(v)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {header && collapsible && (
        <div className="table-more">
          <button
            type="button"
            ref={toggle}
            className="button small"
            aria-expanded={expanded}
            aria-controls={tableId}
            data-testid={`show-all-${artifact.name}`}
            onClick={() => {
              setExpanded(!expanded);
              setPage(0);
              // Collapsing a long table: bring its button back into view rather than leave the reader far below.
              if (expanded) requestAnimationFrame(() => toggle.current?.scrollIntoView({ block: 'nearest' }));
            }}
          >
            {expanded ? `Show the first ${collapsedRows} rows` : `Show all ${body.length} rows`}
          </button>
          <span className="table-rows-note" data-testid={`rows-shown-${artifact.name}`}>
            {collapsed ? `${collapsedRows} of ${body.length} rows shown` : pages > 1 ? `${pageSize} rows a page` : `all ${body.length} rows shown`}
          </span>
        </div>
      )}
      {header && pages > 1 && (
        <div className="pager" data-testid={`pager-${artifact.name}`}>
          <button type="button" className="button small" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </button>
          <span className="table-rows-note">
            rows {current * pageSize + 1}–{Math.min(body.length, (current + 1) * pageSize)} of {body.length} · page {current + 1} of {pages}
          </span>
          <button type="button" className="button small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </button>
        </div>
      )}
    </div>
  );
}
