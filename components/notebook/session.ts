import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { FileInspection, InspectFileParams } from '@/lib/data/inspect-file';
import type { DataSource } from '@/lib/notebook/define-cell';
import { deriveNotebook, type DeriveSpec } from '@/lib/notebook/derive';
import { CancelledError } from '@/lib/notebook/errors';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, isComputeCell, parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';
import { NotebookRuntime, type ResultCache } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { WorkerPool } from '@/workers/worker-pool';
import { exportAllZip, packageVersions } from './export-all';
import { clearLocalData, explorerStore, indexedDbCache, layeredCache, loadSession, saveSession, type SavedSession } from './local-store';
import { notebookFileText, readNotebookFile } from './notebook-file';

const BUNDLED_DATA = { url: '/data/synthetic-cohort.csv', name: 'synthetic-cohort.csv' };

/** The data the notebook runs on, as the page describes it. */
export interface DataInfo {
  name: string;
  isBundled: boolean;
  sha256: string;
  bytes: number;
}

/** What the view renders; a new object whenever anything in it changes. */
export interface SessionSnapshot {
  state: NotebookState | undefined;
  profile: string | undefined;
  data: DataInfo | undefined;
  /** A problem the page shows above the notebook (the bundled data could not load, an export failed). */
  message: { kind: 'error' | 'warning'; text: string } | undefined;
}

/**
 * Bytes read once and hashed here, then passed around as this one object. They are decoded in
 * the worker that reads them (lib/data: encoding checks), never here.
 */
export function dataSource(name: string, bytes: Uint8Array): DataSource {
  return { name, sha256: sha256Hex(bytes), text: '', bytes };
}

/** The profile in the address (`?profile=quick`), if the notebook defines it. */
function profileFromUrl(notebook: Notebook): string | undefined {
  const requested = new URLSearchParams(window.location.search).get('profile') ?? undefined;
  return requested && notebook.profiles[requested] ? requested : undefined;
}

/**
 * Everything the page runs, in one place: the notebook's runtime, the worker pool its cells
 * run in, the result cache, the data, the profile and what is kept in this browser. Features
 * that compute beside the notebook (the explorer, the upload's check of a file) ask it for a
 * derived runtime on the same pool and cache (`derive`), so they never run cells their own way.
 * The view only renders `snapshot` and calls these methods.
 */
export class NotebookSession {
  readonly notebook: Notebook;
  readonly pool: WorkerPool;
  readonly cache: ResultCache;
  readonly explorerStorage;
  /** The cell whose parameters describe the loaded file (an upload's mapping sets them). */
  readonly fileSettingsCell: string | undefined;
  private runtime: NotebookRuntime | null = null;
  private source: DataSource | undefined;
  private saved: SavedSession;
  private current: SessionSnapshot = { state: undefined, profile: undefined, data: undefined, message: undefined };
  private readonly listeners = new Set<() => void>();
  private unsubscribeRuntime = () => {};
  private disposed = false;

  constructor(notebook: Notebook, pool: WorkerPool = new WorkerPool()) {
    this.notebook = notebook;
    this.pool = pool;
    this.cache = layeredCache(indexedDbCache());
    this.explorerStorage = explorerStore<unknown>(notebook.id);
    this.fileSettingsCell = notebook.cells.find((c) => isComputeCell(c) && registry.get(c.kind).fileSettings)?.id;
    this.saved = { notebook, savedAt: 0 };
  }

  get snapshot(): SessionSnapshot {
    return this.current;
  }

