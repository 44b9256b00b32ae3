import { strToU8, zipSync } from 'fflate';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { freshArtifacts, tableFiles } from '@/lib/notebook/fresh-artifacts';
import { buildManifest } from '@/lib/notebook/manifest';
import type { CellRegistry } from '@/lib/notebook/registry';
import type { NotebookState } from '@/lib/notebook/state';
import { svgToPngBlob } from './download';

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
 * tables/<name>.csv|md|tex and figures/<name>.svg|png (300 dpi). Made in the page.
 */
export async function exportAllZip(
  state: NotebookState,
  registry: CellRegistry,
  context: { profile?: string; data: { name: string; sha256: string; bytes: number } },
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
  const files: Record<string, Uint8Array> = { 'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`) };
  if (state.notebook.exportLabel) files['LABEL.txt'] = strToU8(`${state.notebook.exportLabel}\n`);
  const host = document.createElement('div');
  for (const { artifact } of freshArtifacts(state, registry)) {
    if (artifact.type === 'table') {
      for (const [path, text] of tableFiles(artifact)) files[path] = strToU8(text);
      continue;
    }
    host.replaceChildren(artifact.render(document));
    const svg = figureSvgText(host.firstElementChild!);
    files[`figures/${artifact.name}.svg`] = strToU8(svg);
    files[`figures/${artifact.name}.png`] = new Uint8Array(await (await svgToPngBlob(svg, 300)).arrayBuffer());
  }
  return new Blob([zipSync(files, { level: 6 }) as BlobPart], { type: 'application/zip' });
}
