'use client';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import { cellSource } from '@/lib/cells/cell-sources';
import { cellDetails } from '@/lib/notebook/cell-details';
import type { AnyCellDefinition, Artifact } from '@/lib/notebook/define-cell';
import { resolveParams } from '@/lib/notebook/define-cell';
import { ParamsError } from '@/lib/notebook/errors';
import type { ComputeCell, MarkdownCell } from '@/lib/notebook/notebook-schema';
import { unknownParametersMessage } from '@/lib/notebook/parameters-document';
import type { CellRunState } from '@/lib/notebook/state';
import { FigureView, TableView } from './ArtifactView';
import { LiveProgress } from './LiveProgress';
import { ParamsForm, paramsJsonSchema } from './ParamsForm';
import { problemsByPath, withPathsFrom, withoutPaths } from './param-problems';
import { earlyStoppingOf } from './time-left';
import { safeArtifacts } from './safe-artifacts';
import { useCellShortcuts } from './use-shortcuts';
import { Markdown } from './Markdown';
import { JsonEditor } from '@/components/editor/JsonEditor';
import { cellViewOf } from '@/components/cells/views';
import { WindowModelDownload } from '@/components/models/WindowModelDownload';
import { isLstmRawTable } from '@/components/cells/LstmView';

type TableArtifact = Extract<Artifact, { type: 'table' }>;

/**
 * Cell kinds whose raw tables (re-analysis data, thousands of rows) sit behind a "Tables"
 * disclosure after the figures, instead of filling the page: which of its tables, per kind.
 */
const tablesBehindDisclosure: Record<string, (table: TableArtifact) => boolean> = {
  'lstm-regression': isLstmRawTable,
};

/** The anchor of a cell's section (the outline links to it). */
export const cellAnchor = (cellId: string) => `cell-${cellId}`;

/**
 * Tables behind a closed "Tables" disclosure: drawn once it is first opened (a cell's raw
 * tables are thousands of rows; six LSTM cells should not parse them all to show nothing).
 */
function TablesDisclosure({ cellId, tables }: { cellId: string; tables: TableArtifact[] }) {
  const [opened, setOpened] = useState(false);
  return (
    <details className="raw-tables" data-testid={`tables-${cellId}`} onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        Tables <span className="cell-meta">({tables.length}: {tables.map((t) => t.name).join(', ')})</span>
      </summary>
      {opened && tables.map((a) => <TableView key={a.name} artifact={a} />)}
    </details>
  );
}

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The cell's description, written from its parameters when the cell kind can (and they are valid). */
function describeCell(def: AnyCellDefinition, params: unknown, paramsError: boolean): string {
  if (!def.describe || paramsError) return def.description;
  try {
    return def.describe(params);
  } catch {
    return def.description;
  }
}

/** A step kind's title, for the Details' "works on the results of …". */
const kindTitle = (kind: string) => (registry.has(kind) ? registry.get(kind).title : undefined);

/**
 * One cell. Memoized: the page re-renders on every progress message of any running cell, and
 * a finished cell's figures must not be rebuilt each time (on a 2-core machine that work
 * starves the workers and blocks the main thread). It re-renders when its own document entry
 * or run state changes; the callbacks only close over the runtime and this cell.
 */
export const CellFrame = memo(
  CellFrameView,
  (a, b) =>
    a.cell === b.cell &&
    a.def === b.def &&
    a.run === b.run &&
    a.inputs === b.inputs &&
    a.waitingFor === b.waitingFor &&
    (a.derivedFeatures ?? []).join() === (b.derivedFeatures ?? []).join() &&
    choicesKey(a.inputChoices) === choicesKey(b.inputChoices) &&
    sameEditState(a.edit, b.edit),
);

/**
 * What a cell's "Actions" offer: move, duplicate, delete, add a cell below. The callbacks call
 * the session (which checks and records each edit); only the flags change what is drawn.
 */
export interface CellEditActions {
  /** The cell's name in the buttons' accessible names: “Split”, note “About the windows”. */
  name: string;
  /** No shown cell above / below it: that move button is disabled. */
  first: boolean;
  last: boolean;
  /** A derived-feature step may be added below it (below the windowing step). */
  canAddFeature: boolean;
  onMove: (direction: 'up' | 'down') => void;
  onDuplicate: () => void;
  onDelete: () => void;
  onAddBelow: (kind: AddableKind) => void;
}