  get notebookRuntime(): NotebookRuntime | null {
    return this.runtime;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(patch: Partial<SessionSnapshot>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l();
  }

  /** Restores the saved session (parameters, profile, the user's file) or opens the bundled cohort. */
  async start(): Promise<void> {
    void packageVersions();
    try {
      // A saved session comes back, unless the address asks for another profile than the one saved.
      const stored = await loadSession(this.notebook.id).catch(() => undefined);
      const urlProfile = profileFromUrl(this.notebook);
      const restored = stored && (!urlProfile || stored.profile === urlProfile) ? stored : undefined;
      let document = applyProfile(this.notebook, urlProfile);
      let profile = urlProfile;
      if (restored) {
        try {
          document = parseNotebook(restored.notebook);
          profile = restored.profile;
        } catch {
          /* an old or damaged session: start from the notebook as shipped */
        }
      }
      if (this.disposed) return;
      const runtime = new NotebookRuntime({ notebook: document, registry, executor: this.pool, concurrency: this.pool.size, cache: this.cache });
      this.runtime = runtime;
      this.saved = { notebook: document, profile, upload: restored?.upload, savedAt: Date.now() };
      // Keep the document (parameters, mapping) in this browser as it changes.
      this.unsubscribeRuntime = runtime.subscribe((state, action) => {
        if (action.type === 'edit-params' || action.type === 'replace-notebook') this.persist({ notebook: state.notebook });
        this.update({ state });
      });
      this.update({ state: runtime.getState(), profile });
      if (this.saved.upload) {
        void this.setData(dataSource(this.saved.upload.name, this.saved.upload.bytes), false);
        return;
      }
      const res = await fetch(BUNDLED_DATA.url);
      if (!res.ok) throw new Error(`The bundled cohort could not be loaded (${res.status} ${res.statusText}).`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (this.disposed) return;
      void this.setData(dataSource(BUNDLED_DATA.name, bytes), true);
    } catch (err) {
      if (!this.disposed) this.update({ message: { kind: 'error', text: (err as Error).message } });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribeRuntime();
    this.runtime?.cancelAll();
    this.pool.terminate();
  }

  private persist(patch: Partial<SavedSession>): void {
    this.saved = { ...this.saved, ...patch, savedAt: Date.now() };
    void saveSession(this.notebook.id, this.saved).catch(() => undefined);
  }

  /** Makes a file the notebook's data, with the load settings it was checked under (if any). */
  private setData(source: DataSource, isBundled: boolean, params?: Record<string, Record<string, unknown>>): Promise<void> {
    this.source = source;
    this.update({ data: { name: source.name, isBundled, sha256: source.sha256, bytes: source.bytes?.length ?? source.text.length } });
    return this.runtime?.setSource(source, params) ?? Promise.resolve();
  }

  /**
   * The user's file becomes the notebook's data. Every parameter of the load step describes one
   * file (mapping, date format, sheet, value maps): a new file replaces them all, so nothing of
   * the previous file's settings is applied to a file it was never checked against.
   */
  useUpload(source: DataSource, settings?: Record<string, unknown>): Promise<void> {
    this.persist({ upload: { name: source.name, bytes: source.bytes ?? new TextEncoder().encode(source.text) } });
    const params = settings && this.fileSettingsCell ? { [this.fileSettingsCell]: { ...settings } } : undefined;
    return this.setData(source, false, params);
  }

  setProfile(profile: string | undefined): Promise<void> {
    this.persist({ profile });
    this.update({ profile });
    return this.runtime?.replaceNotebook(applyProfile(this.notebook, profile)) ?? Promise.resolve();
  }

  replaceNotebook(notebook: Notebook): Promise<void> {
    return this.runtime?.replaceNotebook(notebook) ?? Promise.resolve();
  }

  showMessage(message: SessionSnapshot['message']): void {
    this.update({ message });
  }

  /**
   * A runtime for a derived notebook (lib/notebook/derive.ts) on this session's pool, cache and
   * data: what the notebook already computed is served from the cache.
   */
  derive(spec: DeriveSpec, source: DataSource | undefined = this.source): NotebookRuntime {
    const base = this.runtime?.getState().notebook ?? this.notebook;
    return new NotebookRuntime({ notebook: deriveNotebook(base, spec), registry, executor: this.pool, concurrency: this.pool.size, cache: this.cache, source });
  }

  /** A runtime for a notebook derived earlier (an explorer run restored after a reload), on the current data. */
  runtimeFor(notebook: Notebook): NotebookRuntime {
    return new NotebookRuntime({ notebook, registry, executor: this.pool, concurrency: this.pool.size, cache: this.cache, source: this.source });
  }

  /** The upload's first look at a file (a typed call on the pool, not a cell). */
  inspect(source: DataSource, params: Partial<InspectFileParams>, signal?: AbortSignal): Promise<FileInspection> {
    return this.pool.inspect(source, params, signal);
  }

  /**
   * Reads and validates every row of a file under the given load settings, as the notebook's
   * load step would: a derived notebook of that one step, so the result is cached under the key
   * the step will have once the file is used, and "Use this data" reads nothing again.
   */
  async check(source: DataSource, settings: Record<string, unknown>, signal?: AbortSignal): Promise<LoadedCohort> {
    const cellId = this.fileSettingsCell;
    if (!cellId) throw new Error(`Notebook "${this.notebook.id}" has no step that reads a file with settings`);
    const runtime = this.derive({ id: `${this.notebook.id}-check`, targets: [cellId], replace: { [cellId]: settings } }, source);
    signal?.addEventListener('abort', () => runtime.cancelAll());
    await runtime.runAll();
    const cell = runtime.getState().cells[cellId]!;
    if (cell.status === 'fresh') return cell.output as LoadedCohort;
    if (cell.status === 'error') throw new Error(cell.error);
    throw new CancelledError();
  }

  notebookFileText(): string {
    const state = this.current.state;
    return notebookFileText(state?.notebook ?? this.notebook, this.current.profile, this.current.data);
  }

  /** Restores a saved notebook file; a file saved with other data gives a warning, not an error. */
  openNotebookFile(text: string): void {
    try {
      const opened = readNotebookFile(text, this.notebook.id);
      this.persist({ profile: opened.profile });
      const warning = opened.dataWarning(this.current.data?.sha256);
      this.update({ profile: opened.profile, message: warning ? { kind: 'warning', text: warning } : undefined });
      void this.runtime?.replaceNotebook(opened.notebook);
    } catch (err) {
      this.update({ message: { kind: 'error', text: (err as Error).message } });
    }
  }

  async exportAll(): Promise<Blob> {
    const { state, data, profile } = this.current;
    if (!state || !data) throw new Error('Nothing to export yet: the notebook is still loading.');
    return exportAllZip(state, registry, { profile, data: { name: data.name, sha256: data.sha256, bytes: data.bytes } });
  }

  async clearLocalData(): Promise<void> {
    this.runtime?.cancelAll();
    await clearLocalData();
  }
}
