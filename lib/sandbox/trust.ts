import { CODE_CELL_KINDS } from '../notebook/code-lines';
import { isComputeCell, type Notebook } from '../notebook/notebook-schema';

/** The kinds whose parameters hold code that runs (in the sandbox): run only with the user's consent. */
export { CODE_CELL_KINDS };

export interface WithoutCode {
  notebook: Notebook;
  /** The code cells left out. */
  skipped: string[];
  /** The cells left out because they need a code cell's result (directly or further down). */
  dependents: string[];
}

/**
 * The notebook without its code cells and the cells downstream of them: what a host runs when
 * the user has not said they trust the notebook's code (the CLI without --trust-code). A
 * notebook file from someone else may hold code; it never runs by merely opening or
 * reproducing it. Pure; the notebook is returned unchanged when it has no code cell.
 */
export function withoutCodeCells(notebook: Notebook): WithoutCode {
  const skipped = notebook.cells.filter((c) => isComputeCell(c) && CODE_CELL_KINDS.includes(c.kind)).map((c) => c.id);
  if (skipped.length === 0) return { notebook, skipped, dependents: [] };
  const out = new Set(skipped);
  // Downstream closure: repeat until no cell newly depends on a removed one.
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of notebook.cells) {
      if (!isComputeCell(c) || out.has(c.id)) continue;
      if (Object.values(c.inputs).some((from) => out.has(from))) {
        out.add(c.id);
        changed = true;
      }
    }
  }
  const dependents = notebook.cells.filter((c) => out.has(c.id) && !skipped.includes(c.id)).map((c) => c.id);
  return { notebook: { ...notebook, cells: notebook.cells.filter((c) => !out.has(c.id)) }, skipped, dependents };
}
