import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { DataSource, Progress } from '@/lib/notebook/define-cell';
import { deriveNotebook, type DeriveSpec } from '@/lib/notebook/derive';
import { CancelledError } from '@/lib/notebook/errors';
import type { CellExecutor } from '@/lib/notebook/executor';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import type { CellRegistry } from '@/lib/notebook/registry';
import { NotebookRuntime, type DroppedCacheEntry, type ResultCache } from '@/lib/notebook/runtime';

/** What derived runtimes share with the notebook's own: its pool, cache and data. */
export interface DerivedRuntimesOptions {
  /** The shipped notebook's id (derived notebooks are named after it). */
  notebookId: string;
  registry: CellRegistry;
  executor: CellExecutor;
  cache: ResultCache;
  /** Runs at once on the pool (heavy cells leave one worker to cheap ones). */
  capacity: () => { concurrency: number; heavyConcurrency: number };
  onCacheDropped: (entry: DroppedCacheEntry) => void;
  /** The notebook's document now (derived notebooks start from it). */
  base: () => Notebook;
  /** The notebook's data now. */
  source: () => DataSource | undefined;
}

/**
 * Runtimes for features that compute beside the notebook (the explorer's runs, the upload's
 * check of a file): derived notebooks (lib/notebook/derive.ts) on the same pool, cache and data,
 * so what the notebook already computed is served from the cache and nothing runs its own way.
 */
export class DerivedRuntimes {
  constructor(private readonly o: DerivedRuntimesOptions) {}

  /** A runtime for a derived notebook, on the current data unless `source` is given. */
  derive(spec: DeriveSpec, source: DataSource | undefined = this.o.source()): NotebookRuntime {
    return this.runtime(deriveNotebook(this.o.base(), spec), source, false);
  }

  /** A runtime for a notebook derived earlier (an explorer run restored after a reload), on the current data. */
  runtimeFor(notebook: Notebook): NotebookRuntime {
    return this.runtime(notebook, this.o.source(), true);
  }

  private runtime(notebook: Notebook, source: DataSource | undefined, rememberShown: boolean): NotebookRuntime {
    const { registry, executor, cache, onCacheDropped } = this.o;
    return new NotebookRuntime({ notebook, registry, executor, ...this.o.capacity(), cache, source, onCacheDropped, ...(rememberShown ? { rememberShown } : {}) });
  }

  /**
   * Reads and validates every row of a file under the given load settings, as the notebook's
   * load step `cellId` would: a derived notebook of that one step, so the result is cached under
   * the key the step will have once the file is used, and "Use this data" reads nothing again.
   */
  async check(cellId: string, source: DataSource, settings: Record<string, unknown>, signal?: AbortSignal, onProgress?: (progress: Progress) => void): Promise<LoadedCohort> {
    // A signal aborted before the check began fires no 'abort' event: nothing is read.
    if (signal?.aborted) throw new CancelledError();
    const runtime = this.derive({ id: `${this.o.notebookId}-check`, targets: [cellId], replace: { [cellId]: settings } }, source);
    signal?.addEventListener('abort', () => runtime.cancelAll());
    // The load step's own reports (reading, validating): a large file takes seconds per stage.
    const unsubscribe = onProgress
      ? runtime.subscribe((_state, action) => {
          if (action.type === 'run-progress' && action.cellId === cellId) onProgress(action.progress);
        })
      : undefined;
    try {
      await runtime.runAll();
    } finally {
      unsubscribe?.();
    }
    const cell = runtime.getState().cells[cellId]!;
    if (cell.status === 'fresh') return cell.output as LoadedCohort;
    if (cell.status === 'error') throw new Error(cell.error);
    throw new CancelledError();
  }
}
