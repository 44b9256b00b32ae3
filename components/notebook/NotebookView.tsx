'use client';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { registry } from '@/lib/cells';
import type { DataSource } from '@/lib/notebook/define-cell';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, isComputeCell, parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';
import { NotebookRuntime } from '@/lib/notebook/runtime';
import type { NotebookState } from '@/lib/notebook/state';
import { WorkerPool } from '@/workers/worker-pool';
import { CellFrame } from './CellFrame';
import { Markdown } from './Markdown';
import { downloadBlob, downloadText } from './download';
import { clearLocalData, explorerStore, indexedDbCache, loadSession, saveSession, type SavedSession } from './local-store';
import { notebookFileText, readNotebookFile } from './notebook-file';
import { exportAllZip, packageVersions } from './export-all';
import { FigureSourceContext } from './ArtifactView';
import { UploadFlow, type UploadSettings } from './UploadFlow';
import { JsonEditor } from '@/components/editor/JsonEditor';
import { FeatureExplorer, type ExplorerRun } from '@/components/explorer/FeatureExplorer';
import { applyParametersDocument, parametersDocument, parametersDocumentSchema } from '@/lib/notebook/parameters-document';

const BUNDLED_DATA = { url: '/data/synthetic-cohort.csv', name: 'synthetic-cohort.csv' };

function sourceFromBytes(name: string, bytes: Uint8Array): DataSource {
  return { name, sha256: sha256Hex(bytes), text: new TextDecoder('utf-8').decode(bytes), bytes };
}

/** The profile in the address (`?profile=quick`), if the notebook defines it. */
function profileFromUrl(notebook: Notebook): string | undefined {
  const requested = new URLSearchParams(window.location.search).get('profile') ?? undefined;
  return requested && notebook.profiles[requested] ? requested : undefined;
}

