import { zipSync } from 'fflate';
import { registry as cellRegistry } from '@/lib/cells';
import { figureSizeMm, twoColumnWhenTall } from '@/lib/figures/compose-figure';
import { parseFigureWidth, WIDTH_PRESETS_MM } from '@/lib/figures/theme';
import type { Artifact } from '@/lib/notebook/define-cell';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { buildManifest } from '@/lib/notebook/manifest';
import type { CellRegistry } from '@/lib/notebook/registry';
import type { NotebookState } from '@/lib/notebook/state';
import { exportFiles, type ExportHost, type FigureFormat } from '@/lib/report/export-files';
import { htmlReport } from '@/lib/report/html-report';
import { downloadText } from './download';
import { browserHost } from './figure-export';
import type { NotebookSession, SessionSnapshot } from './session';

type FigureArtifact = Extract<Artifact, { type: 'figure' }>;

let versionsRequest: Promise<Record<string, string>> | undefined;

/**
 * The package versions for the manifest (written at build time to /versions.json). Asked for
 * when the notebook opens, so that an export works later with the network cut.
 */
export function packageVersions(): Promise<Record<string, string>> {
  versionsRequest ??= fetch('/versions.json')
    .then((r) => (r.ok ? (r.json() as Promise<Record<string, string>>) : {}))
    .catch(() => {
      versionsRequest = undefined; // try again next time
      return {};
    });
  return versionsRequest;
}

/**
 * "Export all": one zip with the same layout as `npm run reproduce --out`: manifest.json,
 * tables/<name>.csv|md|tex|docx, figures/<name>.svg|pdf|png|tiff and report/methods and
 * report/tripod-ai (Markdown and LaTeX). Made in the page (lib/report/export-files.ts, the code
 * the CLI runs). The figures at `dpi` (300 unless given) in `formats` (SVG, PDF and PNG unless
 * given), each at its width in `figureWidths` (the export dialog's plan), else at `widthMm`,
 * else at its own width.
 */
export async function exportAllZip(
  state: NotebookState,
  registry: CellRegistry,
  context: {
    profile?: string;
    data: { name: string; sha256: string; bytes: number };
    widthMm?: number;
    dpi?: 300 | 600;
    formats?: readonly FigureFormat[];
    /** The printed width of each figure by name (undefined: its own default); figures not named here are at `widthMm`. */
    figureWidths?: ReadonlyMap<string, number | undefined>;
  },
  host: ExportHost = browserHost(),
): Promise<Blob> {
  const versions = await packageVersions();
  const manifest = pageManifest(state, registry, context, versions, new Date().toISOString());
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = { 'manifest.json': encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) };
  if (state.notebook.exportLabel) files['LABEL.txt'] = encoder.encode(`${state.notebook.exportLabel}\n`);
  const failures: string[] = [];
  const widths = context.figureWidths;
  const exported = exportFiles(state, widths ? withFigureWidths(registry, widths, context.widthMm) : registry, host, {
    widthMm: widths ? undefined : context.widthMm,
    dpi: context.dpi ?? 300,
    formats: context.formats ?? ['svg', 'pdf', 'png'],
    data: { sha256: context.data.sha256 },
    version: versions.workbench ?? 'unknown',
    manifest,
    onFailure: (m) => failures.push(m),
  });
  for await (const [path, content] of exported) files[path] = typeof content === 'string' ? encoder.encode(content) : content;
  // A file that could not be made is named in the zip, never silently missing.
  if (failures.length) files['EXPORT-PROBLEMS.txt'] = encoder.encode(`${failures.join('\n')}\n`);
  return new Blob([zipSync(files, { level: 6 }) as BlobPart], { type: 'application/zip' });
}

/** The run manifest as the page writes it (manifest.json of the zip, and the report's). */
function pageManifest(state: NotebookState, registry: CellRegistry, context: { profile?: string; data: { name: string; sha256: string; bytes: number } }, versions: Record<string, string>, createdAt: string) {
  const totalMs = Object.values(state.cells).reduce((s, c) => s + (c.lastRunMs ?? 0), 0);
  return buildManifest(state, registry, {
    profile: context.profile,
    seed: state.notebook.seed,
    data: context.data,
    versions: { ...versions, browser: globalThis.navigator?.userAgent ?? 'unknown' },
    backend: 'browser',
    totalMs,
    createdAt,
  });
}

