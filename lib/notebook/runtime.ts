import { cacheKey } from './cache-key';
import { checkInputs } from './check-inputs';
import { buildGraph } from './graph';
import { resolveParams, type DataSource, type ExecutionEnv } from './define-cell';
import { CancelledError, isCancellation, isInputError } from './errors';
import { inProcessExecutor, type CellExecutor } from './executor';
import { effectiveParams, inheritorsOf, isComputeCell, streamOf, type Notebook } from './notebook-schema';
import type { CellRegistry } from './registry';
import { initialState, notebookReducer, type NotebookAction, type NotebookState } from './state';

/** Where finished results are kept between runs (memory, IndexedDB, a folder). */
export interface ResultCache {
  /** The stored result, undefined when none; throws (or rejects) for an entry that cannot be read. */
  get(key: string): Promise<unknown | undefined> | unknown | undefined;
  set(key: string, value: unknown): Promise<void> | void;
  /** Forgets an entry (a damaged one, found when read). */
  delete?(key: string): Promise<void> | void;
}

/** A cached result that could not be used: dropped from the cache, and the cell computed again. */
export interface DroppedCacheEntry {
  cellId: string;
  key: string;
  reason: string;
}

export function memoryCache(): ResultCache & { size(): number } {
  const map = new Map<string, unknown>();
  return { get: (k) => map.get(k), set: (k, v) => void map.set(k, v), size: () => map.size };
}

export interface RuntimeOptions {
  notebook: Notebook;
  registry: CellRegistry;
  executor?: CellExecutor;
  /** Host settings for the default in-process executor. */
  env?: ExecutionEnv;
  cache?: ResultCache;
  source?: DataSource;
  /** Runs allowed at once (independent heavy cells can train side by side). */
  concurrency?: number;
  /**
   * Heavy runs allowed at once (default: `concurrency`). Set below `concurrency`, the rest is
   * kept for cheap cells, so the quick re-runs after an edit never queue behind long trainings.
   */
  heavyConcurrency?: number;
  /** Re-run cheap stale cells without being asked (the UI's behaviour). Default true. */
  autoRunCheap?: boolean;
  /**
   * Show a heavy cell's cached result without being asked when its inputs are fresh and its
   * key is in the cache (after a reload, say). Nothing is computed. Default true.
   */
  restoreFromCache?: boolean;
  /** Told of each cached result that was unreadable or of the wrong shape (dropped, computed again). */
  onCacheDropped?: (entry: DroppedCacheEntry) => void;
  /**
   * Remember in the cache which result each cell last showed (`shown:<notebook>:<cell>` → key),
   * so that after a reload a heavy cell whose parameters changed since shows that result greyed
   * as out of date, not "Not run yet" with its output hidden. The page's choice; off by default.
   */
  rememberShown?: boolean;
  now?: () => number;
}

/** Where the key of a cell's last shown result is remembered (rememberShown). */
export const shownKeyEntry = (notebookId: string, cellId: string) => `shown:${notebookId}:${cellId}`;

/**
 * The reactive scheduler: holds state through the pure reducer and decides what runs.
 *
 * - An edit marks the cell and its downstream out of date and aborts their runs in flight.
 * - Cheap cells whose inputs are fresh run by themselves; heavy cells run only when asked
 *   (`runCell`, `runAll`).
 * - A result is accepted only from the cell's current run; superseded results are dropped.
 */
export class NotebookRuntime {
  private state: NotebookState;
  private readonly registry: CellRegistry;
  private readonly executor: CellExecutor;
  private readonly cache?: ResultCache;
  private source?: DataSource;
  private readonly concurrency: number;
  private readonly heavyConcurrency: number;
  private readonly autoRunCheap: boolean;
  private readonly restoreFromCache: boolean;
  private readonly rememberShown: boolean;
  /** Cache keys already looked up without a hit (no second lookup for the same key). */
  private readonly cacheMisses = new Set<string>();
  private readonly restoring = new Set<string>();
  private readonly now: () => number;
  private readonly onCacheDropped?: (entry: DroppedCacheEntry) => void;
  private readonly listeners = new Set<(state: NotebookState, action: NotebookAction) => void>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly requested = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private nextRunId = 0;
  private running = 0;
  private runningHeavy = 0;