const choicesKey = (choices: readonly { id: string; title: string }[] | undefined) => (choices ?? []).map((c) => `${c.id}\u0000${c.title}`).join('\u0001');

const sameEditState = (a: CellEditActions | undefined, b: CellEditActions | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.name === b.name && a.first === b.first && a.last === b.last && a.canAddFeature === b.canAddFeature);

/** What "Add … below" and the end of the notebook can add. */
export type AddableKind = 'markdown' | 'derived-feature' | 'code';

/** A test id's form of a cell id and an action (`move-up-split`). */
export const editTestId = (action: string, cellId: string) => `${action}-${cellId}`;

/**
 * The "Actions" disclosure of a cell: a button in its header that shows a row of edit buttons,
 * each named with the cell ("Move “Split” up"), so a screen reader's list of buttons says which
 * cell each acts on. Refusals (a step others use cannot be deleted) are said by the page's status.
 */
export function CellEditMenu({ cellId, actions }: { cellId: string; actions: CellEditActions }) {
  const [open, setOpen] = useState(false);
  const rowId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const { name } = actions;
  const hidden = (text: string) => <span className="visually-hidden">{text}</span>;
  return (
    <>
      <button ref={toggle} type="button" className="button small" aria-expanded={open} aria-controls={open ? rowId : undefined} data-testid={editTestId('cell-actions', cellId)} onClick={() => setOpen((v) => !v)}>
        Actions{hidden(` for ${name}`)}
      </button>
      {open && (
        <div
          id={rowId}
          className="toolbar cell-edit-row"
          role="group"
          aria-label={`Edit ${name}`}
          data-testid={editTestId('cell-edit-row', cellId)}
          onKeyDown={(e) => {
            // Escape closes the row, as a disclosure does, and goes back to its button.
            if (e.key !== 'Escape' || e.defaultPrevented) return;
            e.preventDefault();
            setOpen(false);
            toggle.current?.focus();
          }}
        >
          <button type="button" className="button small" disabled={actions.first} data-testid={editTestId('move-up', cellId)} onClick={() => actions.onMove('up')}>
            Move{hidden(` ${name}`)} up
          </button>
          <button type="button" className="button small" disabled={actions.last} data-testid={editTestId('move-down', cellId)} onClick={() => actions.onMove('down')}>
            Move{hidden(` ${name}`)} down
          </button>
          <button type="button" className="button small" data-testid={editTestId('duplicate', cellId)} onClick={actions.onDuplicate}>
            Duplicate{hidden(` ${name}`)}
          </button>
          <button type="button" className="button small" data-testid={editTestId('delete', cellId)} onClick={actions.onDelete}>
            Delete{hidden(` ${name}`)}
          </button>
          <button type="button" className="button small" data-testid={editTestId('add-note-below', cellId)} onClick={() => actions.onAddBelow('markdown')}>
            Add a note below{hidden(` ${name}`)}
          </button>
          {actions.canAddFeature && (
            <button type="button" className="button small" data-testid={editTestId('add-feature-below', cellId)} onClick={() => actions.onAddBelow('derived-feature')}>
              Add a derived feature below{hidden(` ${name}`)}
            </button>
          )}
          <button type="button" className="button small" data-testid={editTestId('add-code-below', cellId)} onClick={() => actions.onAddBelow('code')}>
            Add a code step below{hidden(` ${name}`)}
          </button>
        </div>
      )}
    </>
  );
}

/**
 * A Markdown cell: its text rendered, and, where the notebook can be edited, an "Edit text" button
 * that turns it into a text area (Save applies it as one edit the session records; Cancel
 * leaves it). A note the user has just added opens in the text area (`startEditing`).
 */