/** "Export report": the run as one self-contained HTML file (lib/report/html-report.ts), made in the page. */
export async function exportReportHtml(
  state: NotebookState,
  registry: CellRegistry,
  context: { profile?: string; data: { name: string; sha256: string; bytes: number }; notebookFile: string; onFailure?: (message: string) => void },
): Promise<string> {
  const createdAt = new Date().toISOString();
  const manifest = pageManifest(state, registry, context, await packageVersions(), createdAt);
  return htmlReport({ state, registry, document, manifest, notebookFile: context.notebookFile, date: createdAt, onFailure: context.onFailure });
}

/** Saves the report as <notebook>-report.html; a figure that could not be drawn is named in a warning, a failure in an error. */
export async function downloadReport(session: NotebookSession | null, snapshot: SessionSnapshot): Promise<void> {
  const { state, data, profile } = snapshot;
  if (!session || !state || !data) return;
  const failures: string[] = [];
  try {
    const html = await exportReportHtml(state, cellRegistry, {
      profile,
      data: { name: data.name, sha256: data.sha256, bytes: data.bytes },
      notebookFile: session.notebookFileText(),
      onFailure: (m) => failures.push(m),
    });
    downloadText(html, `${session.notebook.id}-report.html`, 'text/html');
    if (failures.length) session.showMessage({ kind: 'warning', text: `Report saved, but ${failures.join('; ')}.` });
  } catch (err) {
    session.showMessage({ kind: 'error', text: `Report failed: ${(err as Error).message}` });
  }
}

/** The registry with each figure drawn at its own width from `widths` (figures not named there at `fallbackMm`). */
function withFigureWidths(registry: CellRegistry, widths: ReadonlyMap<string, number | undefined>, fallbackMm: number | undefined): CellRegistry {
  const at = (a: FigureArtifact): FigureArtifact => {
    const widthMm = widths.has(a.name) ? widths.get(a.name) : fallbackMm;
    return { ...a, render: (document) => a.render(document, widthMm !== undefined ? { widthMm } : {}) };
  };
  return {
    kinds: registry.kinds,
    has: (kind) => registry.has(kind),
    get: (kind) => {
      const def = registry.get(kind);
      const artifacts = def.artifacts;
      if (!artifacts) return def;
      return { ...def, artifacts: (output, params, inputs) => artifacts(output, params, inputs).map((a) => (a.type === 'figure' ? at(a) : a)) };
    },
  };
}

// ── The export dialog's choices ─────────────────────────────────────────────────────────────

/** The figure width for every figure: each its own, as chosen on each figure on the page, or one journal column width. */
export type WidthChoice = 'default' | 'page' | typeof WIDTH_PRESETS_MM.single | typeof WIDTH_PRESETS_MM.double;

export interface ExportChoices {
  width: WidthChoice;
  /** A figure taller than MAX_FIGURE_HEIGHT_MM at its width goes into the zip at double-column width (183 mm). */
  twoColumnWhenTall: boolean;
  dpi: 300 | 600;
  formats: FigureFormat[];
}

/** What a figure's own controls on the page say: its width (undefined: its default) and its raster resolution. */
export interface PageFigureChoice {
  widthMm?: number;
  dpi: 300 | 600;
}

/**
 * The width and dpi chosen on each figure of the page, read from the figures' own controls
 * (FigureView: the `width-<name>` select, the "other (mm)" input beside it, the "Raster
 * resolution" select). A custom width that does not parse counts as the figure's default, as
 * the figure's own buttons take it.
 */
export function readPageChoices(root: ParentNode): Map<string, PageFigureChoice> {
  const choices = new Map<string, PageFigureChoice>();
  for (const select of Array.from(root.querySelectorAll<HTMLSelectElement>('select[data-testid^="width-"]'))) {
    const name = select.getAttribute('data-testid')!.slice('width-'.length);
    const controls = select.closest('figcaption') ?? select.parentElement?.parentElement ?? root;
    let widthMm: number | undefined;
    if (select.value === 'custom') {
      const input = controls.querySelector<HTMLInputElement>('input[aria-label="Figure width in mm"]');
      try {
        widthMm = input?.value ? parseFigureWidth(input.value) : undefined;
      } catch {
        widthMm = undefined;
      }
    } else if (select.value !== 'default' && Number.isFinite(Number(select.value))) {
      widthMm = Number(select.value);
    }
    const dpi = controls.querySelector<HTMLSelectElement>('select[aria-label="Raster resolution"]')?.value === '600' ? 600 : 300;
    choices.set(name, { widthMm, dpi });
  }
  return choices;
}

