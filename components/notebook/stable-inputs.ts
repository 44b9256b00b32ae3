import { cellInputs, type NotebookState } from '@/lib/notebook/state';

/**
 * The upstream outputs of each cell, as objects that keep their identity while those outputs
 * do: memoized cells (CellFrame) compare props by identity, and a new object on every progress
 * message would rebuild every figure.
 */
export function stableInputs() {
  const cache = new Map<string, { deps: unknown[]; value: Record<string, unknown> }>();
  return (state: NotebookState, cellId: string): Record<string, unknown> => {
    const cell = state.graph.cells.get(cellId);
    const deps = cell ? Object.values(cell.inputs).map((from) => state.cells[from]?.output) : [];
    const hit = cache.get(cellId);
    if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
    const value = cellInputs(state, cellId);
    cache.set(cellId, { deps, value });
    return value;
  };
}
