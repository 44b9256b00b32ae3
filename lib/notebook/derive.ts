import { buildGraph, type CellGraph } from './graph';
import { isComputeCell, streamOf, type ComputeCell, type Notebook } from './notebook-schema';

/**
 * Derived notebooks: a notebook made from another by overriding some cells' parameters and
 * adding cells, cut down to what some target cells need. It is run by its own NotebookRuntime on
 * the same worker pool and result cache as the notebook it comes from; every cell it shares with
 * that notebook unchanged has the same cache key (same kind, parameters, random stream and
 * upstream keys), so what the notebook already computed is served from the cache and only the
 * changed part runs. The feature-set explorer, the upload's check of a file and the leakage
 * audit are derived notebooks.
 *
 * @example
 *   // The LSTM M1 cell on other static features; data, inclusion, windows and split come from the cache.
 *   const run = deriveNotebook(notebook, { id: 'explorer-1', targets: ['lstm-all-m1'], params: { 'lstm-all-m1': { staticFeatures: ['age'] } } });
 */
export interface DeriveSpec {
  /** The derived notebook's id (default: `<base id>-derived`). */
  id?: string;
  title?: string;
  /** The cells whose results are wanted: the derived notebook holds them and everything upstream. */
  targets: readonly string[];
  /** Parameters merged over a cell's own, by cell id. */
  params?: Readonly<Record<string, Record<string, unknown>>>;
  /** Parameters that replace a cell's own wholly (a new file's load settings), by cell id. */
  replace?: Readonly<Record<string, Record<string, unknown>>>;
  /** Cells to add (variants: see `variantCells`); their inputs may name base cells and each other. */
  cells?: readonly ComputeCell[];
}

export class DeriveError extends Error {}

/** The targets and every cell they depend on. */
function withUpstream(graph: CellGraph, targets: readonly string[], caller: string): Set<string> {
  const cells = new Set<string>();
  for (const target of targets) {
    if (!graph.cells.has(target)) throw new DeriveError(`${caller}: no target cell "${target}"`);
    cells.add(target);
    for (const up of graph.upstreamClosure(target)) cells.add(up);
  }
  return cells;
}

export function deriveNotebook(base: Notebook, spec: DeriveSpec): Notebook {
  const ids = new Set(base.cells.filter(isComputeCell).map((c) => c.id));
  for (const id of [...Object.keys(spec.params ?? {}), ...Object.keys(spec.replace ?? {})]) if (!ids.has(id)) throw new DeriveError(`deriveNotebook: no compute cell "${id}" to override in notebook "${base.id}"`);
  for (const cell of spec.cells ?? []) if (ids.has(cell.id)) throw new DeriveError(`deriveNotebook: added cell "${cell.id}" has the id of a cell of notebook "${base.id}"`);
  const cells: ComputeCell[] = [
    // Streams are written out, so that a copy keeps drawing the numbers of the cell it copies.
    ...base.cells.filter(isComputeCell).map((c) => {
      const override = spec.params?.[c.id];
      const params = spec.replace?.[c.id] ?? (override ? { ...c.params, ...override } : c.params);
      return { ...c, stream: streamOf(c), params };
    }),
    ...(spec.cells ?? []),
  ];
  const full: Notebook = { ...base, id: spec.id ?? `${base.id}-derived`, title: spec.title ?? base.title, profiles: {}, cells };
  const keep = withUpstream(buildGraph(full), spec.targets, 'deriveNotebook');
  return { ...full, cells: cells.filter((c) => keep.has(c.id)) };
}

/**
 * Copies of the cells that `overrides` changes and of everything downstream of them up to
 * `targets` (included), with ids `<id><suffix>`, inputs rewired to the copies, parameters
 * merged, and the originals' random streams: with equal parameters a copy has the original's
 * cache key. For variants computed beside the notebook in one runtime (an audit).
 *
 * @example
 *   variantCells(notebook, { suffix: '--grouped', params: { split: { split: 'grouped' } }, targets: ['evaluate'] });
 *   // -> split--grouped, grid--grouped, evaluate--grouped (hidden), reading windows from the notebook
 */
export function variantCells(
  base: Notebook,
  options: { suffix: string; params: Readonly<Record<string, Record<string, unknown>>>; targets: readonly string[]; hidden?: boolean },
): ComputeCell[] {
  const graph = buildGraph(base);
  const wanted = withUpstream(graph, options.targets, 'variantCells');
  const changed = new Set<string>();
  for (const id of Object.keys(options.params)) {
    if (!graph.cells.has(id)) throw new DeriveError(`variantCells: no compute cell "${id}" to override`);
    for (const down of graph.downstreamClosure(id)) if (wanted.has(down)) changed.add(down);
  }
  const rename = (id: string) => (changed.has(id) ? `${id}${options.suffix}` : id);
  return graph.order
    .filter((id) => changed.has(id))
    .map((id) => {
      const cell = graph.cells.get(id)!;
      const override = options.params[id];
      return {
        ...cell,
        id: rename(id),
        stream: streamOf(cell),
        hidden: options.hidden ?? true,
        inputs: Object.fromEntries(Object.entries(cell.inputs).map(([name, from]) => [name, rename(from)])),
        params: override ? { ...cell.params, ...override } : cell.params,
      };
    });
}