/** The workbench for one notebook: owns the runtime and the worker pool, renders state. */
export function NotebookView({ notebook }: { notebook: Notebook }) {
  const [runtime, setRuntime] = useState<NotebookRuntime | null>(null);
  const [profile, setProfile] = useState<string>();
  const [loadError, setLoadError] = useState<string>();
  const [source, setSource] = useState<{ name: string; isBundled: boolean; sha256: string; bytes: number }>();
  const [exporting, setExporting] = useState(false);
  const [pending, setPending] = useState<DataSource>();
  const [dragging, setDragging] = useState(false);
  const [editingAll, setEditingAll] = useState(false);
  const explorerStorage = useMemo(() => explorerStore<ExplorerRun>(notebook.id), [notebook.id]);
  const sessionRef = useRef<SavedSession>({ notebook, savedAt: 0 });
  const poolRef = useRef<WorkerPool | null>(null);
  // The step that reads the file (its mapping is checked in the upload step before it is used).
  const loadCellId = notebook.cells.find((c) => c.kind === 'load-cohort')?.id;

  /** Makes a file the notebook's data: shown in the toolbar, read by the cells. */
  const showData = (rt: NotebookRuntime, name: string, bytes: Uint8Array, isBundled: boolean, params?: Record<string, Record<string, unknown>>) => {
    const data = sourceFromBytes(name, bytes);
    setSource({ name, isBundled, sha256: data.sha256, bytes: bytes.length });
    return rt.setSource(data, params);
  };

  useEffect(() => {
    let cancelled = false;
    const pool = new WorkerPool();
    poolRef.current = pool;
    void packageVersions();
    let rt: NotebookRuntime | null = null;
    let unsubscribe = () => {};
    (async () => {
      // A saved session (parameters, profile, the user's file) comes back, unless the address
      // asks for another profile than the one saved.
      const stored = await loadSession(notebook.id).catch(() => undefined);
      const urlProfile = profileFromUrl(notebook);
      const saved = stored && (!urlProfile || stored.profile === urlProfile) ? stored : undefined;
      let document = applyProfile(notebook, urlProfile);
      let chosen = urlProfile;
      if (saved) {
        try {
          document = parseNotebook(saved.notebook);
          chosen = saved.profile;
        } catch {
          /* an old or damaged session: start from the notebook as shipped */
        }
      }
      if (cancelled) return;
      setProfile(chosen);
      rt = new NotebookRuntime({ notebook: document, registry, executor: pool, concurrency: pool.size, cache: indexedDbCache() });
      setRuntime(rt);
      // Keep the document (parameters, mapping) in this browser as it changes.
      unsubscribe = rt.subscribe((state, action) => {
        if (action.type !== 'edit-params' && action.type !== 'replace-notebook') return;
        sessionRef.current = { ...sessionRef.current, notebook: state.notebook, savedAt: Date.now() };
        void saveSession(notebook.id, sessionRef.current).catch(() => undefined);
      });
      sessionRef.current = { notebook: document, profile: chosen, upload: saved?.upload, savedAt: Date.now() };
      if (sessionRef.current.upload) {
        void showData(rt, sessionRef.current.upload.name, sessionRef.current.upload.bytes, false);
        return;
      }
      const res = await fetch(BUNDLED_DATA.url);
      if (!res.ok) throw new Error(`The bundled cohort could not be loaded (${res.status} ${res.statusText}).`);
      const buffer = await res.arrayBuffer();
      if (cancelled) return;
      void showData(rt, BUNDLED_DATA.name, new Uint8Array(buffer), true);
    })().catch((err: Error) => !cancelled && setLoadError(err.message));
    return () => {
      cancelled = true;
      unsubscribe();
      rt?.cancelAll();
      pool.terminate();
    };
  }, [notebook]);

  const subscribe = useCallback((onChange: () => void) => (runtime ? runtime.subscribe(onChange) : () => {}), [runtime]);
  const state: NotebookState | undefined = useSyncExternalStore(subscribe, () => runtime?.getState(), () => undefined);

  /** A file the user chose or dropped: through the mapping step when the notebook has one. */
  const onUpload = async (file: File) => {
    if (!runtime) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    setLoadError(undefined);
    if (loadCellId) setPending(sourceFromBytes(file.name, bytes));
    else adoptUpload(file.name, bytes);
  };

  /** The upload becomes the notebook's data (with the settings it was checked under). */
  const adoptUpload = (name: string, bytes: Uint8Array, settings?: UploadSettings) => {
    if (!runtime) return;
    // Every parameter of the load step describes one file (mapping, date format, sheet, value
    // maps): a new file replaces them all, so nothing from the previous file's settings (say,
    // its sheet) is applied to a file it was never checked against.
    const params = settings && loadCellId ? { [loadCellId]: { ...settings } } : undefined;
    sessionRef.current = { ...sessionRef.current, upload: { name, bytes }, savedAt: Date.now() };
    void saveSession(notebook.id, sessionRef.current).catch(() => undefined);
    void showData(runtime, name, bytes, false, params);
  };

  // Drop a file anywhere on the page.
  useEffect(() => {
    if (!runtime) return;
    const hasFile = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFile(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFile(e)) return;
      e.preventDefault();
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void onUpload(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  const isRunning = state ? Object.values(state.cells).some((c) => c.status === 'running') : false;
  const profiles = Object.keys(notebook.profiles);
  const figureSource = { notebook: notebook.id, dataSha256: source?.sha256 ?? 'unknown' };
  return (
    <>
      <h1>{notebook.title}</h1>
      {notebook.description && <p>{notebook.description}</p>}
      {source?.isBundled !== false ? (
        <p className="banner synthetic" data-testid="synthetic-banner">
          <strong>Synthetic data.</strong> The bundled cohort is simulated (see data/README.md); no real patient is in it.
          Numbers will differ from the paper&apos;s.
        </p>
      ) : (
        <p className="banner privacy" data-testid="own-data-banner">
          <strong>Your data: {source.name}.</strong> The file was read in this tab and is not sent anywhere.
        </p>
      )}
      <div className="toolbar" role="group" aria-label="Run">
        <button type="button" className="button primary" data-testid="run-all" onClick={() => void runtime?.runAll()} disabled={!state}>
          Run all
        </button>
        {/* Always there (disabled when idle), so the toolbar never reflows as runs start and stop. */}
        <button type="button" className="button" data-testid="cancel-all" onClick={() => runtime?.cancelAll()} disabled={!isRunning}>
          Cancel all
        </button>
        {profiles.length > 0 && (
          <label className="field inline">
            <span>Profile</span>
            <select
              data-testid="profile"
              value={profile ?? ''}
              onChange={(e) => {
                const next = e.target.value || undefined;
                setProfile(next);
                sessionRef.current = { ...sessionRef.current, profile: next };
                void runtime?.replaceNotebook(applyProfile(notebook, next));
              }}
            >
              <option value="">notebook defaults</option>
              {profiles.map((p) => (
                <option key={p} value={p}>{p}</option>
              ))}
            </select>
          </label>
        )}
        {notebook.cells.some((c) => c.kind === 'windowing') && (
          <a className="button" href="#explorer">
            Compare feature sets
          </a>
        )}
        <button type="button" className="button" data-testid="edit-notebook-json" disabled={!state} onClick={() => setEditingAll((v) => !v)} aria-expanded={editingAll}>
          Edit all parameters
        </button>
      </div>
      <div className="toolbar files" role="group" aria-label="Data and files">
        <label className={`button${dragging ? ' drop-target' : ''}`} title="Choose a CSV, TSV or XLSX file, or drop it anywhere on the page">
          Open your data…
          <input
            className="visually-hidden"
            type="file"
            data-testid="upload"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void onUpload(file);
              e.target.value = ''; // choosing the same file again is a new upload
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="export-all"
          disabled={!state || !source || exporting}
          onClick={async () => {
            if (!state || !source) return;
            setExporting(true);
            try {
              const zip = await exportAllZip(state, registry, { profile, data: { name: source.name, sha256: source.sha256, bytes: source.bytes } });
              downloadBlob(zip, `${notebook.id}-results.zip`);
            } catch (err) {
              setLoadError(`Export failed: ${(err as Error).message}`);
            } finally {
              setExporting(false);
            }
          }}
        >
          {exporting ? 'Exporting…' : 'Export all'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="save-notebook"
          disabled={!state}
          onClick={() => state && downloadText(notebookFileText(state.notebook, profile, source), `${notebook.id}.notebook.json`, 'application/json')}
        >
          Save notebook
        </button>
        <label className="button">
          Open notebook…
          <input
            className="visually-hidden"
            type="file"
            accept=".json,application/json"
            data-testid="open-notebook"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file || !runtime) return;
              try {
                const opened = readNotebookFile(await file.text(), notebook.id);
                setProfile(opened.profile);
                setLoadError(opened.dataWarning(source?.sha256));
                void runtime.replaceNotebook(opened.notebook);
              } catch (err) {
                setLoadError((err as Error).message);
              }
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="clear-local-data"
          onClick={async () => {
            if (!window.confirm('Remove everything this workbench keeps in this browser (parameters, your file, cached results)?')) return;
            runtime?.cancelAll();
            await clearLocalData();
            window.location.reload();
          }}
        >
          Clear local data
        </button>
        <span className="cell-meta data-name" data-testid="data-name" title={source?.name}>
          Data: {source?.name ?? 'loading…'}
        </span>
      </div>
      {loadError && <div className="error-box" role="alert">{loadError}</div>}
      {editingAll && state && runtime && (
        <JsonEditor
          title="Every parameter of the notebook, as one JSON document"
          name={`notebook-${notebook.id}`}
          initial={parametersDocument(state.notebook, registry)}
          schema={parametersDocumentSchema(state.notebook, registry)}
          check={(value) => {
            const result = applyParametersDocument(runtime.getState().notebook, registry, value);
            return result.ok ? undefined : result.error;
          }}
          onApply={(value) => {
            const result = applyParametersDocument(runtime.getState().notebook, registry, value);
            if (!result.ok) return;
            setEditingAll(false);
            void runtime.replaceNotebook(result.notebook);
          }}
          onClose={() => setEditingAll(false)}
        />
      )}
      {dragging && (
        <p className="banner drop" role="status">
          Drop the file to read it here (it stays in this browser).
        </p>
      )}
      {pending && poolRef.current && (
        <UploadFlow
          source={pending}
          executor={poolRef.current}
          seed={state?.notebook.seed ?? notebook.seed}
          onCancel={() => setPending(undefined)}
          onConfirm={(settings) => {
            adoptUpload(pending.name, pending.bytes!, settings);
            setPending(undefined);
          }}
        />
      )}
      <FigureSourceContext.Provider value={figureSource}>
      {notebook.cells.map((cell) => {
        if (!isComputeCell(cell)) return <Markdown key={cell.id} text={cell.text} />;
        const run = state?.cells[cell.id] ?? { status: 'idle' as const };
        const current = state?.notebook.cells.find((c) => c.id === cell.id);
        return (
          <CellFrame
            key={cell.id}
            cell={current && isComputeCell(current) ? current : cell}
            def={registry.get(cell.kind)}
            run={run}
            onRun={() => void runtime?.runCell(cell.id)}
            onCancel={() => runtime?.cancel(cell.id)}
            onParamChange={(key, value) => {
              if (!runtime || !current || !isComputeCell(current)) return;
              const next: Record<string, unknown> = { ...current.params, [key]: value };
              if (value === undefined) delete next[key];
              void runtime.editParams(cell.id, next);
            }}
            onParamsReplace={(params) => void runtime?.editParams(cell.id, params)}
          />
        );
      })}
      </FigureSourceContext.Provider>
      {state && poolRef.current && notebook.cells.some((c) => c.kind === 'windowing') && <FeatureExplorer state={state} executor={poolRef.current} storage={explorerStorage} />}
    </>
  );
}
