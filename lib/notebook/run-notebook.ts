import type { DataSource, ExecutionEnv } from './define-cell';
import type { CellExecutor } from './executor';
import type { Notebook } from './notebook-schema';
import type { CellRegistry } from './registry';
import { NotebookRuntime, type ResultCache } from './runtime';
import type { NotebookState } from './state';

export interface HeadlessEvent {
  cellId: string;
  kind: 'started' | 'progress' | 'finished' | 'failed' | 'cancelled';
  message?: string;
  fraction?: number;
  ms?: number;
}

/**
 * Runs every cell of a notebook to completion, headless, through the same runtime the UI
 * uses (cheap and heavy cells alike). Resolves with the final state; cell failures are in it.
 */
export async function runNotebook(options: {
  notebook: Notebook;
  registry: CellRegistry;
  source: DataSource;
  executor?: CellExecutor;
  env?: ExecutionEnv;
  cache?: ResultCache;
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: HeadlessEvent) => void;
}): Promise<NotebookState> {
  const runtime = new NotebookRuntime({
    notebook: options.notebook,
    registry: options.registry,
    source: options.source,
    executor: options.executor,
    env: options.env,
    cache: options.cache,
    concurrency: options.concurrency,
  });
  const emit = options.onEvent;
  if (emit) {
    runtime.subscribe((state, action) => {
      switch (action.type) {
        case 'run-started':
          return emit({ cellId: action.cellId, kind: 'started' });
        case 'run-progress':
          return emit({ cellId: action.cellId, kind: 'progress', fraction: action.progress.fraction, message: action.progress.message });
        case 'run-finished':
          return emit({ cellId: action.cellId, kind: 'finished', ms: action.ms });
        case 'run-failed':
          return emit({ cellId: action.cellId, kind: 'failed', message: action.error });
        case 'run-cancelled':
          return emit({ cellId: action.cellId, kind: 'cancelled' });
        default:
          void state;
      }
    });
  }
  options.signal?.addEventListener('abort', () => runtime.cancelAll());
  await runtime.runAll();
  return runtime.getState();
}
