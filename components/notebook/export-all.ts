import { zipSync } from 'fflate';
import { buildManifest } from '@/lib/notebook/manifest';
import type { CellRegistry } from '@/lib/notebook/registry';
import type { NotebookState } from '@/lib/notebook/state';
import { exportFiles, type FigureFormat } from '@/lib/report/export-files';
import { browserHost } from './figure-export';

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
 * tables/<name>.csv|md|tex|docx, figures/<name>.svg|pdf|png (300 dpi, each figure at its own
 * width, as the CLI's defaults) and report/methods and report/tripod-ai (Markdown and LaTeX).
 * Made in the page (lib/report/export-files.ts, the code the CLI runs).
 */
export async function exportAllZip(
  state: NotebookState,
  registry: CellRegistry,
  context: { profile?: string; data: { name: string; sha256: string; bytes: number }; widthMm?: number; dpi?: 300 | 600; formats?: FigureFormat[] },
): Promise<Blob> {
  const versions = await packageVersions();
  const totalMs = Object.values(state.cells).reduce((s, c) => s + (c.lastRunMs ?? 0), 0);
  const manifest = buildManifest(state, registry, {
    profile: context.profile,
    seed: state.notebook.seed,
    data: context.data,
    versions: { ...versions, browser: navigator.userAgent },
    backend: 'browser',
    totalMs,
    createdAt: new Date().toISOString(),
  });
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = { 'manifest.json': encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) };
  if (state.notebook.exportLabel) files['LABEL.txt'] = encoder.encode(`${state.notebook.exportLabel}\n`);
  const failures: string[] = [];
  const exported = exportFiles(state, registry, browserHost(), {
    widthMm: context.widthMm,
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
