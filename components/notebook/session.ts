import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { FileInspection, InspectFileParams } from '@/lib/data/inspect-file';
import type { DataSource, Progress } from '@/lib/notebook/define-cell';
import { deriveNotebook, type DeriveSpec } from '@/lib/notebook/derive';
import { CancelledError } from '@/lib/notebook/errors';
import { sha256Hex, sha256HexAsync } from '@/lib/notebook/hash';
import { canonicalJson } from '@/lib/notebook/canonical-json';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { canRedo, canUndo, emptyHistory, recordEdit, redoEdit, redoLabel, undoEdit, undoLabel, type EditHistory, type HistoryStep } from '@/lib/notebook/edit-history';
import { addDerivedFeatureCell, addMarkdownCell, deleteCell, duplicateCell, editMarkdownText, moveCell, notebookProblem, paramsEditLabel, type StructuralEdit } from '@/lib/notebook/structural-edits';
import { NotebookRuntime, type DroppedCacheEntry, type ResultCache } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { defaultPoolSize, WorkerPool } from '@/workers/worker-pool';
import { exportAllZip, packageVersions } from './export-all';
import type { FigureFormat } from '@/lib/report/export-files';
import { beginRestore, clearLocalData, endRestore, explorerStore, indexedDbCache, layeredCache, loadSession, onStorageProblem, saveSessionChecked, setAsideSession, takeAsideNotice, timingsStore, type ProfileTimings, type SavedSession, type StorageProblem } from './local-store';
import { checkSavedSession, setAsideMessage, type RestorableSession } from './restore-session';
import { notebookFileText, openNotebookFile } from './notebook-file';
import { choiceFor, profileChoices, type ProfileChoice } from './profiles';
import { trackEpoch, type EpochTrack } from './time-left';
import { newTabId, revisionOf, TAB_CONFLICT_MESSAGE } from './tab-sessions';

/** Replays of a saved file that never finished, in a row, before the session is set aside. */
const MAX_UNFINISHED_RESTORES = 2;

export const BUNDLED_DATA = { url: '/data/synthetic-cohort.csv', name: 'synthetic-cohort.csv' };

/** What the user can do next about a message: go back to the bundled cohort, or open a file. */
export type MessageAction = { kind: 'use-bundled' } | { kind: 'open-data'; name: string };

/** A Run all in progress (or just ended): the steps it set out to run and how they went. */
export interface RunBatch {
  steps: readonly string[];
  startedAt: number;
  finishedAt?: number;
  /** Steps that computed / that came from the cache. */
  computed: number;
  fromCache: number;
  /** The timings entry it is measured under (the profile's name, '' for the cells' own parameters). */
  profileKey: string;
  /** Steps up to date when it ended (kept: later edits do not rewrite what the run did). */
  doneAtEnd?: number;
}

/** A run in flight, as the progress estimates need it: when it started and its epochs so far. */
export interface LiveRun {
  runId: number;
  startedAt: number;
  /** Validation losses reported so far (training cells). */
  epochs?: EpochTrack;
}

/** The data the notebook runs on, as the page describes it. */
export interface DataInfo {
  name: string;
  isBundled: boolean;
  sha256: string;
  bytes: number;
}

/** What the page says about the notebook's edits: whether Undo and Redo can act, on what, and the last edit's outcome. */
export interface EditsSnapshot {
  canUndo: boolean;
  canRedo: boolean;
  /** What Undo / Redo would act on ("Delete “Split”"). */
  undoLabel?: string;
  redoLabel?: string;
  /**
   * The last structural edit, undo or redo in words ("Done: Delete “Split”. …", "Undone: Delete
   * “Split”"), or why an edit was refused; `id` changes with each, so the same words are announced
   * again. A parameter edit clears it (its form shows the change; the words would be stale).
   */
  announcement?: { id: number; kind: 'done' | 'refused'; text: string };
}

/** What undo and redo go back and forth between: the document and the profile it was made under. */
interface EditedState {
  notebook: Notebook;
  profile: string | undefined;
}