export function NoteCell({
  cell,
  actions,
  startEditing = false,
  onSave,
  onClose,
}: {
  cell: MarkdownCell;
  /** Absent: a read-only note (the teaching presentation). */
  actions?: CellEditActions;
  startEditing?: boolean;
  onSave?: (text: string) => void;
  /** The text area was closed (saved or cancelled). */
  onClose?: () => void;
}) {
  const [draft, setDraft] = useState<string | undefined>(startEditing ? cell.text : undefined);
  const fieldId = useId();
  // Save and Cancel take the text area away: the focus goes back to "Edit text", not to the page.
  const editButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  const editing = draft !== undefined;
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    editButton.current?.focus();
  }, [editing]);
  if (!actions || !onSave) return <Markdown text={cell.text} />;
  const close = () => {
    refocus.current = true;
    setDraft(undefined);
    onClose?.();
  };
  const save = () => {
    if (draft !== undefined) onSave(draft);
    close();
  };
  return (
    <section className="note-cell" id={cellAnchor(cell.id)} tabIndex={-1} data-testid={`cell-${cell.id}`} data-editing={editing || undefined}>
      {editing ? (
        <div className="note-editor">
          <label htmlFor={fieldId} className="cell-meta">
            Text of the note (Markdown: # heading, *emphasis*, - list, [link](https://…))
          </label>
          <textarea
            id={fieldId}
            className="note-text"
            data-testid={editTestId('note-text', cell.id)}
            value={draft}
            rows={Math.min(16, Math.max(4, draft.split('\n').length + 1))}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl/⌘+Enter saves, as in other editors; plain Enter is a new line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                save();
              }
            }}
          />
          <div className="toolbar">
            <button type="button" className="button small primary" data-testid={editTestId('note-save', cell.id)} onClick={save}>
              Save note
            </button>
            <button type="button" className="button small" data-testid={editTestId('note-cancel', cell.id)} onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      ) : cell.text.trim() ? (
        <Markdown text={cell.text} />
      ) : (
        <p className="cell-meta">An empty note: “Edit text” writes it.</p>
      )}
      <div className="note-actions">
        {!editing && (
          <button ref={editButton} type="button" className="button small" data-testid={editTestId('note-edit', cell.id)} onClick={() => setDraft(cell.text)}>
            Edit text<span className="visually-hidden"> of {actions.name}</span>
          </button>
        )}
        <CellEditMenu cellId={cell.id} actions={actions} />
      </div>
    </section>
  );
}

/**
 * The parameters the form shows: resolved (defaults and profile values filled in). When some
 * are invalid, the valid rest is resolved without them and the invalid ones are shown as typed,
 * each with its plain message; the form never falls back to the raw document.
 */
function formState(def: AnyCellDefinition, raw: Record<string, unknown>): { params: unknown; problems?: Record<string, string> } {
  try {
    return { params: resolveParams(def, raw) };
  } catch (err) {
    if (!(err instanceof ParamsError)) return { params: raw, problems: { '': (err as Error).message } };
    const paths = err.problems.map((p) => p.path);
    let rest: Record<string, unknown>;
    try {
      rest = resolveParams(def, withoutPaths(raw, paths)) as Record<string, unknown>;
    } catch {
      rest = raw;
    }
    return { params: withPathsFrom(rest, raw, paths), problems: problemsByPath(err.problems) };
  }
}

/** Where a cancelled run was stopped, in words: "Cancelled at epoch 12 of 500", or at the grid point it had reached. */
function cancelledText(run: CellRunState, params: unknown): string {
  const progress = run.cancelled?.progress;
  const epoch = progress?.metrics?.epoch;
  const stop = earlyStoppingOf(params);
  if (typeof epoch === 'number' && stop) return `Cancelled at epoch ${epoch} of ${stop.maxEpochs}.`;
  if (progress?.message && (progress.fraction ?? 0) > 0) return `Cancelled at ${progress.message} (${Math.round(progress.fraction * 100)}% done).`;
  return 'Cancelled before it reported any progress.';
}

