import { registry } from '@/lib/cells';
import type { LoadedCohort } from '@/lib/cells/load-cohort';
import type { FileInspection, InspectFileParams } from '@/lib/data/inspect-file';
import type { DataSource, Progress } from '@/lib/notebook/define-cell';
import type { DeriveSpec } from '@/lib/notebook/derive';
import { applyProfile, isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { addCodeCell, addDerivedFeatureCell, addMarkdownCell, deleteCell, duplicateCell, editMarkdownText, moveCell, notebookProblem, paramsEditLabel, setCellInputs, type StructuralEdit } from '@/lib/notebook/structural-edits';
import { NotebookRuntime, type DroppedCacheEntry, type ResultCache } from '@/lib/notebook/runtime';
import { defaultPoolSize, WorkerPool } from '@/workers/worker-pool';
import type { FigureFormat } from '@/lib/report/export-files';
import { codeCellsOf, codeTrustHash, trustedCode } from '../code-trust';
import { exportAllZip, packageVersions } from '../export-all';
import { beginRestore, clearLocalData, endRestore, explorerStore, indexedDbCache, layeredCache, loadSession, onStorageProblem, saveSessionChecked, setAsideSession, takeAsideNotice, timingsStore, type ProfileTimings, type SavedSession } from '../local-store';
import { setAsideMessage } from '../restore-session';
import { notebookFileText, openNotebookFile } from '../notebook-file';
import { choiceFor, profileChoices, type ProfileChoice } from '../profiles';
import { newTabId, revisionOf, TAB_CONFLICT_MESSAGE } from '../tab-sessions';
import { dataSourceAsync, fetchBundled, ownDataMessage } from './data-files';
import { DerivedRuntimes } from './derived-runtimes';
import { DocumentEdits, type EditedState } from './document-edits';
import { openedFileMessage, type OpenedFile } from './open-file';
import { planRestore, profileFromSearch, shippedProfile } from './restore';
import { earlyStoppingMinDelta, finishBatch, observeRun, runsAsProfile, startBatch, withTiming, type RuntimeAction } from './run-record';
import type { SessionMessage, SessionSnapshot } from './snapshot';

/**
 * Everything the page runs, in one place, and the only door from the views to the runtime: the
 * notebook's runtime, the worker pool its cells run in, the result cache, the data, the profile
 * and what is kept in this browser. The view renders `snapshot` and calls these methods. Each
 * job is its own module, tested in Node; this class puts them together:
 * - restore.ts: what a page load does with the session this browser kept;
 * - data-files.ts: the bundled cohort and the user's file;
 * - run-record.ts: runs in flight, Run all batches and this machine's timings;
 * - document-edits.ts: undo and redo of every edit, and what the page says about them;
 * - derived-runtimes.ts: the explorer's runs and the upload's check, on the same pool and cache;
 * - open-file.ts (with ../notebook-file.ts, ../code-trust.ts): open, save and export.
 */
export class NotebookSession {
  readonly notebook: Notebook;
  readonly pool: WorkerPool;
  readonly cache: ResultCache;
  readonly explorerStorage;
  /** The cell whose parameters describe the loaded file (an upload's mapping sets them). */
  readonly fileSettingsCell: string | undefined;
  /** The profile list: one entry per distinct set of settings. */
  readonly profileChoices: readonly ProfileChoice[];
  private runtime: NotebookRuntime | null = null;
  private source: DataSource | undefined;
  private saved: SavedSession;
  private current: SessionSnapshot = { state: undefined, profile: undefined, data: undefined, message: undefined, timings: {}, batch: undefined, live: {}, storage: undefined };
  private readonly timingsStorage;
  private readonly listeners = new Set<() => void>();
  private unsubscribeRuntime = () => {};
  private readonly unsubscribeStorage: () => void;
  private disposed = false;
  private notifyPending = false;
  /** This tab's saves, and the stored revision they are based on (see tab-sessions.ts). */
  private readonly tabId = newTabId();
  private revision = 0;
  private readonly edits: DocumentEdits;
  private readonly derived: DerivedRuntimes;
  /** A notebook file with code, read and checked, waiting for the user's answer. */
  private pendingFile: OpenedFile | undefined;

  constructor(notebook: Notebook, pool: WorkerPool = new WorkerPool(defaultPoolSize() + 1)) {
    this.notebook = notebook;
    this.pool = pool;
    this.cache = layeredCache(indexedDbCache({ onDamaged: () => this.noteDroppedResult(undefined) }));
    this.explorerStorage = explorerStore<unknown>(notebook.id);
    this.fileSettingsCell = notebook.cells.find((c) => isComputeCell(c) && registry.get(c.kind).fileSettings)?.id;
    this.saved = { notebook, savedAt: 0 };
    this.profileChoices = profileChoices(notebook, registry);
    this.timingsStorage = timingsStore(notebook.id);
    this.edits = new DocumentEdits({
      edited: () => this.editedState(),
      replace: (document) => this.runtime?.replaceNotebook(document) ?? Promise.resolve(),
      switchProfile: (profile, document) => this.switchProfile(profile, document),
      publish: (edits) => this.update({ edits }),
    });
    this.derived = new DerivedRuntimes({
      notebookId: notebook.id,
      registry,
      executor: pool,
      cache: this.cache,
      capacity: () => this.capacity(),
      onCacheDropped: this.onCacheDropped,
      base: () => this.runtime?.getState().notebook ?? this.notebook,
      source: () => this.source,
    });
    // The first problem is the one to show; a later one (quota after an open failed) says no more.
    this.unsubscribeStorage = onStorageProblem((problem) => {
      if (!this.disposed && !this.current.storage) this.update({ storage: problem });
    });
  }

  // One worker per core for models (up to four), and one more that cheap cells can always
  // have: after an edit, the split and the tables re-run at once instead of waiting for the
  // trainings in flight.
  /** Runs at once for a runtime on this pool: heavy cells leave one worker to cheap ones. */
  private capacity() {
    return { concurrency: this.pool.size, heavyConcurrency: Math.max(1, this.pool.size - 1) };
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

  // ---- Restore ----------------------------------------------------------------------------

  /**
   * Restores the saved session (parameters, profile, the user's file) or opens the bundled
   * cohort. A saved session that cannot be replayed (a damaged record, or one that throws when
   * the runtime or the data take it) is set aside, never replayed again, and the page says so.
   */
  async start(): Promise<void> {
    void packageVersions();
    try {
      const stored = await loadSession(this.notebook.id).catch(() => undefined);
      // Saves from this tab go over this revision only (another tab's newer save is not overwritten).
      this.revision = revisionOf(stored);
      // Set aside by an earlier load (the page failed while showing it): say so once.
      const earlier = await takeAsideNotice(this.notebook.id).catch(() => undefined);
      if (earlier) this.update({ message: { kind: 'warning', text: setAsideMessage(earlier.reason) } });
      const timings = await this.timingsStorage.load().catch(() => undefined);
      if (timings) this.update({ timings });
      const plan = await planRestore(stored, this.notebook, profileFromSearch(window.location.search, this.notebook), () => beginRestore(this.notebook.id).catch(() => 0));
      if (plan.kind === 'set-aside') await this.setAside(plan.reason);
      if (this.disposed) return;
      let restored = plan.kind === 'restore' ? plan.session : undefined;
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
      const firstProfile = plan.profile;
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
      const bundled = await fetchBundled();
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
    const profile = shippedProfile(this.notebook);
    this.saved = { notebook: applyProfile(this.notebook, profile), profile, savedAt: Date.now() };
    const message = this.current.message;
    this.update({ profile });
    await this.runtime?.replaceNotebook(this.saved.notebook);
    await this.useBundled();
    // useBundled clears the message; the user still needs to read why the session was set aside.
    if (!this.disposed && message) this.update({ message });
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

  dispose(): void {
    this.disposed = true;
    this.unsubscribeRuntime();
    this.unsubscribeStorage();
    this.runtime?.cancelAll();
    this.pool.terminate();
  }

  // ---- Data -------------------------------------------------------------------------------

  /**
   * Back to the bundled cohort: the user's file is forgotten in this browser and the load step
   * takes the notebook's own file settings again (the upload's mapping described another file).
   */
  async useBundled(): Promise<void> {
    try {
      const bundled = await fetchBundled();
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

  /** Makes a file the notebook's data, with the load settings it was checked under (if any). */
  private setData(source: DataSource, isBundled: boolean, params?: Record<string, Record<string, unknown>>): Promise<void> {
    this.source = source;
    // Earlier documents hold the earlier file's load settings: undo does not go back past a new file.
    if (params) this.edits.forget();
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

  // ---- Runs and timings -------------------------------------------------------------------

  /** The timings entry runs are measured under now ('' for the cells' own parameters). */
  private timingsKey(): string {
    return this.currentChoice?.value ?? this.current.profile ?? '';
  }

  /** Keeps what the progress estimates need as runs report, and each step's time as shipped (run-record.ts). */
  private observe(state: Parameters<typeof observeRun>[1], action: RuntimeAction): void {
    const { record, timing } = observeRun({ live: this.current.live, batch: this.current.batch }, state, action, {
      now: Date.now(),
      minDelta: (cellId) => earlyStoppingMinDelta(state, registry, cellId),
      asProfile: (cellId) => runsAsProfile(this.notebook, this.current.profile, state, cellId),
    });
    this.current = { ...this.current, ...record };
    if (timing) this.recordTiming((t) => ({ ...t, cells: { ...t.cells, [timing.cellId]: timing.ms } }));
  }

  private recordTiming(change: (t: ProfileTimings) => ProfileTimings): void {
    const timings = withTiming(this.current.timings, this.timingsKey(), change, Date.now());
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
    const batch = startBatch(before, Date.now(), this.timingsKey());
    const asShipped = batch.steps.every((id) => runsAsProfile(this.notebook, this.current.profile, before, id));
    this.update({ batch });
    await runtime.runAll();
    if (this.disposed) return;
    if (this.current.batch?.startedAt !== batch.startedAt) return; // a newer Run all took over
    const finished = finishBatch(this.current.batch, runtime.getState(), Date.now(), { asShipped, profileKey: this.timingsKey() });
    this.update({ batch: finished.batch });
    if (finished.runAllMs !== undefined) {
      const ms = finished.runAllMs;
      this.recordTiming((t) => ({ ...t, runAllMs: ms }));
      this.update({});
    }
  }

  // ---- Edits, with undo and redo (document-edits.ts) --------------------------------------
  // Views call these, never the runtime: each is recorded in the history, and the runtime's
  // subscription (start) keeps the edited document in this browser as every edit is.

  /** The document now, and the profile it is under. */
  private editedState(): EditedState | undefined {
    const notebook = this.runtime?.getState().notebook;
    return notebook ? { notebook, profile: this.current.profile } : undefined;
  }

  setProfile(profile: string | undefined): Promise<void> {
    const name = profile === undefined ? 'the notebook’s own parameters' : `profile “${this.profileChoices.find((c) => c.value === profile)?.name ?? profile}”`;
    this.edits.remember(`Choose ${name}`);
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
    if (label) this.edits.remember(label);
    return this.runtime?.replaceNotebook(notebook) ?? Promise.resolve();
  }

  /** A step's parameters changed in its form or its JSON editor (`key`: the one parameter changed). */
  editParams(cellId: string, params: Record<string, unknown>, key?: string): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return Promise.resolve();
    this.edits.remember(paramsEditLabel(runtime.getState().notebook, registry, cellId, key));
    return runtime.editParams(cellId, params);
  }

  /** Adds a Markdown note at `at` (an index into the document's cells). */
  addMarkdownCell(at: number): StructuralEdit {
    return this.edits.apply((nb) => addMarkdownCell(nb, registry, at));
  }

  /** Adds a derived-feature step at `at`, reading the windowing step's windows. */
  addDerivedFeature(at: number): StructuralEdit {
    return this.edits.apply((nb) => addDerivedFeatureCell(nb, registry, at));
  }

  /** Adds a code step at `at` (the user's own code: it runs in the sandbox when they press Run). */
  addCodeCell(at: number): StructuralEdit {
    return this.edits.apply((nb) => addCodeCell(nb, registry, at));
  }

  /** A code step's inputs (variable name → step id). */
  setCellInputs(cellId: string, inputs: Record<string, string>): StructuralEdit {
    return this.edits.apply((nb) => setCellInputs(nb, registry, cellId, inputs));
  }

  moveCell(cellId: string, direction: 'up' | 'down'): StructuralEdit {
    return this.edits.apply((nb) => moveCell(nb, registry, cellId, direction));
  }

  duplicateCell(cellId: string): StructuralEdit {
    return this.edits.apply((nb) => duplicateCell(nb, registry, cellId));
  }

  /** Deletes a cell; refused, with the steps named, while other steps use its results. */
  deleteCell(cellId: string): StructuralEdit {
    return this.edits.apply((nb) => deleteCell(nb, registry, cellId));
  }

  /** A Markdown note's new text (an unchanged text is no edit, and says nothing). */
  editMarkdown(cellId: string, text: string): StructuralEdit {
    const cell = this.document?.cells.find((c) => c.id === cellId);
    if (cell && !isComputeCell(cell) && cell.text === text) return { ok: false, problem: 'The text is unchanged' };
    return this.edits.apply((nb) => editMarkdownText(nb, registry, cellId, text));
  }

  /** Undoes the last edit: the document (and profile) before it; the cells it brings back show their cached results. */
  undo(): Promise<void> {
    return this.edits.undo();
  }

  redo(): Promise<void> {
    return this.edits.redo();
  }

  showMessage(message: SessionMessage | undefined): void {
    this.update({ message });
  }

  // ---- Derived runtimes (derived-runtimes.ts) ---------------------------------------------

  /** A runtime for a derived notebook (lib/notebook/derive.ts) on this session's pool, cache and data. */
  derive(spec: DeriveSpec, source?: DataSource): NotebookRuntime {
    return this.derived.derive(spec, source);
  }

  /** A runtime for a notebook derived earlier (an explorer run restored after a reload), on the current data. */
  runtimeFor(notebook: Notebook): NotebookRuntime {
    return this.derived.runtimeFor(notebook);
  }

  /** The upload's first look at a file (a typed call on the pool, not a cell). */
  inspect(source: DataSource, params: Partial<InspectFileParams>, signal?: AbortSignal): Promise<FileInspection> {
    return this.pool.inspect(source, params, signal);
  }

  /** Reads and validates every row of a file as the load step would (see DerivedRuntimes.check). */
  check(source: DataSource, settings: Record<string, unknown>, signal?: AbortSignal, onProgress?: (progress: Progress) => void): Promise<LoadedCohort> {
    const cellId = this.fileSettingsCell;
    if (!cellId) return Promise.reject(new Error(`Notebook "${this.notebook.id}" has no step that reads a file with settings`));
    return this.derived.check(cellId, source, settings, signal, onProgress);
  }

  // ---- Open, save, export -----------------------------------------------------------------

  notebookFileText(): string {
    const state = this.current.state;
    return notebookFileText(state?.notebook ?? this.notebook, this.current.profile, this.current.data);
  }

  /**
   * Restores a saved notebook file; a file saved with other data gives a warning, not an error.
   * A file with code steps is shown to the user first (`snapshot.pendingTrust`, the trust
   * dialog) unless this browser trusted that exact code before: nothing of it opens, and none of
   * its code runs, until the user answers (`trustPendingFile` / `cancelPendingFile`).
   */
  openNotebookFile(text: string, fileName = 'the notebook file'): void {
    let opened: OpenedFile;
    try {
      // Refused before anything changes: a cycle, an unknown kind, an unknown profile or hidden
      // steps leave the profile, the parameters and what this browser keeps as they were.
      opened = openNotebookFile(text, this.notebook, registry);
    } catch (err) {
      this.update({ message: { kind: 'error', text: (err as Error).message } });
      return;
    }
    const cells = codeCellsOf(opened.notebook);
    if (cells.length === 0) return this.applyOpenedFile(opened);
    const hash = codeTrustHash(opened.notebook);
    if (trustedCode(localStorageOrUndefined()).has(hash)) return this.applyOpenedFile(opened);
    this.pendingFile = opened;
    this.update({ pendingTrust: { fileName, cells, hash } });
  }

  /** The user read the pending file's code and trusts it: remembered for that exact code, and opened. */
  trustPendingFile(): void {
    const opened = this.pendingFile;
    const pending = this.current.pendingTrust;
    this.pendingFile = undefined;
    this.update({ pendingTrust: undefined });
    if (!opened || !pending) return;
    trustedCode(localStorageOrUndefined()).add(pending.hash);
    this.applyOpenedFile(opened);
  }

  /** The user does not trust the pending file's code: nothing changes. */
  cancelPendingFile(): void {
    this.pendingFile = undefined;
    this.update({ pendingTrust: undefined, message: { kind: 'warning', text: 'The notebook file was not opened: its code was not trusted. Nothing changed.' } });
  }

  private applyOpenedFile(opened: OpenedFile): void {
    try {
      const before = this.editedState();
      const replaced = this.runtime?.replaceNotebook(opened.notebook);
      if (before) this.edits.remember('Open a notebook file', { before, keep: true });
      this.persist({ profile: opened.profile });
      this.update({ profile: opened.profile, message: openedFileMessage(opened, this.current.data) });
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

/** This browser's localStorage, or undefined where it cannot be had (private modes, tests). */
function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
