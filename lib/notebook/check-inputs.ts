import { NotebookGraphError } from './graph';
import { isComputeCell, type Notebook } from './notebook-schema';
import type { CellRegistry } from './registry';

/** What a free input may be called (a cell with `freeInputs`: the name is a variable of its code). */
export const FREE_INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Checks that every compute cell's inputs are the ones its kind declares, each fed by a cell of
 * a kind it accepts. Throws a NotebookGraphError naming the cell and the input, so a notebook
 * wired wrongly fails when it is opened, not deep inside a run.
 */
export function checkInputs(notebook: Notebook, registry: CellRegistry): void {
  const kinds = new Map(notebook.cells.filter(isComputeCell).map((c) => [c.id, c.kind]));
  for (const cell of notebook.cells) {
    if (!isComputeCell(cell)) continue;
    const def = registry.get(cell.kind);
    if (def.freeInputs) {
      for (const name of Object.keys(cell.inputs)) {
        if (!FREE_INPUT_NAME.test(name)) throw new NotebookGraphError(`Cell "${cell.id}" (${cell.kind}) has an input named "${name}": input names are letters, digits and _ (not starting with a digit)`);
      }
      continue;
    }
    const declared = def.inputs as Record<string, readonly string[]>;
    const optional = new Set<string>(def.optionalInputs ?? []);
    for (const name of Object.keys(declared)) {
      if (!(name in cell.inputs) && !optional.has(name)) throw new NotebookGraphError(`Cell "${cell.id}" (${cell.kind}) needs input "${name}" (from a ${declared[name]!.join(' or ')} cell), but the notebook gives none`);
    }
    for (const [name, from] of Object.entries(cell.inputs)) {
      const accepted = declared[name];
      if (!accepted) throw new NotebookGraphError(`Cell "${cell.id}" (${cell.kind}) has no input "${name}" (its inputs: ${Object.keys(declared).join(', ') || 'none'})`);
      const kind = kinds.get(from);
      if (kind === undefined) continue; // buildGraph names an unknown source cell
      if (!accepted.includes(kind)) throw new NotebookGraphError(`Cell "${cell.id}" input "${name}" is fed by "${from}", a ${kind} cell; it accepts ${accepted.join(' or ')}`);
    }
  }
}
