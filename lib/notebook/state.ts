import type { Progress } from './define-cell';
import { buildGraph, type CellGraph } from './graph';
import { inheritorsOf, isComputeCell, type ComputeCell, type Notebook } from './notebook-schema';

export type CellStatus = 'idle' | 'stale' | 'running' | 'fresh' | 'error';

/** Run state of one compute cell (kept apart from the document: params live in the notebook). */
export interface CellRunState {
  status: CellStatus;
  /** Id of the run whose result this cell accepts; results of any other run are dropped. */
  runId?: number;
  progress?: Progress;
  error?: string;
  /** The error came from the user's input (data, mapping, params), not from a bug. */
  isInputError?: boolean;
  output?: unknown;
  /** Cache key of the shown output. */
  key?: string;
  /** Cache key of the run in flight. */
  pendingKey?: string;
  /** Wall time of the last completed run, ms (0 when restored from cache). */
  lastRunMs?: number;
  finishedAt?: number;
  fromCache?: boolean;
  /**
   * The user stopped the last run: where it was (its last progress report, e.g. "Epoch 12 of
   * 500"), kept until the cell runs again so the page can say what happened.
   */
  cancelled?: { progress?: Progress };
}

export interface NotebookState {
  notebook: Notebook;
  graph: CellGraph;
  cells: Readonly<Record<string, CellRunState>>;
}

export type NotebookAction =
  | { type: 'load'; notebook: Notebook }
  | { type: 'edit-params'; cellId: string; params: Record<string, unknown> }
  | { type: 'replace-notebook'; notebook: Notebook }
  /** The dataset changed: every cell that reads it, and everything downstream, is out of date. */
  | { type: 'source-changed'; cellIds: readonly string[] }
  | { type: 'run-started'; cellId: string; runId: number; key: string }
  | { type: 'run-progress'; cellId: string; runId: number; progress: Progress }
  | { type: 'run-finished'; cellId: string; runId: number; output: unknown; ms: number; at: number; fromCache?: boolean; /** the result is an identical cell's of this very run (an audit variant), not an earlier run's */ fromTwin?: boolean }
  | { type: 'run-failed'; cellId: string; runId: number; error: string; isInputError?: boolean }
  | { type: 'run-cancelled'; cellId: string; runId: number }
  /** A result the cell showed under other parameters (before a reload), shown as out of date. */
  | { type: 'restored-stale'; cellId: string; output: unknown; key: string };

export function initialState(notebook: Notebook): NotebookState {
  const graph = buildGraph(notebook);
  const cells: Record<string, CellRunState> = {};
  for (const id of graph.order) cells[id] = { status: 'idle' };
  return { notebook, graph, cells };
}

/** Out of date: a cell that has shown something becomes stale; one that never ran stays idle. */
function invalidate(cells: Record<string, CellRunState>, ids: readonly string[]): void {
  for (const id of ids) {
    const cell = cells[id];
    if (!cell) continue;
    const { runId: _dropped, progress: _p, pendingKey: _k, ...rest } = cell;
    cells[id] = { ...rest, status: cell.status === 'idle' ? 'idle' : 'stale' };
  }
}

function withoutCancel(cell: CellRunState): CellRunState {
  const { cancelled: _c, ...rest } = cell;
  return rest;
}

function isCurrentRun(state: NotebookState, cellId: string, runId: number): boolean {
  return state.cells[cellId]?.runId === runId;
}

/**
 * The only way UI state changes. Pure: same state and action, same result.
 * Results, progress and errors of a superseded run (runId no longer current) are ignored.
 */
