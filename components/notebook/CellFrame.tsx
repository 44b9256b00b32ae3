'use client';
import { memo, useMemo, useState } from 'react';
import type { AnyCellDefinition } from '@/lib/notebook/define-cell';
import { resolveParams } from '@/lib/notebook/define-cell';
import type { ComputeCell } from '@/lib/notebook/notebook-schema';
import type { CellRunState } from '@/lib/notebook/state';
import { FigureView, TableView } from './ArtifactView';
import { LiveProgress } from './LiveProgress';
import { ParamsForm, paramsJsonSchema } from './ParamsForm';
import { JsonEditor } from '@/components/editor/JsonEditor';
import { cellViews } from '@/components/cells/views';

function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The cell's description, written from its parameters when the cell kind can (and they are valid). */
function describeCell(def: AnyCellDefinition, params: unknown, paramsError: string | undefined): string {
  if (!def.describe || paramsError) return def.description;
  try {
    return def.describe(params);
  } catch {
    return def.description;
  }
}

/**
 * One cell. Memoized: the page re-renders on every progress message of any running cell, and
 * a finished cell's figures must not be rebuilt each time (on a 2-core machine that work
 * starves the workers and blocks the main thread). It re-renders when its own document entry
 * or run state changes; the callbacks only close over the runtime and this cell.
 */
export const CellFrame = memo(CellFrameView, (a, b) => a.cell === b.cell && a.def === b.def && a.run === b.run && a.inputs === b.inputs);

function CellFrameView({
  cell,
  def,
  run,
  inputs,
  onRun,
  onCancel,
  onParamChange,
  onParamsReplace,
}: {
  cell: ComputeCell;
  def: AnyCellDefinition;
  run: CellRunState;
  /** The upstream outputs this cell ran on (for artifacts built from them). */
  inputs: Record<string, unknown>;
  onRun: () => void;
  onCancel: () => void;
  onParamChange: (key: string, value: unknown) => void;
  onParamsReplace: (params: Record<string, unknown>) => void;
}) {
  const [editingJson, setEditingJson] = useState(false);
  const { params, paramsError } = useMemo(() => {
    try {
      return { params: resolveParams(def, cell.params) as unknown, paramsError: undefined };
    } catch (err) {
      return { params: cell.params as unknown, paramsError: (err as Error).message };
    }
  }, [def, cell.params]);
  // Built once per output (figure builders and table writers are not free).
  const output = run.output;
  const artifacts = useMemo(() => (output !== undefined && def.artifacts && !paramsError ? def.artifacts(output, params, inputs) : []), [output, def, params, paramsError, inputs]);
  const headingId = `cell-title-${cell.id}`;
  const View = cellViews[def.kind];
  return (
    <section className="cell" data-testid={`cell-${cell.id}`} data-status={run.status} aria-labelledby={headingId}>
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
            <button type="button" className="button" onClick={onRun} data-testid={`run-${cell.id}`} disabled={run.status === 'fresh'}>
              Run
            </button>
          )}
        </span>
      </div>
      <p className="cell-desc">{describeCell(def, params, paramsError)}</p>
      <div className="cell-body">
        <details className="params">
          <summary>Parameters</summary>
          <ParamsForm cellId={cell.id} def={def} values={(params ?? {}) as Record<string, unknown>} onChange={onParamChange} />
          {editingJson ? (
            <JsonEditor
              title={`Parameters of “${cell.title ?? def.title}” as JSON`}
              name={`cell-${cell.id}`}
              initial={params ?? {}}
              schema={paramsJsonSchema(def)}
              check={(value) => {
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
          {run.key && <p className="cell-meta">Cache key {run.key}</p>}
        </details>
        {run.status === 'running' && <LiveProgress runId={run.runId} progress={run.progress} />}
        {run.status === 'error' && <div className="error-box" role="alert">{run.error}</div>}
        {paramsError && <div className="error-box" role="alert">{paramsError}</div>}
        {View && run.output !== undefined && <View output={run.output} />}
        {artifacts.map((a) => (a.type === 'figure' ? <FigureView key={a.name} artifact={a} parametersHash={run.key} /> : <TableView key={a.name} artifact={a} />))}
        {run.status === 'idle' && <p className="cell-meta">Not run yet.</p>}
      </div>
    </section>
  );
}
