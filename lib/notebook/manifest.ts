import { resolveParams } from './define-cell';
import { effectiveParams, isComputeCell, isVariantCopy } from './notebook-schema';
import type { CellRegistry } from './registry';
import type { NotebookState } from './state';

export interface ManifestContext {
  profile?: string;
  seed: number;
  data: { name: string; sha256: string; bytes: number };
  versions: Record<string, string>;
  backend?: string;
  totalMs: number;
  createdAt?: string;
}

/** Deep-merges plain objects (headlines of several cells may share a top-level key). */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && existing && typeof existing === 'object' && !Array.isArray(existing)) {
      mergeInto(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
}

/**
 * The run manifest: what was run on which data with which parameters, seeds and versions,
 * how long each cell took, and every cell's headline numbers. Written by the CLI and by the
 * browser's "Export all", so both outputs are interchangeable.
 */
export function buildManifest(state: NotebookState, registry: CellRegistry, ctx: ManifestContext): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  const cells: Record<string, unknown> = {};
  const manifest: Record<string, unknown> = {
    manifest_version: 1,
    notebook: { id: state.notebook.id, title: state.notebook.title },
    // A notebook's label (a teaching notebook's "educational use only") travels with every export.
    ...(state.notebook.exportLabel ? { label: state.notebook.exportLabel } : {}),
    profile: ctx.profile ?? null,
    seed: ctx.seed,
    created_at: ctx.createdAt ?? null,
    versions: ctx.versions,
    backend: ctx.backend ?? null,
    data: { ...ctx.data },
    parameters,
    cells,
    timings: { total_ms: Math.round(ctx.totalMs) },
  };
  const decisions: { cellId: string; lines: string[] }[] = [];
  for (const cell of state.notebook.cells) {
    if (!isComputeCell(cell)) continue;
    const def = registry.get(cell.kind);
    const run = state.cells[cell.id];
    let params: unknown;
    try {
      params = resolveParams(def, effectiveParams(state.notebook, cell));
    } catch {
      params = cell.params;
    }
    parameters[cell.id] = params;
    cells[cell.id] = { kind: def.kind, version: def.version, status: run?.status ?? 'idle', key: run?.key ?? null, ms: run?.lastRunMs ?? null, error: run?.error ?? null };
    // Hidden copies (an audit's variants) report through the cell they feed, not at the top level,
    // where they would overwrite the notebook's own numbers.
    if (run?.status === 'fresh' && def.headline && !isVariantCopy(cell)) mergeInto(manifest, def.headline(run.output, params));
    if (run?.status === 'fresh' && def.usesSource && !isVariantCopy(cell)) {
      const lines = readDecisions(run.output);
      if (lines) decisions.push({ cellId: cell.id, lines });
    }
  }
  // How the data file was read (header row, title rows skipped, date format, mappings, value
  // maps), in words; with several steps reading the file, each line names its step.
  if (decisions.length) {
    const lines = decisions.map((d) => ({ ...d, lines: d.lines.map(recordableDecision) }));
    (manifest.data as Record<string, unknown>).decisions = lines.length === 1 ? lines[0]!.lines : lines.flatMap((d) => d.lines.map((l) => `${d.cellId}: ${l}`));
  }
  (manifest.data as Record<string, unknown>).sha256 = ctx.data.sha256;
  return manifest;
}

/**
 * A load decision as the manifest (and every export made from it) records it: without text
 * copied from the file's cells. A title row above the header can hold anything (a clinician's
 * or a patient's name), and the date evidence quotes visit dates; the page and the terminal show
 * them to the user, the manifest keeps only what was decided.
 */
export function recordableDecision(line: string): string {
  const titles = /^(The header is row \d+; the row\(s\) above it look like titles and were not read as data: )(.*)\.$/.exec(line);
  if (titles) return `${titles[1]}${[...titles[2]!.matchAll(/row (\d+) "/g)].map((m) => `row ${m[1]}`).join(', ')} (their text is not recorded).`;
  const dates = /^(Dates read as \S+) \(.*\)\.$/s.exec(line);
  if (dates) return `${dates[1]} (detected from the file; the evidence is shown when the file is read, not recorded).`;
  return line;
}

/** The `decisions` a step that reads the data file records on its output (undefined: none). */
export function readDecisions(output: unknown): string[] | undefined {
  const d = output && typeof output === 'object' ? (output as { decisions?: unknown }).decisions : undefined;
  return Array.isArray(d) && d.every((l) => typeof l === 'string') ? (d as string[]) : undefined;
}

/** The manifest with run-to-run noise (timings, creation time) removed, for comparisons. */
export function stripTimings(manifest: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(manifest, (key, value) => (key === 'ms' || key === 'total_ms' || key === 'created_at' || key === 'timings' ? undefined : value)),
  );
}
