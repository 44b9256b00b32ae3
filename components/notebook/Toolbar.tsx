'use client';
import { useState } from 'react';
import { downloadBlob, downloadText } from './download';
import type { NotebookSession, SessionSnapshot } from './session';

/**
 * The notebook's two toolbar rows: running (Run all, Cancel all, profile, explorer, edit all)
 * and data and files (open a file, export, save and open a notebook, clear local data). Fixed
 * rows: buttons are disabled rather than removed, so the bar never reflows as runs start.
 */
export function Toolbar({
  session,
  snapshot,
  hasExplorer,
  editingAll,
  onToggleEditAll,
  onUpload,
  dragging,
}: {
  session: NotebookSession | null;
  snapshot: SessionSnapshot;
  hasExplorer: boolean;
  editingAll: boolean;
  onToggleEditAll: () => void;
  onUpload: (file: File) => void;
  dragging: boolean;
}) {
  const [exporting, setExporting] = useState(false);
  const { state, data, profile } = snapshot;
  const runtime = session?.notebookRuntime;
  const isRunning = state ? Object.values(state.cells).some((c) => c.status === 'running') : false;
  const profiles = session ? Object.keys(session.notebook.profiles) : [];
  const notebookId = session?.notebook.id ?? 'notebook';
  return (
    <>
      <div className="toolbar" role="group" aria-label="Run">
        <button type="button" className="button primary" data-testid="run-all" onClick={() => void runtime?.runAll()} disabled={!state}>
          Run all
        </button>
        <button type="button" className="button" data-testid="cancel-all" onClick={() => runtime?.cancelAll()} disabled={!isRunning}>
          Cancel all
        </button>
        {profiles.length > 0 && (
          <label className="field inline">
            <span>Profile</span>
            <select data-testid="profile" value={profile ?? ''} onChange={(e) => void session?.setProfile(e.target.value || undefined)}>
              <option value="">notebook defaults</option>
              {profiles.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        )}
        {hasExplorer && (
          <a className="button" href="#explorer">
            Compare feature sets
          </a>
        )}
        <button type="button" className="button" data-testid="edit-notebook-json" disabled={!state} onClick={onToggleEditAll} aria-expanded={editingAll}>
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
              if (file) onUpload(file);
              e.target.value = ''; // choosing the same file again is a new upload
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="export-all"
          disabled={!state || !data || exporting}
          onClick={async () => {
            if (!session) return;
            setExporting(true);
            try {
              downloadBlob(await session.exportAll(), `${notebookId}-results.zip`);
            } catch (err) {
              session.showMessage({ kind: 'error', text: `Export failed: ${(err as Error).message}` });
            } finally {
              setExporting(false);
            }
          }}
        >
          {exporting ? 'Exporting…' : 'Export all'}
        </button>
        <button type="button" className="button" data-testid="save-notebook" disabled={!state} onClick={() => session && downloadText(session.notebookFileText(), `${notebookId}.notebook.json`, 'application/json')}>
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
              if (file && session) session.openNotebookFile(await file.text());
              e.target.value = '';
            }}
          />
        </label>
        <button
          type="button"
          className="button"
          data-testid="clear-local-data"
          onClick={async () => {
            if (!window.confirm('Remove everything this workbench keeps in this browser (parameters, your file, cached results)?')) return;
            await session?.clearLocalData();
            window.location.reload();
          }}
        >
          Clear local data
        </button>
        <span className="cell-meta data-name" data-testid="data-name" title={data?.name}>
          Data: {data?.name ?? 'loading…'}
        </span>
      </div>
    </>
  );
}