/** What the view renders; a new object whenever anything in it changes. */
export interface SessionSnapshot {
  state: NotebookState | undefined;
  profile: string | undefined;
  data: DataInfo | undefined;
  /** A problem the page shows above the notebook (the bundled data could not load, an export failed). */
  message: { kind: 'error' | 'warning'; text: string; actions?: readonly MessageAction[] } | undefined;
  /** Measured times on this machine, by profile (see `ProfileTimings`). */
  timings: Readonly<Record<string, ProfileTimings>>;
  /** The last Run all (in progress while `finishedAt` is absent). */
  batch: RunBatch | undefined;
  /** Runs in flight by cell id. */
  live: Readonly<Record<string, LiveRun>>;
  /** Set when this browser keeps nothing (no IndexedDB, or no room left): the page says so. */
  storage: StorageProblem | undefined;
  /**
   * Another tab saved this notebook's session after this tab read it: this tab's changes are no
   * longer saved (they would overwrite the other tab's work) until it is reloaded.
   */
  tabConflict?: boolean;
  /** Undo and redo of the notebook's edits (absent until the session has said anything about them). */
  edits?: EditsSnapshot;
}

/**
 * Bytes read once and hashed here, then passed around as this one object. They are decoded in
 * the worker that reads them (lib/data: encoding checks), never here.
 */
export function dataSource(name: string, bytes: Uint8Array): DataSource {
  return { name, sha256: sha256Hex(bytes), text: '', bytes };
}

/** dataSource for a file the user chose: hashed off the main thread (a large file would hold it for seconds). */
export async function dataSourceAsync(name: string, bytes: Uint8Array): Promise<DataSource> {
  return { name, sha256: await sha256HexAsync(bytes), text: '', bytes };
}

/**
 * Said once the user's file is the notebook's data: the way back to the bundled cohort (the
 * parameters are kept; only the load step's file settings go back to the bundled file's).
 */
export function ownDataMessage(name: string): NonNullable<SessionSnapshot['message']> {
  return {
    kind: 'warning',
    text: `The notebook runs on your file ${name}. To go back to the bundled cohort, keeping your parameters (only the load step's file settings return to the bundled file's), use the button below.`,
    actions: [{ kind: 'use-bundled' }],
  };
}

/** The profile in the address (`?profile=quick`), if the notebook defines it. */
function profileFromUrl(notebook: Notebook): string | undefined {
  const requested = new URLSearchParams(window.location.search).get('profile') ?? undefined;
  // Own profiles only: `?profile=constructor` names nothing of the notebook's.
  return requested && Object.prototype.hasOwnProperty.call(notebook.profiles, requested) ? requested : undefined;
}

/**
 * Everything the page runs, in one place: the notebook's runtime, the worker pool its cells
 * run in, the result cache, the data, the profile and what is kept in this browser. Features
 * that compute beside the notebook (the explorer, the upload's check of a file) ask it for a
 * derived runtime on the same pool and cache (`derive`), so they never run cells their own way.
 * The view only renders `snapshot` and calls these methods.
 */
