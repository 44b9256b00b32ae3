import { resolveParams, type Artifact } from './define-cell';
import { isComputeCell } from './notebook-schema';
import type { CellRegistry } from './registry';
import { cellInputs, type NotebookState } from './state';

/**
 * Every artifact of every fresh cell, in notebook order: what the CLI's `--out` folder and the
 * browser's "Export all" zip both contain.
 */
export function* freshArtifacts(state: NotebookState, registry: CellRegistry): Generator<{ cellId: string; artifact: Artifact }> {
  for (const cell of state.notebook.cells) {
    if (!isComputeCell(cell)) continue;
    const run = state.cells[cell.id];
    const def = registry.get(cell.kind);
    if (run?.status !== 'fresh' || !def.artifacts) continue;
    for (const artifact of def.artifacts(run.output, resolveParams(def, cell.params), cellInputs(state, cell.id))) yield { cellId: cell.id, artifact };
  }
}

/** The files of a table artifact, by their path in the export layout (`tables/<name>.<ext>`). */
export function tableFiles(artifact: Extract<Artifact, { type: 'table' }>): [string, string][] {
  const files: [string, string][] = [[`tables/${artifact.name}.csv`, artifact.csv]];
  if (artifact.markdown !== undefined) files.push([`tables/${artifact.name}.md`, artifact.markdown]);
  if (artifact.latex !== undefined) files.push([`tables/${artifact.name}.tex`, artifact.latex]);
  return files;
}
