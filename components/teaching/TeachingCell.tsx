'use client';
import { memo, useMemo } from 'react';
import type { AnyCellDefinition } from '@/lib/notebook/define-cell';
import { resolveParams } from '@/lib/notebook/define-cell';
import type { ComputeCell } from '@/lib/notebook/notebook-schema';
import type { CellRunState } from '@/lib/notebook/state';
import { cellViewOf } from '@/components/cells/views';
import { FigureView } from '@/components/notebook/ArtifactView';

/** The smallest figure text in the teaching view, in px (readable from the back of a room). */
export const TEACHING_TEXT_PX = 14;

/**
 * One step of the teaching presentation: its title and view in large type, with no parameter
 * form, cache key or run button (those are behind "show the method"). A step waiting for the
 * models says so. Memoized like CellFrame: progress messages of other cells do not redraw it.
 */
export const TeachingCell = memo(TeachingCellView, (a, b) => a.cell === b.cell && a.def === b.def && a.run === b.run && a.inputs === b.inputs);

function TeachingCellView({ cell, def, run, inputs, onParamsReplace }: { cell: ComputeCell; def: AnyCellDefinition; run: CellRunState; inputs: Record<string, unknown>; onParamsReplace: (params: Record<string, unknown>) => void }) {
  const View = cellViewOf(def.kind);
  const output = run.output;
  const figures = useMemo(() => {
    if (output === undefined || !def.artifacts) return [];
    try {
      return def.artifacts(output, resolveParams(def, cell.params), inputs).filter((a) => a.type === 'figure');
    } catch {
      return [];
    }
  }, [output, def, cell.params, inputs]);
  const headingId = `teaching-title-${cell.id}`;
  const waiting = output === undefined && run.status !== 'error';
  return (
    <section className="teaching-cell" data-testid={`cell-${cell.id}`} data-status={run.status} aria-labelledby={headingId}>
      <h2 id={headingId}>{cell.title ?? def.title}</h2>
      {run.status === 'error' && (
        <div className="error-box" role="alert">
          {run.error}
        </div>
      )}
      {waiting && !def.paramsInView && <p className="cell-meta">{run.status === 'running' ? 'Working…' : 'Waiting for the model: press the button above (“Fit the model”).'}</p>}
      {View && (output !== undefined || def.paramsInView) && <View output={output} params={cell.params} onParamsReplace={onParamsReplace} updating={run.status === 'stale' || run.status === 'running'} />}
      {figures.map((a) => (a.type === 'figure' ? <FigureView key={a.name} artifact={a} screenTextPx={TEACHING_TEXT_PX} /> : null))}
    </section>
  );
}
