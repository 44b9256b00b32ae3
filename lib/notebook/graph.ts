import { isComputeCell, type ComputeCell, type Notebook } from './notebook-schema';

/** The dependency structure of a notebook's compute cells. */
export interface CellGraph {
  /** Compute cells in an order where every cell follows its inputs (ties keep document order). */
  order: readonly string[];
  cells: ReadonlyMap<string, ComputeCell>;
  /** Direct upstream cell ids of a cell, in input-name order. */
  upstream(cellId: string): readonly string[];
  /** The cell itself and every cell that depends on it, directly or not, in topological order. */
  downstreamClosure(cellId: string): readonly string[];
  /** Every cell the given one depends on, directly or not, in topological order. */
  upstreamClosure(cellId: string): readonly string[];
}

export class NotebookGraphError extends Error {}

/**
 * Builds the graph; throws NotebookGraphError naming the cell for unknown inputs and the
 * whole loop for a cycle ("a -> b -> a").
 */
export function buildGraph(notebook: Notebook): CellGraph {
  const cells = new Map<string, ComputeCell>();
  for (const cell of notebook.cells) if (isComputeCell(cell)) cells.set(cell.id, cell);

  const upstreamOf = new Map<string, string[]>();
  for (const cell of cells.values()) {
    const ups: string[] = [];
    for (const name of Object.keys(cell.inputs).sort()) {
      const source = cell.inputs[name]!;
      if (!cells.has(source)) {
        throw new NotebookGraphError(`Cell "${cell.id}" input "${name}" refers to "${source}", which is not a compute cell of notebook "${notebook.id}"`);
      }
      ups.push(source);
    }
    upstreamOf.set(cell.id, ups);
  }

  // Depth-first topological sort in document order, reporting the first cycle found.
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const loop = [...path.slice(path.indexOf(id)), id];
      throw new NotebookGraphError(`Cycle in notebook "${notebook.id}": ${loop.join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const up of upstreamOf.get(id)!) visit(up, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of cells.keys()) visit(id, []);

  const position = new Map(order.map((id, i) => [id, i]));
  const downstreamOf = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const [id, ups] of upstreamOf) for (const up of ups) downstreamOf.get(up)!.push(id);

  const closure = (start: string, next: Map<string, string[]>, includeSelf: boolean) => {
    if (!cells.has(start)) throw new NotebookGraphError(`No compute cell "${start}" in notebook "${notebook.id}"`);
    const seen = new Set<string>();
    const stack = [start];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next.get(id)!);
    }
    if (!includeSelf) seen.delete(start);
    return [...seen].sort((a, b) => position.get(a)! - position.get(b)!);
  };

  return {
    order,
    cells,
    upstream: (id) => upstreamOf.get(id) ?? [],
    downstreamClosure: (id) => closure(id, downstreamOf, true),
    upstreamClosure: (id) => closure(id, upstreamOf, false),
  };
}