export function notebookReducer(state: NotebookState, action: NotebookAction): NotebookState {
  switch (action.type) {
    case 'load':
      return initialState(action.notebook);

    case 'replace-notebook': {
      // Keep run state of cells whose definition (kind, inputs, params, random stream) did not
      // change; a new notebook seed changes every cell's random streams, so every cell is out of date.
      const next = initialState(action.notebook);
      const cells = { ...next.cells };
      const seedChanged = state.notebook.seed !== action.notebook.seed;
      const definition = (c: ComputeCell) => JSON.stringify([c.kind, c.inputs, c.params, c.stream ?? c.id, c.inheritParams ?? false]);
      const before = new Map(state.notebook.cells.filter(isComputeCell).map((c) => [c.id, definition(c)]));
      const changed: string[] = [];
      for (const cell of action.notebook.cells.filter(isComputeCell)) {
        const old = state.cells[cell.id];
        if (old && !seedChanged && before.get(cell.id) === definition(cell)) cells[cell.id] = old;
        else if (old) {
          cells[cell.id] = old;
          changed.push(cell.id);
        }
      }
      for (const id of changed) for (const c of [id, ...inheritorsOf(action.notebook, id)]) invalidate(cells, next.graph.downstreamClosure(c));
      return { ...next, cells };
    }

    case 'edit-params': {
      const notebook: Notebook = {
        ...state.notebook,
        cells: state.notebook.cells.map((c) => (c.id === action.cellId && isComputeCell(c) ? { ...c, params: action.params } : c)),
      };
      const cells = { ...state.cells };
      for (const id of [action.cellId, ...inheritorsOf(notebook, action.cellId)]) invalidate(cells, state.graph.downstreamClosure(id));
      return { notebook, graph: state.graph, cells };
    }

    case 'source-changed': {
      const cells = { ...state.cells };
      for (const id of action.cellIds) invalidate(cells, state.graph.downstreamClosure(id));
      return { ...state, cells };
    }

    case 'run-started': {
      const prev = state.cells[action.cellId];
      if (!prev) return state;
      return {
        ...state,
        cells: {
          ...state.cells,
          [action.cellId]: { ...withoutCancel(prev), status: 'running', runId: action.runId, pendingKey: action.key, progress: { fraction: 0 }, error: undefined },
        },
      };
    }

    case 'run-progress': {
      if (!isCurrentRun(state, action.cellId, action.runId)) return state;
      const prev = state.cells[action.cellId]!;
      return { ...state, cells: { ...state.cells, [action.cellId]: { ...prev, progress: action.progress } } };
    }

    case 'run-finished': {
      if (!isCurrentRun(state, action.cellId, action.runId)) return state;
      return {
        ...state,
        cells: {
          ...state.cells,
          [action.cellId]: {
            status: 'fresh',
            output: action.output,
            key: state.cells[action.cellId]!.pendingKey,
            lastRunMs: action.ms,
            finishedAt: action.at,
            fromCache: action.fromCache ?? false,
          },
        },
      };
    }

    case 'restored-stale': {
      // Only over a cell that shows nothing: a run, a result or an error always wins.
      if (state.cells[action.cellId]?.status !== 'idle') return state;
      return { ...state, cells: { ...state.cells, [action.cellId]: { status: 'stale', output: action.output, key: action.key, fromCache: true } } };
    }

    case 'run-failed': {
      if (!isCurrentRun(state, action.cellId, action.runId)) return state;
      const cells = { ...state.cells };
      cells[action.cellId] = { status: 'error', error: action.error, isInputError: action.isInputError ?? false };
      // Downstream results were computed from an older upstream: no longer current.
      invalidate(cells, state.graph.downstreamClosure(action.cellId).filter((id) => id !== action.cellId));
      return { ...state, cells };
    }

    case 'run-cancelled': {
      if (!isCurrentRun(state, action.cellId, action.runId)) return state;
      const prev = state.cells[action.cellId]!;
      const { runId: _r, progress, pendingKey: _k, ...rest } = prev;
      return { ...state, cells: { ...state.cells, [action.cellId]: { ...rest, status: 'stale', cancelled: { progress } } } };
    }
  }
}

/** The upstream outputs a cell ran on, by input name (what its `artifacts` receive). */
export function cellInputs(state: NotebookState, cellId: string): Record<string, unknown> {
  const cell = state.graph.cells.get(cellId);
  if (!cell) return {};
  return Object.fromEntries(Object.entries(cell.inputs).map(([name, from]) => [name, state.cells[from]?.output]));
}
