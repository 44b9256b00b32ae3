'use client';
import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import type { DataSource } from '@/lib/notebook/define-cell';
import { isComputeCell, type Notebook, type NotebookCell } from '@/lib/notebook/notebook-schema';
import { cellTitle, derivedFeatureNames, derivedFeatureProblem, inputChoices } from '@/lib/notebook/structural-edits';
import type { NotebookState } from '@/lib/notebook/state';
import { applyParametersDocument, parametersDocument, parametersDocumentSchema, parametersPathName } from '@/lib/notebook/parameters-document';
import { applyRecipe, decodeRecipe, describeChange, recipePayload, type RecipeChange, type Recipe } from '@/lib/notebook/share-link';
import { JsonEditor } from '@/components/editor/JsonEditor';
import { FeatureExplorer } from '@/components/explorer/FeatureExplorer';
import { FigureSourceContext } from './ArtifactView';
import { TrustDialog } from './TrustDialog';
import { CellFrame, NoteCell, cellAnchor, editTestId, type AddableKind, type CellEditActions } from './CellFrame';
import { Markdown } from './Markdown';
import { NotebookProgress } from './NotebookProgress';
import { Outline, type OutlineItem } from './Outline';
import type { NotebookSession, SessionSnapshot } from './session';
import { dataSourceAsync } from './session';
import { stableInputs } from './stable-inputs';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Toolbar } from './Toolbar';
import { UploadFlow } from './UploadFlow';
import { useNotebookSession } from './use-notebook-session';
import { usePageShortcuts, useShortcutsDialog } from './use-shortcuts';
import { OwnDataActions } from './OwnDataActions';
import { TabConflictNote } from './TabConflictNote';
import { TeachingDataContext } from '@/components/teaching/data-context';
import { TeachingCell } from '@/components/teaching/TeachingCell';
import { TeachingHeader } from '@/components/teaching/TeachingHeader';
import { ModelSourceContext, type ModelSource } from '@/components/models/WindowModelDownload';

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

/** A status line about a shared link: applied (and to which data), or why it was not. */
type RecipeNote = { kind: 'applied' | 'error'; text: string };

/**
 * A recipe in the address (`#recipe=…`, lib/notebook/share-link.ts), read when the page opens
 * and when the fragment changes. It is applied once the session has its document and its data
 * (a saved session and the user's file are restored first), to whichever data that is: the
 * bundled cohort, or the user's own file with its load settings kept. The fragment is then taken
 * out of the address, so a reload keeps the user's later edits. A link that does not check out
 * is a message; the notebook opens as it was.
 */
