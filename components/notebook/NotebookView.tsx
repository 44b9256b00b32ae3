'use client';
import { useEffect, useMemo, useState } from 'react';
import { registry } from '@/lib/cells';
import type { DataSource } from '@/lib/notebook/define-cell';
import { isComputeCell, type Notebook } from '@/lib/notebook/notebook-schema';
import { applyParametersDocument, parametersDocument, parametersDocumentSchema } from '@/lib/notebook/parameters-document';
import { JsonEditor } from '@/components/editor/JsonEditor';
import { FeatureExplorer } from '@/components/explorer/FeatureExplorer';
import { FigureSourceContext } from './ArtifactView';
import { CellFrame } from './CellFrame';
import { Markdown } from './Markdown';
import { dataSource } from './session';
import { stableInputs } from './stable-inputs';
import { Toolbar } from './Toolbar';
import { UploadFlow } from './UploadFlow';
import { useNotebookSession } from './use-notebook-session';

/** Drop a file anywhere on the page: `onFile` gets it; `dragging` says a file is over the page. */
function useFileDrop(enabled: boolean, onFile: (file: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    if (!enabled) return;
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
      if (file) onFile(file);
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
  return dragging;
}

/**
 * The workbench for one notebook. It renders the session's snapshot (components/notebook/
 * session.ts owns the runtime, the worker pool, the cache and what is kept in this browser)
 * and forwards the user's actions to it; it runs nothing itself.
 */
export function NotebookView({ notebook }: { notebook: Notebook }) {
  const { session, snapshot } = useNotebookSession(notebook);
  const { state, data, message } = snapshot;
  const [pending, setPending] = useState<DataSource>();
  const [editingAll, setEditingAll] = useState(false);
  const inputsOf = useMemo(() => stableInputs(), []);
  const hasExplorer = notebook.cells.some((c) => isComputeCell(c) && registry.get(c.kind).featureSet);

  /** A file the user chose or dropped: read and hashed once; through the mapping step when the notebook has one. */
  const onUpload = async (file: File) => {
    if (!session) return;
    const source = dataSource(file.name, new Uint8Array(await file.arrayBuffer()));
    session.showMessage(undefined);
    if (session.fileSettingsCell) setPending(source);
    else void session.useUpload(source);
  };
  const dragging = useFileDrop(session !== null, (file) => void onUpload(file));
  const runtime = session?.notebookRuntime;
  // What a downloaded figure records about its notebook and data.
  const figureSource = useMemo(() => ({ notebook: notebook.id, dataSha256: data?.sha256 ?? 'unknown' }), [notebook.id, data?.sha256]);

  return (
    <>
      <h1>{notebook.title}</h1>
      {notebook.description && <p>{notebook.description}</p>}
      {data?.isBundled !== false ? (
        <p className="banner synthetic" data-testid="synthetic-banner">
          <strong>Synthetic data.</strong> The bundled cohort is simulated (see data/README.md); no real patient is in it.
          Numbers will differ from the paper&apos;s.
        </p>
      ) : (
        <p className="banner privacy" data-testid="own-data-banner">
          <strong>Your data: {data.name}.</strong> The file was read in this tab and is not sent anywhere.
        </p>
      )}
      <Toolbar session={session} snapshot={snapshot} hasExplorer={hasExplorer} editingAll={editingAll} onToggleEditAll={() => setEditingAll((v) => !v)} onUpload={(f) => void onUpload(f)} dragging={dragging} />
      {message && (
        <div className={message.kind === 'error' ? 'error-box' : 'warning-box'} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
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
            void session?.replaceNotebook(result.notebook);
          }}
          onClose={() => setEditingAll(false)}
        />
      )}
      {dragging && (
        <p className="banner drop" role="status">
          Drop the file to read it here (it stays in this browser).
        </p>
      )}
      {pending && session && (
        <UploadFlow
          source={pending}
          session={session}
          onCancel={() => setPending(undefined)}
          onConfirm={(settings) => {
            void session.useUpload(pending, settings);
            setPending(undefined);
          }}
        />
      )}
      <FigureSourceContext.Provider value={figureSource}>
      {notebook.cells.map((cell) => {
        if (!isComputeCell(cell)) return <Markdown key={cell.id} text={cell.text} />;
        if (cell.hidden) return null;
        const run = state?.cells[cell.id] ?? { status: 'idle' as const };
        const current = state?.notebook.cells.find((c) => c.id === cell.id);
        return (
          <CellFrame
            key={cell.id}
            cell={current && isComputeCell(current) ? current : cell}
            def={registry.get(cell.kind)}
            run={run}
            inputs={state ? inputsOf(state, cell.id) : NO_INPUTS}
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
      {state && session && hasExplorer && <FeatureExplorer state={state} session={session} />}
    </>
  );
}

const NO_INPUTS: Record<string, unknown> = {};