/** The early-stopping min delta of a training cell (its resolved LSTM block), 0 when it has none. */
function earlyStoppingMinDelta(state: NotebookState, cellId: string): number {
  const cell = state.notebook.cells.find((c) => c.id === cellId);
  if (!cell || !isComputeCell(cell)) return 0;
  try {
    const params = registry.get(cell.kind).params.parse(cell.params) as { lstm?: { earlyStoppingMinDelta?: number } };
    return params.lstm?.earlyStoppingMinDelta ?? 0;
  } catch {
    return 0;
  }
}

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
  private current: SessionSnapshot = { state: undefined, profile: undefined, data: undefined, message: undefined, timings: {}, batch: undefined, live: {}, storage: undefined };
  /** The profile list: one entry per distinct set of settings. */
  readonly profileChoices: readonly ProfileChoice[];
  private readonly timingsStorage;
  private readonly listeners = new Set<() => void>();
  private unsubscribeRuntime = () => {};
  private readonly unsubscribeStorage: () => void;
  private disposed = false;
  private notifyPending = false;
  /** This tab's saves, and the stored revision they are based on (see tab-sessions.ts). */
  private readonly tabId = newTabId();
  private revision = 0;
  /**
   * Undo and redo of the document's edits (parameters, the cells), in this tab's memory. A new
   * data file starts it afresh: an earlier document holds the earlier file's load settings.
   */
  private history: EditHistory<EditedState> = emptyHistory();
  private announcements = 0;

  // One worker per core for models (up to four), and one more that cheap cells can always
  // have: after an edit, the split and the tables re-run at once instead of waiting for the
  // trainings in flight (see `capacity`).
  /** Runs at once for a runtime on this pool: heavy cells leave one worker to cheap ones. */
  private capacity() {
    return { concurrency: this.pool.size, heavyConcurrency: Math.max(1, this.pool.size - 1) };
  }

  constructor(notebook: Notebook, pool: WorkerPool = new WorkerPool(defaultPoolSize() + 1)) {
    this.notebook = notebook;
    this.pool = pool;
    this.cache = layeredCache(indexedDbCache({ onDamaged: () => this.noteDroppedResult(undefined) }));
    this.explorerStorage = explorerStore<unknown>(notebook.id);
    this.fileSettingsCell = notebook.cells.find((c) => isComputeCell(c) && registry.get(c.kind).fileSettings)?.id;
    this.saved = { notebook, savedAt: 0 };
    this.profileChoices = profileChoices(notebook, registry);
    this.timingsStorage = timingsStore(notebook.id);
    // The first problem is the one to show; a later one (quota after an open failed) says no more.
    this.unsubscribeStorage = onStorageProblem((problem) => {
      if (!this.disposed && !this.current.storage) this.update({ storage: problem });
    });
  }

  /** The profile list entry the session runs under now. */
  get currentChoice(): ProfileChoice | undefined {
    return choiceFor(this.profileChoices, this.current.profile, this.notebook, registry);
  }

  get snapshot(): SessionSnapshot {
    return this.current;
  }

  /** Whether the notebook's runtime is up (the saved session restored, or the notebook opened). */
  get ready(): boolean {
    return this.runtime !== null;
  }

  /** The document as it is now (edits, profile and structure), once the runtime is up. */
  get document(): Notebook | undefined {
    return this.runtime?.getState().notebook;
  }

  /** Runs one step and whatever it needs upstream (its Run button, Shift+Enter). */
  runCell(cellId: string): Promise<void> {
    return this.runtime?.runCell(cellId) ?? Promise.resolve();
  }

  /** Stops one step's run; the step goes back to out of date. */
  cancel(cellId: string): void {
    this.runtime?.cancel(cellId);
  }

  /** Stops every run of the notebook. */
  cancelAll(): void {
    this.runtime?.cancelAll();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The snapshot changes at once; the view hears of it once per task. A worker's progress
   * messages can arrive in bursts that the runtime handles in one task, and one React update
   * per message would nest renders (React stops at 50) and waste the main thread.
   */
  private update(patch: Partial<SessionSnapshot>): void {
    this.current = { ...this.current, ...patch };
    if (this.notifyPending) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      for (const l of this.listeners) l();
    }, 0);
  }

  /**
   * Restores the saved session (parameters, profile, the user's file) or opens the bundled
   * cohort. A saved session that cannot be replayed (a damaged record, or one that throws when
   * the runtime or the data take it) is set aside, never replayed again, and the page says so.
   */
  async start(): Promise<void> {
    void packageVersions();
    try {
      // A saved session comes back, unless the address asks for another profile than the one saved.
      const stored = await loadSession(this.notebook.id).catch(() => undefined);
      // Saves from this tab go over this revision only (another tab's newer save is not overwritten).
      this.revision = revisionOf(stored);
      // Set aside by an earlier load (the page failed while showing it): say so once.
      const earlier = await takeAsideNotice(this.notebook.id).catch(() => undefined);
      if (earlier) this.update({ message: { kind: 'warning', text: setAsideMessage(earlier.reason) } });
      const timings = await this.timingsStorage.load().catch(() => undefined);
      if (timings) this.update({ timings });
      const urlProfile = profileFromUrl(this.notebook);
      const wanted = stored !== undefined && stored !== null && (!urlProfile || (stored as Partial<SavedSession>).profile === urlProfile);
      let restored: RestorableSession | undefined;
      if (wanted) {
        const check = checkSavedSession(stored, this.notebook);
        if (check.ok) restored = check.value;
        else await this.setAside(check.reason);
      }
      // Replaying a saved file that kills the tab (out of memory) would kill every reload: after
      // two replays in a row that never finished, the session is set aside.
      if (restored?.upload) {
        const unfinished = await beginRestore(this.notebook.id).catch(() => 0);
        if (unfinished >= MAX_UNFINISHED_RESTORES) {
          await this.setAside(`the last ${unfinished} loads stopped while reading the saved file ${restored.upload.name} (the tab was closed or crashed)`);
          restored = undefined;
        }
      }
      // A first visit opens on the notebook's default profile (the quick one): minutes, not the paper's full run.
      const firstProfile = urlProfile ?? (this.notebook.defaultProfile && this.notebook.profiles[this.notebook.defaultProfile] ? this.notebook.defaultProfile : undefined);
      if (this.disposed) return;
      let runtime: NotebookRuntime | undefined;
      if (restored) {
        try {
          runtime = this.makeRuntime(restored.document);
        } catch (err) {
          await this.setAside(`the notebook could not be built from its parameters (${(err as Error).message})`);
          restored = undefined;
        }
      }
      if (this.disposed) return;
      runtime ??= this.makeRuntime(applyProfile(this.notebook, firstProfile));
      const document = runtime.getState().notebook;
      const profile = restored ? restored.profile : firstProfile;
      this.runtime = runtime;
      this.saved = { notebook: document, profile, upload: restored?.upload, savedAt: Date.now() };
      // Keep the document (parameters, mapping) in this browser as it changes.
      this.unsubscribeRuntime = runtime.subscribe((state, action) => {
        if (action.type === 'edit-params' || action.type === 'replace-notebook') this.persist({ notebook: state.notebook });
        this.observe(state, action);
        this.update({ state });
      });
      this.update({ state: runtime.getState(), profile });
      if (restored?.upload) {
        const upload = restored.upload;
        void (async () => {
          try {
            await this.setData(await dataSourceAsync(upload.name, upload.bytes), false);
            // The way back to the bundled cohort, unless the page has something else to say.
            if (!this.disposed && !this.current.message) this.update({ message: ownDataMessage(upload.name) });
            await endRestore(this.notebook.id).catch(() => undefined);
          } catch (err) {
            // The saved file threw while the notebook read it: set the session aside and go back.
            await this.setAside(`reading the saved file ${upload.name} failed (${(err as Error).message})`);
            if (!this.disposed) await this.backToShipped();
          }
        })();
        return;
      }
      const bundled = await this.fetchBundled();
      if (this.disposed) return;
      void this.setData(bundled, true);
    } catch (err) {
      if (!this.disposed) this.update({ message: { kind: 'error', text: (err as Error).message } });
    }
  }

  private makeRuntime(document: Notebook): NotebookRuntime {
    return new NotebookRuntime({ notebook: document, registry, executor: this.pool, ...this.capacity(), cache: this.cache, onCacheDropped: this.onCacheDropped, rememberShown: true });
  }

  /** A cached result the runtime could not use: dropped and computed again, and the page says so. */
  private readonly onCacheDropped = (entry: DroppedCacheEntry): void => this.noteDroppedResult(entry);

  private noteDroppedResult(entry: DroppedCacheEntry | undefined): void {
    if (this.disposed || this.current.message?.kind === 'error') return;
    const cell = entry ? this.notebook.cells.find((c) => c.id === entry.cellId) : undefined;
    const step = entry ? `of step "${(cell && isComputeCell(cell) && cell.title) || entry.cellId}"` : 'kept in this browser';
    const why = entry ? ` (${entry.reason})` : '';
    this.update({ message: { kind: 'warning', text: `A cached result ${step} was damaged${why}; it was dropped and is computed again. Nothing else was lost.` } });
  }

  /** Moves the saved session aside (see local-store) and tells the user why. */
  private async setAside(reason: string): Promise<void> {
    await setAsideSession(this.notebook.id, reason).catch(() => undefined);
    await endRestore(this.notebook.id).catch(() => undefined);
    // This load says it; the next one need not.
    await takeAsideNotice(this.notebook.id).catch(() => undefined);
    if (!this.disposed) this.update({ message: { kind: 'warning', text: setAsideMessage(reason) } });
  }

  /** The notebook as shipped (its default profile) on the bundled cohort, after a failed restore. */
  private async backToShipped(): Promise<void> {
    const profile = this.notebook.defaultProfile && this.notebook.profiles[this.notebook.defaultProfile] ? this.notebook.defaultProfile : undefined;
    this.saved = { notebook: applyProfile(this.notebook, profile), profile, savedAt: Date.now() };
    const message = this.current.message;
    this.update({ profile });
    await this.runtime?.replaceNotebook(this.saved.notebook);
    await this.useBundled();
    // useBundled clears the message; the user still needs to read why the session was set aside.
    if (!this.disposed && message) this.update({ message });
  }

  private async fetchBundled(): Promise<DataSource> {
    const res = await fetch(BUNDLED_DATA.url);
    if (!res.ok) throw new Error(`The bundled cohort could not be loaded (${res.status} ${res.statusText}).`);
    return dataSource(BUNDLED_DATA.name, new Uint8Array(await res.arrayBuffer()));
  }

  /**
   * Back to the bundled cohort: the user's file is forgotten in this browser and the load step
   * takes the notebook's own file settings again (the upload's mapping described another file).
   */
  async useBundled(): Promise<void> {
    try {
      const bundled = await this.fetchBundled();
      if (this.disposed) return;
      this.persist({ upload: undefined });
      const cellId = this.fileSettingsCell;
      const own = cellId ? this.notebook.cells.find((c) => c.id === cellId) : undefined;
      const params = cellId && own && isComputeCell(own) ? { [cellId]: { ...own.params } } : undefined;
      this.update({ message: undefined });
      await this.setData(bundled, true, params);
    } catch (err) {
      if (!this.disposed) this.update({ message: { kind: 'error', text: (err as Error).message } });
    }
  }

  /** The timings entry runs are measured under now ('' for the cells' own parameters). */
  private timingsKey(): string {
    return this.currentChoice?.value ?? this.current.profile ?? '';
  }

  /**
   * Keeps what the progress estimates need as runs report (start times, epochs, finished steps
   * of a Run all) and records each computed step's time, when the step ran with its profile's
   * settings as shipped (an edited step's time says nothing about the profile).
   */
  private observe(state: NotebookState, action: Parameters<Parameters<NotebookRuntime['subscribe']>[0]>[1]): void {
    if (action.type === 'run-started') {
      this.current = { ...this.current, live: { ...this.current.live, [action.cellId]: { runId: action.runId, startedAt: Date.now() } } };
    } else if (action.type === 'run-progress') {
      const live = this.current.live[action.cellId];
      const m = action.progress.metrics;
      if (live && live.runId === action.runId && typeof m?.epoch === 'number' && typeof m.valLoss === 'number') {
        const minDelta = earlyStoppingMinDelta(state, action.cellId);
        this.current = { ...this.current, live: { ...this.current.live, [action.cellId]: { ...live, epochs: trackEpoch(live.epochs, m.epoch, m.valLoss, minDelta) } } };
      }
    } else if (action.type === 'run-finished' || action.type === 'run-failed' || action.type === 'run-cancelled') {
      if (this.current.live[action.cellId]?.runId === action.runId) {
        const { [action.cellId]: _done, ...live } = this.current.live;
        this.current = { ...this.current, live };
      }
      if (action.type === 'run-finished' && state.cells[action.cellId]?.status === 'fresh') {
        const batch = this.current.batch;
        if (batch && batch.finishedAt === undefined && batch.steps.includes(action.cellId)) {
          this.current = { ...this.current, batch: { ...batch, computed: batch.computed + (action.fromCache && !action.fromTwin ? 0 : 1), fromCache: batch.fromCache + (action.fromCache && !action.fromTwin ? 1 : 0) } };
        }
        if (!action.fromCache && this.runsAsProfile(state, action.cellId)) this.recordTiming((t) => ({ ...t, cells: { ...t.cells, [action.cellId]: action.ms } }));
      }
    }
  }

  /** The cell's parameters are the profile's own (not edited since it was chosen). */
  private runsAsProfile(state: NotebookState, cellId: string): boolean {
    const shipped = applyProfile(this.notebook, this.current.profile).cells.find((c) => c.id === cellId);
    const now = state.notebook.cells.find((c) => c.id === cellId);
    return !!shipped && !!now && isComputeCell(shipped) && isComputeCell(now) && canonicalJson(shipped.params) === canonicalJson(now.params);
  }

  private recordTiming(change: (t: ProfileTimings) => ProfileTimings): void {
    const key = this.timingsKey();
    const before = this.current.timings[key] ?? { cells: {}, measuredAt: 0 };
    const timings = { ...this.current.timings, [key]: { ...change(before), measuredAt: Date.now() } };
    this.current = { ...this.current, timings };
    void this.timingsStorage.save(timings).catch(() => undefined);
  }

  /**
   * Runs every step that is not up to date, as a batch the page follows (steps done of steps to
   * run, the one running, time left). A batch in which every step computed is this machine's
   * measured time for the profile.
   */
  async runAll(): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return;
    const before = runtime.getState();
    const steps = before.graph.order.filter((id) => before.cells[id]?.status !== 'fresh');
    const batch: RunBatch = { steps, startedAt: Date.now(), computed: 0, fromCache: 0, profileKey: this.timingsKey() };
    const asShipped = steps.every((id) => this.runsAsProfile(before, id));
    this.update({ batch });
    await runtime.runAll();
    if (this.disposed) return;
    const after = runtime.getState();
    const complete = steps.every((id) => after.cells[id]?.status === 'fresh');
    const finished: RunBatch = { ...(this.current.batch ?? batch), finishedAt: Date.now(), doneAtEnd: steps.filter((id) => after.cells[id]?.status === 'fresh').length };
    if (this.current.batch?.startedAt !== batch.startedAt) return; // a newer Run all took over
    this.update({ batch: finished });
    if (complete && asShipped && steps.length > 0 && finished.fromCache === 0 && finished.profileKey === this.timingsKey()) {
      this.recordTiming((t) => ({ ...t, runAllMs: finished.finishedAt! - finished.startedAt }));
      this.update({});
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribeRuntime();
    this.unsubscribeStorage();
    this.runtime?.cancelAll();
    this.pool.terminate();
  }

  private persist(patch: Partial<SavedSession>): void {
    this.saved = { ...this.saved, ...patch, savedAt: Date.now() };
    // Once another tab's newer work is known, this tab stops saving over it until reloaded.
    if (this.current.tabConflict) return;
    void saveSessionChecked(this.notebook.id, this.saved, { tab: this.tabId, basedOn: this.revision })
      .then((decision) => {
        if (decision.ok) this.revision = Math.max(this.revision, decision.revision);
        else if (!this.disposed && !this.current.tabConflict) this.update({ tabConflict: true, message: { kind: 'warning', text: TAB_CONFLICT_MESSAGE } });
      })
      .catch(() => undefined);
  }

  /** Gives up this tab's unsaved changes for the other tab's saved work. */
  reloadForOtherTab(): void {
    window.location.reload();
  }

  /** Makes a file the notebook's data, with the load settings it was checked under (if any). */
  private setData(source: DataSource, isBundled: boolean, params?: Record<string, Record<string, unknown>>): Promise<void> {
    this.source = source;
    // Earlier documents hold the earlier file's load settings: undo does not go back past a new file.
    if (params && (canUndo(this.history) || canRedo(this.history))) {
      this.history = emptyHistory();
      this.announce('done', null);
    }
    this.update({ batch: undefined, data: { name: source.name, isBundled, sha256: source.sha256, bytes: source.bytes?.length ?? source.text.length } });
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
    const done = this.setData(source, false, params);
    this.update({ message: ownDataMessage(source.name) });
    return done;
  }

  setProfile(profile: string | undefined): Promise<void> {
    const name = profile === undefined ? 'the notebook’s own parameters' : `profile “${this.profileChoices.find((c) => c.value === profile)?.name ?? profile}”`;
    this.remember(`Choose ${name}`);
    return this.switchProfile(profile, this.underProfile(profile));
  }

  /**
   * The document under a profile: the shipped steps take the profile's parameters (as always),
   * and the cells the user added, moved, deleted or wrote keep what the user made of them.
   */
  private underProfile(profile: string | undefined): Notebook {
    const shipped = applyProfile(this.notebook, profile);
    const current = this.runtime?.getState().notebook;
    if (!current) return shipped;
    const profiled = new Map(shipped.cells.filter(isComputeCell).map((c) => [c.id, c]));
    const document: Notebook = { ...shipped, cells: current.cells.map((c) => (isComputeCell(c) ? (profiled.get(c.id) ?? c) : c)) };
    // Whatever the runtime would refuse (it should not happen) goes back to the notebook as shipped.
    return notebookProblem(document, registry) === undefined ? document : shipped;
  }

  private switchProfile(profile: string | undefined, document: Notebook): Promise<void> {
    this.persist({ profile });
    this.update({ profile, batch: undefined });
    return this.runtime?.replaceNotebook(document) ?? Promise.resolve();
  }

  /**
   * A whole new document (every parameter edited as JSON, a shared link's recipe). With a
   * `label`, it is an edit the user can undo.
   */
  replaceNotebook(notebook: Notebook, label?: string): Promise<void> {
    if (label) this.remember(label);
    return this.runtime?.replaceNotebook(notebook) ?? Promise.resolve();
  }

  // ---- Edits of the document, with undo and redo -------------------------------------------
  // Views call these, never the runtime: each is recorded in the history, and the runtime's
  // subscription (start) keeps the edited document in this browser as every edit is.

  /** The document now, and the profile it is under. */
  private editedState(): EditedState | undefined {
    const notebook = this.runtime?.getState().notebook;
    return notebook ? { notebook, profile: this.current.profile } : undefined;
  }

  /** Records the state before an edit, with the edit's words (said by the Undo button; the last announcement is cleared). */
  private remember(label: string): void {
    const before = this.editedState();
    if (before) this.history = recordEdit(this.history, before, label);
    this.announce('done', null);
  }

  /** The snapshot's `edits`, from the history, with a new announcement (text), none (null) or the one before (undefined). */
  private announce(kind: 'done' | 'refused', text: string | null | undefined): void {
    const h = this.history;
    const announcement = text === undefined ? this.current.edits?.announcement : text === null ? undefined : { id: ++this.announcements, kind, text };
    this.update({ edits: { canUndo: canUndo(h), canRedo: canRedo(h), undoLabel: undoLabel(h), redoLabel: redoLabel(h), announcement } });
  }

  /** A step's parameters changed in its form or its JSON editor (`key`: the one parameter changed). */
  editParams(cellId: string, params: Record<string, unknown>, key?: string): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return Promise.resolve();
    this.remember(paramsEditLabel(runtime.getState().notebook, registry, cellId, key));
    return runtime.editParams(cellId, params);
  }

  /** Applies a structural edit's outcome: the new document (recorded, announced) or the refusal, said. Returns the outcome. */
  private structural(make: (notebook: Notebook) => StructuralEdit): StructuralEdit {
    const notebook = this.runtime?.getState().notebook;
    if (!notebook || !this.runtime) {
      const refused: StructuralEdit = { ok: false, problem: 'The notebook is still loading: try again in a moment.' };
      this.announce('refused', refused.problem);
      return refused;
    }
    const edit = make(notebook);
    if (!edit.ok) {
      this.announce('refused', edit.problem);
      return edit;
    }
    try {
      const before = this.editedState()!;
      void this.runtime.replaceNotebook(edit.notebook).catch((err: unknown) => this.announce('refused', (err as Error).message));
      this.history = recordEdit(this.history, before, edit.label);
      this.announce('done', `Done: ${edit.label}. Ctrl+Z (⌘Z on a Mac) undoes it.`);
      return edit;
    } catch (err) {
      // The runtime refused the document (structural-edits checks as it does, so this is a bug): nothing changed.
      const refused: StructuralEdit = { ok: false, problem: (err as Error).message };
      this.announce('refused', refused.problem);
      return refused;
    }
  }

  /** Adds a Markdown note at `at` (an index into the document's cells). */
  addMarkdownCell(at: number): StructuralEdit {
    return this.structural((nb) => addMarkdownCell(nb, registry, at));
  }

  /** Adds a derived-feature step at `at`, reading the windowing step's windows. */
  addDerivedFeature(at: number): StructuralEdit {
    return this.structural((nb) => addDerivedFeatureCell(nb, registry, at));
  }

  moveCell(cellId: string, direction: 'up' | 'down'): StructuralEdit {
    return this.structural((nb) => moveCell(nb, registry, cellId, direction));
  }

  duplicateCell(cellId: string): StructuralEdit {
    return this.structural((nb) => duplicateCell(nb, registry, cellId));
  }

  /** Deletes a cell; refused, with the steps named, while other steps use its results. */
  deleteCell(cellId: string): StructuralEdit {
    return this.structural((nb) => deleteCell(nb, registry, cellId));
  }

  /** A Markdown note's new text (an unchanged text is no edit, and says nothing). */
  editMarkdown(cellId: string, text: string): StructuralEdit {
    const notebook = this.runtime?.getState().notebook;
    const cell = notebook?.cells.find((c) => c.id === cellId);
    if (cell && !isComputeCell(cell) && cell.text === text) return { ok: false, problem: 'The text is unchanged' };
    return this.structural((nb) => editMarkdownText(nb, registry, cellId, text));
  }

  /** Undoes the last edit: the document (and profile) before it; the cells it brings back show their cached results. */
  undo(): Promise<void> {
    const now = this.editedState();
    const step = now ? undoEdit(this.history, now) : undefined;
    return step ? this.goTo(step, 'Undone') : Promise.resolve();
  }

  redo(): Promise<void> {
    const now = this.editedState();
    const step = now ? redoEdit(this.history, now) : undefined;
    return step ? this.goTo(step, 'Redone') : Promise.resolve();
  }

  private goTo(step: HistoryStep<EditedState>, verb: 'Undone' | 'Redone'): Promise<void> {
    let done: Promise<void>;
    try {
      done = step.state.profile !== this.current.profile ? this.switchProfile(step.state.profile, step.state.notebook) : (this.runtime?.replaceNotebook(step.state.notebook) ?? Promise.resolve());
    } catch (err) {
      this.announce('refused', `${verb === 'Undone' ? 'Undo' : 'Redo'} of “${step.label}” failed: ${(err as Error).message}`);
      return Promise.resolve();
    }
    this.history = step.history;
    this.announce('done', `${verb}: ${step.label}`);
    return done;
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
    return new NotebookRuntime({ notebook: deriveNotebook(base, spec), registry, executor: this.pool, ...this.capacity(), cache: this.cache, source, onCacheDropped: this.onCacheDropped });
  }

  /** A runtime for a notebook derived earlier (an explorer run restored after a reload), on the current data. */
  runtimeFor(notebook: Notebook): NotebookRuntime {
    return new NotebookRuntime({ notebook, registry, executor: this.pool, ...this.capacity(), cache: this.cache, source: this.source, onCacheDropped: this.onCacheDropped, rememberShown: true });
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
  async check(source: DataSource, settings: Record<string, unknown>, signal?: AbortSignal, onProgress?: (progress: Progress) => void): Promise<LoadedCohort> {
    const cellId = this.fileSettingsCell;
    if (!cellId) throw new Error(`Notebook "${this.notebook.id}" has no step that reads a file with settings`);
    const runtime = this.derive({ id: `${this.notebook.id}-check`, targets: [cellId], replace: { [cellId]: settings } }, source);
    signal?.addEventListener('abort', () => runtime.cancelAll());
    // The load step's own reports (reading, validating): a large file takes seconds per stage.
    const unsubscribe = onProgress ? runtime.subscribe((_state, action) => {
          if (action.type === 'run-progress' && action.cellId === cellId) onProgress(action.progress);
        }) : undefined;
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

  notebookFileText(): string {
    const state = this.current.state;
    return notebookFileText(state?.notebook ?? this.notebook, this.current.profile, this.current.data);
  }

  /** Restores a saved notebook file; a file saved with other data gives a warning, not an error. */
  openNotebookFile(text: string): void {
    try {
      // Refused before anything changes: a cycle, an unknown kind, an unknown profile or hidden
      // steps leave the profile, the parameters and what this browser keeps as they were.
      const opened = openNotebookFile(text, this.notebook, registry);
      // Code steps run in the page only once it can show their code and ask before running it
      // (the trust prompt is not built yet); until then such a file is refused here and run by
      // the CLI with --trust-code, which says which steps it skipped otherwise.
      const code = opened.notebook.cells.filter((c) => isComputeCell(c) && c.kind === 'code');
      if (code.length) {
        throw new Error(
          `This notebook file has ${code.length === 1 ? 'a code step' : `${code.length} code steps`} (${code.map((c) => `“${c.id}”`).join(', ')}). The page does not run code steps yet; run the file with npm run reproduce -- --notebook FILE --trust-code after reading its code`,
        );
      }
      const before = this.editedState();
      const replaced = this.runtime?.replaceNotebook(opened.notebook);
      if (before) this.history = recordEdit(this.history, before, 'Open a notebook file');
      this.announce('done', undefined);
      this.persist({ profile: opened.profile });
      const warning = opened.dataWarning(this.current.data?.sha256);
      // Next steps: the data it was saved with (the bundled cohort, or the user's file by name).
      const actions: MessageAction[] = [];
      if (warning && opened.data?.name === BUNDLED_DATA.name && !this.current.data?.isBundled) actions.push({ kind: 'use-bundled' });
      else if (warning && opened.data) {
        actions.push({ kind: 'open-data', name: opened.data.name });
        if (!this.current.data?.isBundled) actions.push({ kind: 'use-bundled' });
      }
      this.update({ profile: opened.profile, message: warning ? { kind: 'warning', text: warning, actions } : undefined });
      void replaced?.catch((err: unknown) => this.update({ message: { kind: 'error', text: (err as Error).message } }));
    } catch (err) {
      this.update({ message: { kind: 'error', text: (err as Error).message } });
    }
  }

  /** Export all, with the export dialog's choices (dpi, formats, each figure's width). */
  async exportAll(choices: { dpi?: 300 | 600; formats?: readonly FigureFormat[]; figureWidths?: ReadonlyMap<string, number | undefined> } = {}): Promise<Blob> {
    const { state, data, profile } = this.current;
    if (!state || !data) throw new Error('Nothing to export yet: the notebook is still loading.');
    return exportAllZip(state, registry, { profile, data: { name: data.name, sha256: data.sha256, bytes: data.bytes }, ...choices });
  }

  async clearLocalData(): Promise<void> {
    this.runtime?.cancelAll();
    await clearLocalData();
  }
}