function useSharedRecipe(notebook: Notebook, session: NotebookSession | null, snapshot: SessionSnapshot): [RecipeNote | undefined, () => void] {
  const [pending, setPending] = useState<{ recipe: Recipe; changes: RecipeChange[] }>();
  const [note, setNote] = useState<RecipeNote>();
  useEffect(() => {
    const read = () => {
      const payload = recipePayload(window.location.hash);
      if (payload === undefined) return;
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
      const decoded = decodeRecipe(payload, notebook, registry);
      if (decoded.ok) {
        setPending({ recipe: decoded.recipe, changes: decoded.changes });
        setNote(undefined);
      } else {
        setPending(undefined);
        setNote({ kind: 'error', text: `The recipe in this shared link was not applied: ${decoded.error}. The notebook opened as it was.` });
      }
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, [notebook]);
  const runtimeUp = session?.ready ?? false;
  const data = snapshot.data;
  const ready = runtimeUp && snapshot.state !== undefined && (data !== undefined || snapshot.message?.kind === 'error');
  useEffect(() => {
    const current = session?.document;
    if (!pending || !session || !current || !ready) return;
    setPending(undefined);
    const { recipe, changes } = pending;
    try {
      const next = applyRecipe(notebook, registry, recipe, current);
      if (recipe.profile !== session.snapshot.profile) void session.setProfile(recipe.profile);
      void session.replaceNotebook(next, 'Apply the shared link’s recipe');
    } catch (err) {
      setNote({ kind: 'error', text: `The recipe in this shared link was not applied: ${(err as Error).message}.` });
      return;
    }
    const where = !data ? 'the notebook (no data is loaded)' : data.isBundled ? 'the bundled cohort' : `your own file (${data.name}; its load settings kept)`;
    const what = [
      recipe.profile ? `profile ${recipe.profile}` : 'no profile',
      ...(recipe.seed !== undefined ? [`seed ${recipe.seed}`] : []),
      changes.length === 0 ? 'no changed parameters' : `${changes.length} changed parameter${changes.length === 1 ? '' : 's'}: ${changes.map(describeChange).join('; ')}`,
    ];
    setNote({ kind: 'applied', text: `Recipe from a shared link applied to ${where}: ${what.join(', ')}.` });
  }, [pending, session, ready, data, notebook]);
  return [note, () => setNote(undefined)];
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
  const uploadInput = useRef<HTMLInputElement>(null);
  const inputsOf = useMemo(() => stableInputs(), []);
  const hasExplorer = notebook.cells.some((c) => isComputeCell(c) && registry.get(c.kind).featureSet);

  /** A file the user chose or dropped: read and hashed once; through the mapping step when the notebook has one. */
  const onUpload = async (file: File) => {
    if (!session) return;
    const source = await dataSourceAsync(file.name, new Uint8Array(await file.arrayBuffer()));
    session.showMessage(undefined);
    if (session.fileSettingsCell) setPending(source);
    else void session.useUpload(source);
  };
  const dragging = useFileDrop(session !== null, (file) => void onUpload(file));
  const runtimeUp = session?.ready ?? false;
  // What a downloaded figure records about its notebook and data.
  const figureSource = useMemo(() => ({ notebook: notebook.id, dataSha256: data?.sha256 ?? 'unknown' }), [notebook.id, data?.sha256]);
  // What a downloaded model file records (the notebook as run, the data) and the outputs it is built from.
  const modelSource = useMemo<ModelSource | undefined>(() => (state ? { notebook: state.notebook, dataSha256: data?.sha256 ?? 'unknown', outputOf: (id) => state.cells[id]?.output } : undefined), [state, data?.sha256]);
  // The teaching presentation: step views only, parameters and cache keys behind "show the method".
  const teaching = notebook.presentation === 'teaching';
  const [showMethod, setShowMethod] = useState(false);
  const plain = teaching && !showMethod;
  const [recipeNote, dismissRecipeNote] = useSharedRecipe(notebook, session, snapshot);
  // Keyboard shortcuts (components/notebook/use-shortcuts.ts): `?` lists them; Escape in the
  // whole notebook's JSON editor goes back to its toolbar button. Steps handle their own keys.
  const shortcuts = useShortcutsDialog();
  const shortcutsButton = useRef<HTMLButtonElement>(null);
  const editAllButton = useRef<HTMLButtonElement>(null);
  usePageShortcuts({
    enabled: !plain,
    onShowShortcuts: shortcuts.show,
    onLeaveEditor: () => editAllButton.current?.focus(),
    onUndo: () => void session?.undo(),
    onRedo: () => void session?.redo(),
  });
  // The document as edited (cells added, moved, deleted), once the session has it.
  const doc = state?.notebook ?? notebook;
  // The cells' structure is edited in the analysis presentation (the teaching one is read).
  const editable = !teaching && session !== null && state !== undefined;
  const edits = useCellEdits(session, doc);
  // The outline: every step shown on the page, by its title, and the explorer.
  // Derived features defined in the notebook, offered by name in the feature lists that accept them.
  const derivedNamesKey = state ? derivedFeatureNames(state.notebook).join('\n') : '';
  const derivedFeatureList = useMemo(() => (derivedNamesKey ? derivedNamesKey.split('\n') : []), [derivedNamesKey]);
  const outline = useMemo<OutlineItem[]>(
    () => [
      ...doc.cells.flatMap((c) => (isComputeCell(c) && !(c.hidden && !(teaching && showMethod)) ? [{ anchor: cellAnchor(c.id), title: c.title ?? registry.get(c.kind).title }] : [])),
      ...(hasExplorer ? [{ anchor: 'explorer', title: 'Compare feature sets' }] : []),
    ],
    [doc, teaching, showMethod, hasExplorer],
  );

  return (
    <div className={teaching ? 'presentation-teaching' : undefined}>
    <TeachingDataContext.Provider value={data}>
      <h1>{notebook.title}</h1>
      {notebook.description && <p>{notebook.description}</p>}
      {teaching && <TeachingHeader session={session} snapshot={snapshot} showMethod={showMethod} onToggleMethod={() => setShowMethod((v) => !v)} onUpload={(f) => void onUpload(f)} />}
      <div className={plain ? undefined : 'notebook-layout'}>
      {!plain && <Outline items={outline} />}
      <div className="notebook-main">
      {plain ? null : data?.isBundled !== false ? (
        <p className="banner synthetic" data-testid="synthetic-banner">
          <strong>Synthetic data.</strong> The bundled cohort is simulated (<Link href="/data">how it was made</Link>); no real
          patient is in it. Numbers will differ from the paper&apos;s.
        </p>
      ) : (
        <div className="banner privacy" data-testid="own-data-banner">
          <p>
            <strong>Your data: {data.name}.</strong> The file was read in this tab and is not sent anywhere.
          </p>
          <OwnDataActions session={session} snapshot={snapshot} />
        </div>
      )}
      <TabConflictNote session={session} snapshot={snapshot} />
      {snapshot.storage && (
        <p className="banner storage-note" role="status" data-testid="storage-note">
          <strong>Nothing will be kept in this browser:</strong> {snapshot.storage.detail}. The workbench runs as usual, but your parameters, your file and
          the results are gone once this tab is closed or reloaded.
        </p>
      )}
      {!plain && (
        <Toolbar
          session={session}
          snapshot={snapshot}
          hasExplorer={hasExplorer}
          editingAll={editingAll}
          onToggleEditAll={() => setEditingAll((v) => !v)}
          onUpload={(f) => void onUpload(f)}
          dragging={dragging}
          uploadInput={uploadInput}
          editAllButton={editAllButton}
          shortcutsButton={shortcutsButton}
          onShowShortcuts={shortcuts.show}
        />
      )}
      {shortcuts.open && <ShortcutsDialog onClose={() => shortcuts.close(shortcutsButton.current)} />}
      {state && session && !plain && (
        <NotebookProgress
          state={state}
          batch={snapshot.batch}
          live={snapshot.live}
          timings={snapshot.timings[snapshot.batch?.profileKey ?? session.currentChoice?.value ?? '']}
          concurrency={session.pool.size}
        />
      )}
      {recipeNote && (
        <div className={`recipe-note ${recipeNote.kind === 'error' ? 'error-box' : 'banner privacy'}`} role={recipeNote.kind === 'error' ? 'alert' : 'status'} data-testid="recipe-status" data-kind={recipeNote.kind}>
          <p>{recipeNote.text}</p>
          <button type="button" className="button small" onClick={dismissRecipeNote}>
            Dismiss
          </button>
        </div>
      )}
      {message && (
        <div className={message.kind === 'error' ? 'error-box' : 'warning-box'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="page-message">
          <p>{message.text}</p>
          {message.actions && message.actions.length > 0 && (
            <div className="toolbar">
              {message.actions.map((a) =>
                a.kind === 'use-bundled' ? (
                  <button key="bundled" type="button" className="button" data-testid="use-bundled" onClick={() => void session?.useBundled()}>
                    Use the bundled cohort
                  </button>
                ) : (
                  <button key="open" type="button" className="button" data-testid="open-matching" onClick={() => uploadInput.current?.click()}>
                    Open the matching file ({a.name})…
                  </button>
                ),
              )}
            </div>
          )}
        </div>
      )}
      {editingAll && state && session && runtimeUp && (
        <JsonEditor
          title="Every parameter of the notebook, as one JSON document"
          name={`notebook-${notebook.id}`}
          initial={parametersDocument(state.notebook, registry)}
          schema={parametersDocumentSchema(state.notebook, registry)}
          nameOf={(path) => parametersPathName(state.notebook, registry, path)}
          check={(value) => {
            const result = applyParametersDocument(session.document ?? state.notebook, registry, value);
            return result.ok ? undefined : result.error;
          }}
          onApply={(value) => {
            const result = applyParametersDocument(session.document ?? state.notebook, registry, value);
            if (!result.ok) return;
            setEditingAll(false);
            void session?.replaceNotebook(result.notebook, 'Edit all parameters');
          }}
          onClose={() => setEditingAll(false)}
        />
      )}
      {dragging && (
        <p className="banner drop" role="status">
          Drop the file to read it here (it stays in this browser).
        </p>
      )}
      {snapshot.pendingTrust && session && (
        <TrustDialog open fileName={snapshot.pendingTrust.fileName} cells={snapshot.pendingTrust.cells} onTrust={() => session.trustPendingFile()} onCancel={() => session.cancelPendingFile()} />
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
      <ModelSourceContext.Provider value={modelSource}>
      {doc.cells.map((cell) => {
        if (!isComputeCell(cell)) {
          if (!editable || !session) return <Markdown key={cell.id} text={cell.text} />;
          return (
            <NoteCell
              key={cell.id}
              cell={cell}
              actions={edits.actionsFor(cell)}
              startEditing={cell.id === edits.newNote}
              onSave={(text) => session.editMarkdown(cell.id, text)}
              onClose={edits.noteClosed}
            />
          );
        }
        if (cell.hidden && !(teaching && showMethod)) return null;
        const run = state?.cells[cell.id] ?? { status: 'idle' as const };
        const current = state?.notebook.cells.find((c) => c.id === cell.id);
        if (plain) {
          return (
            <TeachingCell
              key={cell.id}
              cell={current && isComputeCell(current) ? current : cell}
              def={registry.get(cell.kind)}
              run={run}
              inputs={state ? inputsOf(state, cell.id) : NO_INPUTS}
              onParamsReplace={(params) => void session?.editParams(cell.id, params)}
            />
          );
        }
        return (
          <CellFrame
            key={cell.id}
            cell={current && isComputeCell(current) ? current : cell}
            def={registry.get(cell.kind)}
            run={run}
            inputs={state ? inputsOf(state, cell.id) : NO_INPUTS}
            waitingFor={waitingFor(state, cell.id)}
            onRun={() => void session?.runCell(cell.id)}
            onCancel={() => session?.cancel(cell.id)}
            onParamChange={(key, value) => {
              // The document now (not this render's): an edit made a moment ago is kept.
              const now = session?.document?.cells.find((c) => c.id === cell.id);
              if (!session || !now || !isComputeCell(now)) return;
              const next: Record<string, unknown> = { ...now.params, [key]: value };
              if (value === undefined) delete next[key];
              void session.editParams(cell.id, next, key);
            }}
            onParamsReplace={(params) => void session?.editParams(cell.id, params)}
            derivedFeatures={derivedFeatureList}
            {...(registry.get(cell.kind).freeInputs && session
              ? { inputChoices: inputChoices(doc, registry, cell.id), onInputsReplace: (inputs: Record<string, string>) => void session.setCellInputs(cell.id, inputs) }
              : {})}
            edit={editable && !cell.hidden ? edits.actionsFor(cell) : undefined}
          />
        );
      })}
      {editable && (
        <div className="toolbar add-cell" role="group" aria-label="Add a cell at the end of the notebook">
          <button type="button" className="button small" data-testid="add-note-end" onClick={() => edits.add('markdown', doc.cells.length)}>
            Add a Markdown note
          </button>
          {derivedFeatureProblem(doc, registry, doc.cells.length) === undefined && (
            <button type="button" className="button small" data-testid="add-feature-end" onClick={() => edits.add('derived-feature', doc.cells.length)}>
              Add a derived feature
            </button>
          )}
          <button type="button" className="button small" data-testid="add-code-end" onClick={() => edits.add('code', doc.cells.length)}>
            Add a code step
          </button>
        </div>
      )}
      </ModelSourceContext.Provider>
      </FigureSourceContext.Provider>
      {state && session && hasExplorer && <FeatureExplorer state={state} session={session} />}
      {!plain && <EditStatus announcement={snapshot.edits?.announcement} />}
      </div>
      </div>
    </TeachingDataContext.Provider>
    </div>
  );
}

const NO_INPUTS: Record<string, unknown> = {};

/** A shown cell: Markdown, or a step that is not hidden (what moves step over). */
const isShownCell = (c: NotebookCell) => !isComputeCell(c) || c.hidden !== true;
const byTestId = (id: string) => `[data-testid="${CSS.escape(id)}"]`;
const byAnchor = (cellId: string) => `#${CSS.escape(cellAnchor(cellId))}`;

/**
 * The cells' edit actions, calling the session, and where the focus goes after each: a moved
 * cell keeps it on its move button (React may move the cell's DOM, which drops the focus), a new
 * or copied cell takes it (a new note opens in its text area), and a deleted cell passes it to
 * the cell that took its place. The focus moves once the session's document is the edited one.
 */
function useCellEdits(session: NotebookSession | null, doc: Notebook) {
  const focusAfter = useRef<{ notebook: Notebook; selector: string; fallback?: string }>(undefined);
  const [newNote, setNewNote] = useState<string>();
  useEffect(() => {
    const want = focusAfter.current;
    if (!want || want.notebook !== doc) return;
    focusAfter.current = undefined;
    const first = document.querySelector<HTMLElement>(want.selector);
    const el = first && !(first as HTMLButtonElement).disabled ? first : want.fallback ? document.querySelector<HTMLElement>(want.fallback) : null;
    el?.focus();
  }, [doc]);

  const add = (kind: AddableKind, at: number) => {
    if (!session) return;
    const result = kind === 'markdown' ? session.addMarkdownCell(at) : kind === 'code' ? session.addCodeCell(at) : session.addDerivedFeature(at);
    if (!result.ok || !result.cellId) return;
    if (kind === 'markdown') setNewNote(result.cellId); // opens in its text area, which takes the focus
    else focusAfter.current = { notebook: result.notebook, selector: byAnchor(result.cellId) };
  };

  const shown = doc.cells.filter(isShownCell);
  const actionsFor = (cell: NotebookCell): CellEditActions => {
    const at = shown.indexOf(cell);
    const index = doc.cells.indexOf(cell);
    return {
      name: cellTitle(doc, registry, cell.id),
      first: at <= 0,
      last: at === shown.length - 1,
      canAddFeature: derivedFeatureProblem(doc, registry, index + 1) === undefined,
      onMove: (direction) => {
        const result = session?.moveCell(cell.id, direction);
        const other = direction === 'up' ? 'down' : 'up';
        if (result?.ok) focusAfter.current = { notebook: result.notebook, selector: byTestId(editTestId(`move-${direction}`, cell.id)), fallback: byTestId(editTestId(`move-${other}`, cell.id)) };
      },
      onDuplicate: () => {
        const result = session?.duplicateCell(cell.id);
        if (result?.ok && result.cellId) focusAfter.current = { notebook: result.notebook, selector: byAnchor(result.cellId) };
      },
      onDelete: () => {
        // The cell that takes its place (the next shown one, else the one above) gets the focus.
        const now = session?.document ?? doc;
        const visible = now.cells.filter(isShownCell);
        const i = visible.findIndex((c) => c.id === cell.id);
        const neighbour = visible[i + 1] ?? visible[i - 1];
        const result = session?.deleteCell(cell.id);
        if (result?.ok && neighbour) focusAfter.current = { notebook: result.notebook, selector: byAnchor(neighbour.id), fallback: '[data-testid="add-note-end"]' };
      },
      // Where it is now: the memoized step keeps this callback while cells above it come and go.
      onAddBelow: (kind) => {
        const now = session?.document ?? doc;
        add(kind, now.cells.findIndex((c) => c.id === cell.id) + 1);
      },
    };
  };
  // Once the new note's text area is closed, an undo and redo of its adding does not open it again.
  const noteClosed = () => setNewNote(undefined);
  return { actionsFor, add, newNote, noteClosed };
}

/**
 * What the last edit did, or why it was refused, in a polite live region the page always has (so
 * every new text is announced), shown in a corner until dismissed or replaced by the next.
 */
function EditStatus({ announcement }: { announcement: { id: number; kind: 'done' | 'refused'; text: string } | undefined }) {
  const [dismissed, setDismissed] = useState<number>();
  const shown = announcement !== undefined && announcement.id !== dismissed;
  return (
    <div className={`edit-status${shown ? ` shown ${announcement.kind}` : ''}`}>
      <p role="status" aria-live="polite" data-testid="edit-status" data-kind={shown ? announcement.kind : undefined}>
        {shown ? announcement.text : ''}
      </p>
      {shown && (
        <button type="button" className="button small" data-testid="edit-status-dismiss" onClick={() => setDismissed(announcement.id)}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/**
 * What a step that cannot run yet waits for: each upstream step that is not up to date, by its
 * title and why ("cancelled", "failed", "not run yet"). Empty when the cell is up to date or running.
 */
function waitingFor(state: NotebookState | undefined, cellId: string): string {
  if (!state) return '';
  const own = state.cells[cellId];
  if (!own || own.status === 'fresh' || own.status === 'running') return '';
  const cell = state.graph.cells.get(cellId);
  if (!cell) return '';
  const titles = new Map(state.notebook.cells.filter(isComputeCell).map((c) => [c.id, c.title ?? registry.get(c.kind).title]));
  const waits = Object.values(cell.inputs)
    .filter((from, i, all) => all.indexOf(from) === i)
    .flatMap((from) => {
      const up = state.cells[from];
      if (!up || up.status === 'fresh') return [];
      const why = up.status === 'running' ? 'running' : up.status === 'error' ? 'failed' : up.cancelled ? 'cancelled' : up.status === 'stale' ? 'out of date' : 'not run yet';
      return [`${titles.get(from) ?? from} (${why})`];
    });
  return waits.length ? `Waits for ${waits.join(', ')}.` : '';
}