  constructor(options: RuntimeOptions) {
    this.registry = options.registry;
    this.state = initialState(options.notebook);
    checkInputs(options.notebook, this.registry);
    this.executor = options.executor ?? inProcessExecutor(options.registry, options.env);
    this.cache = options.cache;
    this.source = options.source;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.heavyConcurrency = Math.max(1, Math.min(this.concurrency, options.heavyConcurrency ?? this.concurrency));
    this.autoRunCheap = options.autoRunCheap ?? true;
    this.restoreFromCache = options.restoreFromCache ?? true;
    this.rememberShown = options.rememberShown ?? false;
    this.now = options.now ?? (() => Date.now());
    this.onCacheDropped = options.onCacheDropped;
  }

  getState(): NotebookState {
    return this.state;
  }

  subscribe(listener: (state: NotebookState, action: NotebookAction) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatch(action: NotebookAction): void {
    this.state = notebookReducer(this.state, action);
    for (const listener of this.listeners) {
      // A listener's failure (a view's bug) is not the cell's: it must not fail the run it heard of.
      try {
        listener(this.state, action);
      } catch (err) {
        console.error('notebook runtime: a state listener failed', err);
      }
    }
  }

  /** Starts cheap cells that can run; resolves when nothing is running. */
  start(): Promise<void> {
    return this.tick();
  }

  editParams(cellId: string, params: Record<string, unknown>): Promise<void> {
    const affected = [cellId, ...inheritorsOf(this.state.notebook, cellId)].flatMap((id) => this.state.graph.downstreamClosure(id));
    this.abort(affected);
    this.dispatch({ type: 'edit-params', cellId, params });
    return this.tick();
  }

  /** Replaces the whole document (e.g. edited as JSON); unchanged cells keep their results. */
  replaceNotebook(notebook: Notebook): Promise<void> {
    buildGraph(notebook);
    checkInputs(notebook, this.registry);
    const before = this.state.cells;
    const seedChanged = notebook.seed !== this.state.notebook.seed;
    this.dispatch({ type: 'replace-notebook', notebook });
    // Only the runs the new document supersedes stop (a changed or removed cell, or one
    // downstream of a change; every run when the seed changed): adding a note or moving a step
    // must not stop a training.
    for (const [id, controller] of this.controllers) {
      const now = this.state.cells[id];
      if (seedChanged || now?.status !== 'running' || now.runId !== before[id]?.runId) controller.abort();
    }
    // A Run asked for a cell that is gone is forgotten (the graph no longer knows its id).
    for (const id of this.requested) if (!this.state.graph.cells.has(id)) this.requested.delete(id);
    return this.tick();
  }

  /**
   * A new data file. `params` (cell id -> parameters) come with it when the file was checked
   * under settings of its own (an upload's column mapping): file and settings change together,
   * so no cell ever runs the new file with the old mapping.
   */
  setSource(source: DataSource, params: Record<string, Record<string, unknown>> = {}): Promise<void> {
    this.source = source;
    for (const [cellId, cellParams] of Object.entries(params)) {
      this.abort(this.state.graph.downstreamClosure(cellId));
      this.dispatch({ type: 'edit-params', cellId, params: cellParams });
    }
    const readers = this.state.graph.order.filter((id) => this.readsSource(id));
    this.abort(readers.flatMap((id) => this.state.graph.downstreamClosure(id)));
    this.dispatch({ type: 'source-changed', cellIds: readers });
    return this.tick();
  }

  /** Runs the cell and whatever upstream it needs, heavy or not. */
  runCell(cellId: string): Promise<void> {
    for (const id of [...this.state.graph.upstreamClosure(cellId), cellId]) {
      if (this.state.cells[id]?.status !== 'fresh') this.requested.add(id);
    }
    return this.tick();
  }

  /** Runs every cell that is not fresh. */
  runAll(): Promise<void> {
    for (const id of this.state.graph.order) if (this.state.cells[id]?.status !== 'fresh') this.requested.add(id);
    return this.tick();
  }

  /** Stops a run; the cell goes back to stale (no error). */
  cancel(cellId: string): void {
    this.requested.delete(cellId);
    for (const id of this.state.graph.downstreamClosure(cellId)) this.requested.delete(id);
    this.controllers.get(cellId)?.abort();
    this.settleIfIdle();
  }

  cancelAll(): void {
    this.requested.clear();
    for (const c of this.controllers.values()) c.abort();
    this.settleIfIdle();
  }

  private abort(cellIds: readonly string[]): void {
    for (const id of cellIds) this.controllers.get(id)?.abort();
  }

  private whenIdle(): Promise<void> {
    if (this.running === 0 && !this.waitingForSource()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A Run asked for before any data file is set (the page fetches the bundled cohort, or reads a
   * saved file, after its Run buttons are live): the steps that read the file, and those after
   * them, wait for setSource instead of failing or being forgotten.
   */
  private waitingForSource(): boolean {
    if (this.source) return false;
    for (const id of this.requested) {
      if ([...this.state.graph.upstreamClosure(id), id].some((up) => this.readsSource(up))) return true;
    }
    return false;
  }

  private readsSource(cellId: string): boolean {
    return this.registry.get(this.state.graph.cells.get(cellId)!.kind).usesSource === true;
  }

  /** Nothing running and nothing waiting for the data: the Runs asked for are over. */
  private settleIfIdle(): void {
    if (this.running !== 0 || this.waitingForSource()) return;
    this.requested.clear();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private canStart(cellId: string): boolean {
    const cell = this.state.cells[cellId]!;
    if (cell.status === 'running' || cell.status === 'fresh') return false;
    const def = this.registry.get(this.state.graph.cells.get(cellId)!.kind);
    const wanted = this.requested.has(cellId) || (this.autoRunCheap && !def.heavy && cell.status !== 'error');
    if (!wanted) return false;
    if (!this.source && def.usesSource) return false; // waits for setSource
    if (!this.state.graph.upstream(cellId).every((up) => this.state.cells[up]?.status === 'fresh')) return false;
    // A copy of a cell (an audit's variant) with the same key as one running now waits for it
    // and then takes its result (startRun), so equal work is never done twice, cache or not.
    const key = this.keyFor(cellId);
    if (key && Object.entries(this.state.cells).some(([id, c]) => id !== cellId && c.status === 'running' && c.pendingKey === key)) return false;
    return true;
  }

  /** The output of another cell that is fresh under this very key (a variant equal to its original). */
  private freshTwin(cellId: string, key: string): unknown {
    for (const [id, c] of Object.entries(this.state.cells)) if (id !== cellId && c.status === 'fresh' && c.key === key) return c.output;
    return undefined;
  }

  private tick(): Promise<void> {
    for (const id of this.state.graph.order) {
      if (this.running >= this.concurrency) break;
      if (this.canStart(id)) {
        if (this.runningHeavy < this.heavyConcurrency || !this.registry.get(this.state.graph.cells.get(id)!.kind).heavy) void this.startRun(id);
      } else if (this.cache && this.restoreFromCache) void this.tryRestore(id);
    }
    this.settleIfIdle();
    return this.whenIdle();
  }

  /** Parameters, inputs and cache key of a cell whose upstream is fresh. Throws for bad params. */
  private prepare(cellId: string, with_: { params?: Record<string, unknown>; source?: DataSource } = {}) {
    const cell = this.state.graph.cells.get(cellId)!;
    const def = this.registry.get(cell.kind);
    // The document may have changed since the graph was built: read params from the notebook.
    const current = this.state.notebook.cells.find((c) => c.id === cellId);
    const params = resolveParams(def, with_.params ?? (current && isComputeCell(current) ? effectiveParams(this.state.notebook, current) : {}));
    const source = with_.source ?? this.source;
    const inputs: Record<string, unknown> = {};
    const upstreamKeys: Record<string, string> = {};
    for (const [name, from] of Object.entries(cell.inputs)) {
      inputs[name] = this.state.cells[from]!.output;
      upstreamKeys[name] = this.state.cells[from]!.key!;
    }
    if (def.usesSource && !source) throw new Error(`Cell "${cellId}" reads the dataset, but no dataset is loaded`);
    const seed = this.state.notebook.seed;
    const stream = streamOf(cell);
    const key = cacheKey({ kind: def.kind, version: def.version, params, seed, stream, upstream: upstreamKeys, source: def.usesSource ? source!.sha256 : undefined });
    return { def, params, inputs, key, seed, stream };
  }

  /**
   * The cache key the cell would run under now (its upstream fresh, its parameters valid), or
   * undefined. The upload step stores the file it checked under the load cell's key, so that
   * making the file the notebook's data reads nothing twice.
   */
  keyFor(cellId: string, with_?: { params?: Record<string, unknown>; source?: DataSource }): string | undefined {
    if (!this.state.graph.cells.has(cellId)) return undefined;
    if (!this.state.graph.upstream(cellId).every((up) => this.state.cells[up]?.status === 'fresh')) return undefined;
    try {
      return this.prepare(cellId, with_).key;
    } catch {
      return undefined;
    }
  }

  /** Where results are kept (the upload step writes its checked file there). */
  get resultCache(): ResultCache | undefined {
    return this.cache;
  }

  /** A heavy cell waiting for Run: show its cached result if there is one (no computation). */
  private async tryRestore(cellId: string): Promise<void> {
    const run = this.state.cells[cellId]!;
    if (run.status === 'running' || run.status === 'fresh' || run.status === 'error' || this.restoring.has(cellId)) return;
    if (!this.state.graph.upstream(cellId).every((up) => this.state.cells[up]?.status === 'fresh')) return;
    let prepared;
    try {
      prepared = this.prepare(cellId);
    } catch {
      return;
    }
    if (this.cacheMisses.has(prepared.key) || run.key === prepared.key) return;
    this.restoring.add(cellId);
    try {
      const cached = await this.readCache(cellId, prepared.key, prepared.def, prepared.params, prepared.inputs);
      if (cached === undefined) {
        this.cacheMisses.add(prepared.key);
        await this.restoreShownStale(cellId, prepared);
        return;
      }
      // Still the same inputs and parameters, and nobody started a run meanwhile?
      const now = this.state.cells[cellId]!;
      if (now.status === 'running' || now.status === 'fresh') return;
      let again;
      try {
        again = this.prepare(cellId);
      } catch {
        return;
      }
      if (again.key !== prepared.key) return;
      const runId = ++this.nextRunId;
      this.dispatch({ type: 'run-started', cellId, runId, key: prepared.key });
      this.dispatch({ type: 'run-finished', cellId, runId, output: cached, ms: 0, at: this.now(), fromCache: true });
      this.noteShown(cellId, prepared.key);
    } finally {
      this.restoring.delete(cellId);
    }
    void this.tick();
  }

  /**
   * No result for the cell's current key, but one it showed before (another parameter value,
   * before a reload): shown as out of date, so the user sees what the last run gave and that it
   * needs Run. Read without validating against today's parameters, and never deleted from here:
   * a result that the cell cannot show under them is simply not shown.
   */
  private async restoreShownStale(cellId: string, prepared: { key: string; def: CachedShapeDef; params: unknown; inputs: unknown }): Promise<void> {
    if (!this.rememberShown || !this.cache) return;
    try {
      const last = await this.cache.get(shownKeyEntry(this.state.notebook.id, cellId));
      if (typeof last !== 'string' || last === prepared.key || this.cacheMisses.has(last)) return;
      const value = await this.cache.get(last);
      if (value === undefined) {
        this.cacheMisses.add(last);
        return;
      }
      if (cachedShapeProblem(prepared.def, value, prepared.params, prepared.inputs) !== undefined) return;
      if (this.state.cells[cellId]?.status !== 'idle') return;
      this.dispatch({ type: 'restored-stale', cellId, output: value, key: last });
    } catch {
      // Nothing remembered that can be read: the cell says "Not run yet", as it would anyway.
    }
  }

  /** Remembers the key of the result a cell now shows (rememberShown). */
  private noteShown(cellId: string, key: string): void {
    if (!this.rememberShown || !this.cache || !key) return;
    void Promise.resolve(this.cache.set(shownKeyEntry(this.state.notebook.id, cellId), key)).catch(() => undefined);
  }

  /**
   * A cached result checked before use: an entry that cannot be read, or whose shape the cell
   * does not take (its headline or its artifacts throw on it, as the page would when showing
   * it), is dropped from the cache and reported, and the
   * cell computes as if nothing were cached. A damaged entry never fails the cell, let alone
   * the notebook.
   */
  private async readCache(cellId: string, key: string, def: CachedShapeDef, params: unknown, inputs: unknown): Promise<unknown> {
    if (!this.cache) return undefined;
    let value: unknown;
    let reason: string | undefined;
    try {
      value = await this.cache.get(key);
    } catch (err) {
      reason = `it could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
    if (reason === undefined && value !== undefined) reason = cachedShapeProblem(def, value, params, inputs);
    if (reason === undefined) return value;
    try {
      await this.cache.delete?.(key);
    } catch {
      // Not deleted: the fresh result written under the same key replaces it.
    }
    this.onCacheDropped?.({ cellId, key, reason });
    return undefined;
  }

  private async startRun(cellId: string): Promise<void> {
    const cell = this.state.graph.cells.get(cellId)!;
    const def = this.registry.get(cell.kind);
    const runId = ++this.nextRunId;
    const seed = this.state.notebook.seed;
    const heavy = def.heavy === true;
    this.running++;
    if (heavy) this.runningHeavy++;
    this.requested.delete(cellId);
    const controller = new AbortController();
    this.controllers.set(cellId, controller);
    const started = this.now();
    let announced = false;
    try {
      const { params, inputs, key, stream } = this.prepare(cellId);
      this.dispatch({ type: 'run-started', cellId, runId, key });
      announced = true;

      const twin = this.freshTwin(cellId, key);
      const cached = twin ?? (await this.readCache(cellId, key, def, params, inputs));
      if (cached !== undefined) {
        this.dispatch({ type: 'run-finished', cellId, runId, output: cached, ms: 0, at: this.now(), fromCache: true, ...(twin !== undefined ? { fromTwin: true } : {}) });
        this.noteShown(cellId, key);
        return;
      }
      const generator = this.executor.execute(
        { cellId, kind: def.kind, stream, inputs, params, seed, source: def.usesSource ? this.source : undefined },
        controller.signal,
      );
      for (;;) {
        if (controller.signal.aborted) {
          await generator.return(undefined);
          throw new CancelledError();
        }
        const step = await generator.next();
        if (controller.signal.aborted) throw new CancelledError();
        if (step.done) {
          this.dispatch({ type: 'run-finished', cellId, runId, output: step.value, ms: this.now() - started, at: this.now() });
          if (this.cache && this.state.cells[cellId]?.key === key) {
            await this.cache.set(key, step.value);
            this.noteShown(cellId, key);
          }
          return;
        }
        this.dispatch({ type: 'run-progress', cellId, runId, progress: step.value });
      }
    } catch (err) {
      // A failure before the run was announced (bad params) still belongs to this run.
      if (!announced) this.dispatch({ type: 'run-started', cellId, runId, key: '' });
      if (controller.signal.aborted || isCancellation(err)) {
        this.dispatch({ type: 'run-cancelled', cellId, runId });
      } else {
        this.dispatch({ type: 'run-failed', cellId, runId, error: err instanceof Error ? err.message : String(err), isInputError: isInputError(err) });
      }
    } finally {
      if (this.controllers.get(cellId) === controller) this.controllers.delete(cellId);
      this.running--;
      if (heavy) this.runningHeavy--;
      void this.tick();
    }
  }
}

/** What the shape check of a cached value uses of a cell's definition. */
export interface CachedShapeDef {
  headline?: (output: never, params: never) => unknown;
  artifacts?: (output: never, params: never, inputs: never) => unknown;
}

/**
 * Why a cached value is not an output the cell could have produced, or undefined when it may be:
 * null, or a value the cell's headline or artifacts cannot read (the manifest and the page read
 * both; a value they throw on would fail the page, not only the step).
 */
export function cachedShapeProblem(def: CachedShapeDef, value: unknown, params: unknown, inputs: unknown = {}): string | undefined {
  if (value === null) return 'it holds no result (null)';
  try {
    def.headline?.(value as never, params as never);
    def.artifacts?.(value as never, params as never, inputs as never);
    return undefined;
  } catch (err) {
    return `it does not have the shape of the step's result (${err instanceof Error ? err.message : String(err)})`;
  }
}