function CellFrameView({
  cell,
  def,
  run,
  inputs,
  waitingFor,
  onRun,
  onCancel,
  onParamChange,
  onParamsReplace,
  derivedFeatures,
  inputChoices,
  onInputsReplace,
  edit,
}: {
  cell: ComputeCell;
  def: AnyCellDefinition;
  run: CellRunState;
  /** The upstream outputs this cell ran on (for artifacts built from them). */
  inputs: Record<string, unknown>;
  /** What this step waits for ("Waits for LSTM M1 (cancelled)."), empty when nothing. */
  waitingFor?: string;
  onRun: () => void;
  onCancel: () => void;
  onParamChange: (key: string, value: unknown) => void;
  onParamsReplace: (params: Record<string, unknown>) => void;
  /** The notebook's derived features by name, offered in feature lists that accept them. */
  derivedFeatures?: readonly string[];
  /** The steps above it that a step with free inputs (a code step) may read. */
  inputChoices?: readonly { id: string; title: string }[];
  /** Sets such a step's inputs (variable name → step id). */
  onInputsReplace?: (inputs: Record<string, string>) => void;
  /** Move, duplicate, delete, add below: absent where the notebook's cells are not edited. */
  edit?: CellEditActions;
}) {
  const [editingJson, setEditingJson] = useState(false);
  const { params, problems } = useMemo(() => formState(def, cell.params), [def, cell.params]);
  const paramsError = problems !== undefined;
  const problemCount = problems ? Object.keys(problems).length : 0;
  // Built once per output (figure builders and table writers are not free).
  const output = run.output;
  // Guarded: a step kept at its earlier output while an input step failed has nothing to draw from.
  const { artifacts, problem: artifactsProblem } = useMemo(() => (paramsError ? { artifacts: [], problem: undefined } : safeArtifacts(def, output, params, inputs)), [output, def, params, paramsError, inputs]);
  const behind = tablesBehindDisclosure[def.kind];
  const disclosed = behind ? artifacts.filter((a): a is TableArtifact => a.type === 'table' && behind(a)) : [];
  const inView = disclosed.length ? artifacts.filter((a) => !disclosed.includes(a as TableArtifact)) : artifacts;
  const headingId = `cell-title-${cell.id}`;
  const View = cellViewOf(def.kind);
  // What the step computes (Details) and, for a built-in step, the file that defines it.
  const [detailsOpen, setDetailsOpen] = useState(false);
  const explained = useMemo(() => cellDetails(def, kindTitle).join(' '), [def]);
  const source = cellSource(def.kind);
  // Shift+Enter runs the step as its Run button does (not while running, nor with parameters to fix); Escape leaves an editor.
  const { frame, onKeyDown } = useCellShortcuts(onRun, run.status !== 'running' && !paramsError);
  return (
    <section
      ref={frame}
      className="cell"
      id={cellAnchor(cell.id)}
      tabIndex={-1}
      data-testid={`cell-${cell.id}`}
      data-status={run.status}
      aria-labelledby={headingId}
      onKeyDown={onKeyDown}
    >
      <div className="cell-head">
        <h2 id={headingId}>{cell.title ?? def.title}</h2>
        <span className={`badge ${run.status}`} data-testid={`status-${cell.id}`}>{run.status}</span>
        {def.heavy && <span className="cell-meta">heavy: runs on request</span>}
        {run.finishedAt !== undefined && (
          <span className="cell-meta">
            {run.fromCache ? 'from cache' : `took ${formatMs(run.lastRunMs)}`} · {new Date(run.finishedAt).toLocaleTimeString()}
          </span>
        )}
        <span className="cell-actions">
          {run.status === 'running' ? (
            <button type="button" className="button" onClick={onCancel} data-testid={`cancel-${cell.id}`}>
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="button"
              onClick={onRun}
              data-testid={`run-${cell.id}`}
              aria-keyshortcuts="Shift+Enter"
              disabled={run.status === 'fresh' || paramsError}
              title={paramsError ? 'Fix the parameters marked below first' : undefined}
            >
              Run
            </button>
          )}
        </span>
        {edit && <CellEditMenu cellId={cell.id} actions={edit} />}
      </div>
      <p className="cell-desc">{describeCell(def, params, paramsError)}</p>
      <div className="cell-body">
        <details className="params" open={paramsError || undefined}>
          <summary>Parameters{paramsError && <span className="field-error"> · {problemCount === 1 ? 'one value to fix' : `${problemCount} values to fix`}</span>}</summary>
          <ParamsForm
            cellId={cell.id}
            def={def}
            values={(params ?? {}) as Record<string, unknown>}
            raw={cell.params}
            problems={problems}
            onChange={onParamChange}
            derivedFeatures={derivedFeatures}
          />
          {problems?.[''] && <p className="field-error">{problems['']}</p>}
          {editingJson ? (
            <JsonEditor
              title={`Parameters of “${cell.title ?? def.title}” as JSON`}
              name={`cell-${cell.id}`}
              initial={params ?? {}}
              schema={paramsJsonSchema(def)}
              nameOf={(path) => `“${cell.title ?? def.title}”${path.length ? ` › ${path.join('.')}` : ''}`}
              check={(value) => {
                const unknown = unknownParametersMessage(def, value, cell.title ?? def.title);
                if (unknown) return unknown;
                try {
                  resolveParams(def, value);
                  return undefined;
                } catch (err) {
                  return (err as Error).message;
                }
              }}
              onApply={(value) => {
                setEditingJson(false);
                onParamsReplace(value as Record<string, unknown>);
              }}
              onClose={() => setEditingJson(false)}
            />
          ) : (
            <button type="button" className="button small" data-testid={`edit-json-${cell.id}`} onClick={() => setEditingJson(true)}>
              Edit as JSON
            </button>
          )}
          <details className="dev-details" data-testid={`details-${cell.id}`} onToggle={(e) => setDetailsOpen(e.currentTarget.open)}>
            <summary>Details</summary>
            {/* Written only when opened: a closed step carries no hidden prose (the cache key stays, for tests that read it). */}
            {detailsOpen && (
              <p className="cell-explained" data-testid={`details-what-${cell.id}`}>
                {explained}
              </p>
            )}
            {run.key && (
              <p className="cell-meta">
                Cache key <code>{run.key}</code>
              </p>
            )}
            {detailsOpen && source && (
              <p className="cell-meta" data-testid={`details-source-${cell.id}`}>
                Source: <code>{source}</code>
              </p>
            )}
          </details>
        </details>
        {run.status === 'running' && <LiveProgress runId={run.runId} progress={run.progress} earlyStopping={earlyStoppingOf(params)} />}
        {/* A parameter problem is shown at its field: the failed run's message would only repeat it. */}
        {run.status === 'error' && !(paramsError && run.isInputError) && (
          <div className="error-box" role="alert" data-testid={`error-${cell.id}`}>
            <p>{run.error}</p>
            {/* Input errors need a change first; anything else (a worker that died) may pass on a second try. */}
            {!run.isInputError && (
              <div className="toolbar">
                <button type="button" className="button small" onClick={onRun} data-testid={`retry-${cell.id}`}>
                  Retry
                </button>
              </div>
            )}
          </div>
        )}
        {run.status !== 'running' && run.cancelled && (
          <p className="cancelled-note" data-testid={`cancelled-${cell.id}`}>
            {cancelledText(run, params)} {run.output !== undefined ? 'The results below are from the previous run.' : 'Run it again to finish.'}
          </p>
        )}
        {waitingFor && run.status !== 'running' && (
          <p className="cell-meta waiting" data-testid={`waiting-${cell.id}`}>
            {waitingFor}
          </p>
        )}
        {View && (run.output !== undefined || def.paramsInView) && (
          <View
            output={run.output}
            params={cell.params}
            onParamsReplace={onParamsReplace}
            updating={run.status === 'stale' || run.status === 'running'}
            cellId={cell.id}
            wiring={cell.inputs}
            inputChoices={inputChoices}
            onInputsReplace={onInputsReplace}
          />
        )}
        {def.windowModel && run.output !== undefined && <WindowModelDownload cellId={cell.id} kind={def.windowModel.kind} />}
        {artifactsProblem && (
          <p className="cell-meta" role="status" data-testid={`artifacts-problem-${cell.id}`}>
            The earlier tables and figures of this step are not shown: {artifactsProblem}.
          </p>
        )}
        {inView.map((a) => (a.type === 'figure' ? <FigureView key={a.name} artifact={a} parametersHash={run.key} /> : <TableView key={a.name} artifact={a} />))}
        {disclosed.length > 0 && <TablesDisclosure cellId={cell.id} tables={disclosed} />}
        {run.status === 'idle' && !waitingFor && <p className="cell-meta">Not run yet.</p>}
      </div>
    </section>
  );
}