export const DEFAULT_FORMATS: readonly FigureFormat[] = ['svg', 'pdf', 'png'];

/**
 * The dialog's choices as the page stands: the width as chosen on the figures (one column
 * width when every figure was set to it; "as on each figure" when some were set; else each
 * figure's own), 600 dpi when any figure was set to 600, the formats of the last export.
 */
export function prefillChoices(page: ReadonlyMap<string, PageFigureChoice>, figures: readonly string[], previous?: Partial<ExportChoices>): ExportChoices {
  const here = figures.map((name) => page.get(name)).filter((c): c is PageFigureChoice => c !== undefined);
  const set = here.filter((c) => c.widthMm !== undefined).map((c) => c.widthMm!);
  let width: WidthChoice = previous?.width && previous.width !== 'page' ? previous.width : 'default';
  if (set.length) {
    const one = set[0]!;
    const same = set.length === here.length && set.every((w) => w === one);
    width = same && (one === WIDTH_PRESETS_MM.single || one === WIDTH_PRESETS_MM.double) ? one : 'page';
  }
  return {
    width,
    twoColumnWhenTall: previous?.twoColumnWhenTall ?? true,
    dpi: here.some((c) => c.dpi === 600) ? 600 : (previous?.dpi ?? 300),
    formats: [...(previous?.formats ?? DEFAULT_FORMATS)],
  };
}

/** Where a figure goes in the zip: its printed width (undefined: its own default) and, when moved to double column for its height, how tall it was. */
export interface FigurePlan {
  name: string;
  widthMm?: number;
  /** The width asked for (undefined: its default) and its height there, when it was too tall and is at 183 mm instead. */
  tall?: { askedMm?: number; heightMm: number };
}

/** The width the choices ask for a figure, before any move to double column (undefined: its own default). */
export function askedWidthMm(name: string, choices: Pick<ExportChoices, 'width'>, page: ReadonlyMap<string, PageFigureChoice>): number | undefined {
  if (choices.width === 'default') return undefined;
  if (choices.width === 'page') return page.get(name)?.widthMm;
  return choices.width;
}

/**
 * One figure's place in the zip. Drawn at the width asked for; when that is narrower than
 * double column and the figure is taller than MAX_FIGURE_HEIGHT_MM there (Figs. 4 and 6 at
 * 89 mm), at 183 mm instead, if `twoColumnWhenTall`. `document` draws it to measure.
 */
export function planFigure(figure: FigureArtifact, choices: Pick<ExportChoices, 'width' | 'twoColumnWhenTall'>, page: ReadonlyMap<string, PageFigureChoice>, document: Document): FigurePlan {
  const asked = askedWidthMm(figure.name, choices, page);
  if (!choices.twoColumnWhenTall) return { name: figure.name, widthMm: asked };
  const heightAt = (widthMm: number | undefined) => figureSizeMm(figure.render(document, widthMm !== undefined ? { widthMm } : {})).heightMm;
  const placed = twoColumnWhenTall(asked, figure.widthMm, heightAt);
  return placed.heightMm !== undefined ? { name: figure.name, widthMm: placed.widthMm, tall: { askedMm: asked, heightMm: placed.heightMm } } : { name: figure.name, widthMm: asked };
}

/** The figures an export writes (the fresh cells' figure artifacts), in notebook order. */
export function exportedFigures(state: NotebookState, registry: CellRegistry): FigureArtifact[] {
  const figures: FigureArtifact[] = [];
  try {
    for (const { artifact } of freshArtifacts(state, registry)) if (artifact.type === 'figure') figures.push(artifact);
  } catch {
    // A cell whose artifacts cannot be made: the export itself reports it.
  }
  return figures;
}

/** The plan as the widths exportAllZip takes. */
export function planWidths(plans: readonly FigurePlan[]): Map<string, number | undefined> {
  return new Map(plans.map((p) => [p.name, p.widthMm]));
}
