'use client';
import { useState, useSyncExternalStore, type RefObject } from 'react';
import { CopyLinkButton } from './CopyLinkButton';
import { downloadText } from './download';
import { ExportAllButton } from './ExportDialog';
import { downloadReport } from './export-all';
import type { ProfileTimings } from './local-store';
import { profileTimeText } from './profiles';
import type { NotebookSession, SessionSnapshot } from './session';

/**
 * What a profile's Run all took here last time, or before that an estimate from the reference
 * machine scaled to this one's cores (components/notebook/profiles.ts); "not timed here yet" for
 * a profile with no reference timing.
 */
export function profileEstimate(notebookId: string, profile: string, timings: ProfileTimings | undefined, cores: number | undefined): string {
  return profileTimeText(notebookId, profile, timings?.runAllMs, cores);
}

const noSubscription = () => () => {};
/** This machine's logical cores once in the browser (the server render has none, so the first paint matches it). */
function useCores(): number | undefined {
  return useSyncExternalStore(noSubscription, () => navigator.hardwareConcurrency || undefined, () => undefined);
}

/**
 * The notebook's two toolbar rows: running (Run all, Cancel all, profile, explorer, edit all, undo and redo)
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
  uploadInput,
  editAllButton,
  shortcutsButton,
  onShowShortcuts,
}: {
  session: NotebookSession | null;
  snapshot: SessionSnapshot;
  hasExplorer: boolean;
  editingAll: boolean;
  onToggleEditAll: () => void;
  onUpload: (file: File) => void;
  dragging: boolean;
  /** The file input, so that a message's "open the matching file" can open the same chooser. */
  uploadInput?: RefObject<HTMLInputElement | null>;
  /** The "Edit all parameters" button, where Escape in that editor returns the focus. */
  editAllButton?: RefObject<HTMLButtonElement | null>;
  /** The "Keyboard shortcuts (?)" button, where the list returns the focus when nothing else had it. */
  shortcutsButton?: RefObject<HTMLButtonElement | null>;
  /** Opens the list of keyboard shortcuts (the same dialog as `?`). */
  onShowShortcuts?: () => void;
}) {
  const [exporting, setExporting] = useState(false);
  const { state, data, profile } = snapshot;
  const isRunning = state ? Object.values(state.cells).some((c) => c.status === 'running') : false;
  const choices = session?.profileChoices ?? [];
  const current = session?.currentChoice;
  const notebookId = session?.notebook.id ?? 'notebook';
  const cores = useCores();
  return (
    <>
      <div className="toolbar" role="group" aria-label="Run">
        <button type="button" className="button primary" data-testid="run-all" onClick={() => void session?.runAll()} disabled={!state || !session?.ready}>
          Run all
        </button>
        <button type="button" className="button" data-testid="cancel-all" onClick={() => session?.cancelAll()} disabled={!isRunning}>
          Cancel all
        </button>
        {choices.length > 0 && (
          <label className="field inline profile-choice">
            <span>Profile</span>
            <select
              data-testid="profile"
              value={current?.value ?? profile ?? ''}
              aria-describedby="profile-description"
              onChange={(e) => void session?.setProfile(e.target.value || undefined)}
            >
              {choices.map((c) => (
                <option key={c.value} value={c.value} data-settings={c.settingsHash} title={c.description}>
                  {`${c.name} · ${profileEstimate(notebookId, c.value, snapshot.timings[c.value], cores)}`}
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
        <button ref={editAllButton} type="button" className="button" data-testid="edit-notebook-json" disabled={!state} onClick={onToggleEditAll} aria-expanded={editingAll}>
          Edit all parameters
        </button>
        <button
          type="button"
          className="button"
          data-testid="undo"
          disabled={!snapshot.edits?.canUndo}
          aria-keyshortcuts="Control+Z Meta+Z"
          title={snapshot.edits?.undoLabel ? `Undo: ${snapshot.edits.undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
          onClick={() => void session?.undo()}
        >
          Undo
        </button>
        <button
          type="button"
          className="button"
          data-testid="redo"
          disabled={!snapshot.edits?.canRedo}
          aria-keyshortcuts="Shift+Control+Z Shift+Meta+Z Control+Y"
          title={snapshot.edits?.redoLabel ? `Redo: ${snapshot.edits.redoLabel} (Shift+Ctrl+Z)` : 'Nothing to redo'}
          onClick={() => void session?.redo()}
        >
          Redo
        </button>
        {onShowShortcuts && (
          <button ref={shortcutsButton} type="button" className="button" data-testid="show-shortcuts" aria-haspopup="dialog" aria-keyshortcuts="?" onClick={onShowShortcuts}>
            Keyboard shortcuts (?)
          </button>
        )}
      </div>
      {current && (
        <p className="cell-meta profile-description" id="profile-description" data-testid="profile-description">
          <strong>{current.name}</strong>
          {current.description ? `: ${current.description}` : ''} · {profileEstimate(notebookId, current.value, snapshot.timings[current.value], cores)}.
        </p>
      )}
      <div className="toolbar files" role="group" aria-label="Data and files">
        <label className={`button${dragging ? ' drop-target' : ''}`} title="Choose a CSV, TSV or XLSX file, or drop it anywhere on the page">
          Open your data…
          <input
            className="visually-hidden"
            type="file"
            ref={uploadInput}
            data-testid="upload"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) onUpload(file);
              e.target.value = ''; // choosing the same file again is a new upload
            }}
          />
        </label>
        <ExportAllButton session={session} snapshot={snapshot} fileName={`${notebookId}-results.zip`} exporting={exporting} onExporting={setExporting} />
        <button type="button" className="button" data-testid="export-report" disabled={!state || !data || exporting} onClick={() => void downloadReport(session, snapshot)}>
          Export report
        </button>
        <button type="button" className="button" data-testid="save-notebook" disabled={!state} onClick={() => session && downloadText(session.notebookFileText(), `${notebookId}.notebook.json`, 'application/json')}>
          Save notebook
        </button>
        <CopyLinkButton session={session} snapshot={snapshot} />
        <label className="button">
          Open notebook…
          <input
            className="visually-hidden"
            type="file"
            accept=".json,application/json,.html,text/html"
            data-testid="open-notebook"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file && session) session.openNotebookFile(await file.text(), file.name);
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
