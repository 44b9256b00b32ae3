import { figureSvgText, type FigureProvenance } from '../figures/compose-figure';
import { tableDocx } from '../tables/table-docx';
import { freshArtifacts, tableFiles } from '../notebook/fresh-artifacts';
import type { Artifact } from '../notebook/define-cell';
import type { CellRegistry } from '../notebook/registry';
import type { NotebookState } from '../notebook/state';
import { methodsLatex, methodsMarkdown } from './methods';
import { probastLatex, probastMarkdown } from './probast-ai';
import { tripodLatex, tripodMarkdown } from './tripod';

export const FIGURE_FORMATS = ['svg', 'pdf', 'png', 'tiff'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** What the host (Node or the page) does that lib/ cannot: rasterize and write PDF. */
export interface ExportHost {
  document: Document;
  png(svg: string, dpi: number): Promise<Uint8Array> | Uint8Array;
  tiff(svg: string, dpi: number): Promise<Uint8Array> | Uint8Array;
  pdf(svg: string, provenance: FigureProvenance): Promise<Uint8Array>;
}

export interface ExportOptions {
  /** Printed width of every figure in mm; absent = each figure's own default. */
  widthMm?: number;
  dpi: 300 | 600;
  formats: readonly FigureFormat[];
  data: { sha256: string };
  version: string;
  /** The run manifest (as written to manifest.json): the methods paragraph and checklist are made from it. */
  manifest: Record<string, unknown>;
  /** A figure failed to draw: reported, the export goes on. */
  onFailure?: (message: string) => void;
  /** Called after each cell's files (the CLI collects garbage there: a large cohort's tables are big). */
  afterCell?: () => void;
}

/**
 * Every file of an export, by its path in the layout shared by `npm run reproduce --out` and
 * the page's "Export all": tables/<name>.csv|md|tex|docx, figures/<name>.svg|pdf|png|tiff and
 * report/methods.md|tex, report/tripod-ai.md|tex, report/probast-ai.md|tex. Yields one file at a time (rasterizing is
 * the slow part; a caller may show progress).
 */
export async function* exportFiles(state: NotebookState, registry: CellRegistry, host: ExportHost, options: ExportOptions): AsyncGenerator<[string, string | Uint8Array]> {
  // One cell's artifacts at a time; a cell whose exports cannot be prepared is reported and the others still written.
  const perCell = function* () {
    for (const cell of state.notebook.cells) {
      let items: { cellId: string; artifact: Artifact }[];
      try {
        items = [...freshArtifacts({ ...state, notebook: { ...state.notebook, cells: [cell] } }, registry)];
      } catch (err) {
        options.onFailure?.(`the exports of cell "${cell.id}" could not be prepared: ${(err as Error).message}`);
        continue;
      }
      yield* items;
      if (items.length) options.afterCell?.();
    }
  };
  for (const { cellId, artifact } of perCell()) {
    if (artifact.type === 'table') {
      for (const file of tableFiles(artifact)) yield file;
      if (artifact.latex !== undefined) yield [`tables/${artifact.name}.docx`, await tableDocx(artifact)];
      continue;
    }
    const provenance: FigureProvenance = {
      figure: artifact.name,
      notebook: state.notebook.id,
      dataSha256: options.data.sha256,
      parametersHash: state.cells[cellId]?.key ?? 'unknown',
      version: options.version,
      title: artifact.name,
      caption: artifact.caption,
      description: artifact.description,
    };
    let svg: string;
    try {
      svg = figureSvgText(artifact.render(host.document, options.widthMm ? { widthMm: options.widthMm } : {}), { provenance, sizeInMm: true });
    } catch (err) {
      options.onFailure?.(`figure ${artifact.name} of cell "${cellId}" could not be drawn: ${(err as Error).message}`);
      continue;
    }
    const base = `figures/${artifact.name}`;
    if (options.formats.includes('svg')) yield [`${base}.svg`, svg];
    const makers: [FigureFormat, () => Promise<Uint8Array> | Uint8Array][] = [
      ['pdf', () => host.pdf(svg, provenance)],
      ['png', () => host.png(svg, options.dpi)],
      ['tiff', () => host.tiff(svg, options.dpi)],
    ];
    for (const [format, make] of makers) {
      if (!options.formats.includes(format)) continue;
      let bytes: Uint8Array;
      try {
        bytes = await make();
      } catch (err) {
        // Reported (the CLI exits 1, the page lists it in the zip); the other files still come.
        options.onFailure?.(`figure ${artifact.name}: the ${format.toUpperCase()} file could not be made: ${(err as Error).message}`);
        continue;
      }
      yield [`${base}.${format}`, bytes];
    }
  }
  yield ['report/methods.md', methodsMarkdown(options.manifest)];
  yield ['report/methods.tex', methodsLatex(options.manifest)];
  yield ['report/tripod-ai.md', tripodMarkdown(options.manifest)];
  yield ['report/tripod-ai.tex', tripodLatex(options.manifest)];
  yield ['report/probast-ai.md', probastMarkdown(options.manifest)];
  yield ['report/probast-ai.tex', probastLatex(options.manifest)];
}

/** Reads a `--formats`/page setting: "svg,pdf,png" → the list; throws on an unknown one. */
export function parseFormats(text: string): FigureFormat[] {
  const list = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const f of list) if (!(FIGURE_FORMATS as readonly string[]).includes(f)) throw new Error(`unknown figure format "${f}" (known: ${FIGURE_FORMATS.join(', ')})`);
  if (!list.length) throw new Error('no figure format given');
  return list as FigureFormat[];
}
